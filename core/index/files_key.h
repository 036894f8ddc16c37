/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * files_key: what the index keeps of the files a patch touches, to tell which patch of
 * an earlier version a retitled one continues: a short hash of each path, not the paths.
 *
 * SYNOPSIS
 *   char *key = files_key(&pf.files);          NULL: nothing to compare by
 *   files_relation rel = files_compare(a->files, b->files);
 *
 * DESCRIPTION
 *   files_key(): the 32-bit FNV-1a hash of each path as 8 lower-case hex digits, sorted,
 *   each once, separated by one space; then ';' and the same of each path's file name
 *   (its part after the last '/'). NULL when the list is empty or holds more than
 *   FILES_KEY_MAX paths (a tree-wide change tells nothing about one patch). A hash
 *   match is no proof that the paths are equal; a mismatch proves they differ.
 *   files_compare(): how two keys relate: the same paths, some in common, or none in
 *   common and no file name either (files moved to another directory are no evidence
 *   either way: FILES_UNKNOWN), FILES_UNKNOWN when either is NULL (a message without
 *   diff, a row recorded before schema 8). Linear in the keys' lengths.
 */
#ifndef PM_FILES_KEY_H
#define PM_FILES_KEY_H

#include "string_list.h"

#define FILES_KEY_MAX 64

typedef enum files_relation {
    FILES_DISJOINT = -1, /* no path in common */
    FILES_UNKNOWN = 0,
    FILES_OVERLAP = 1,   /* some paths in common */
    FILES_SAME = 2,      /* the same paths */
} files_relation;

char *files_key(const string_list *paths);
files_relation files_compare(const char *a, const char *b);

#endif
