/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * json: JSON strings written by hand (there is no JSON library among our dependencies),
 * valid whatever bytes they are made of.
 *
 * SYNOPSIS
 *   sb_adds(&sb, "{\"title\":");
 *   json_add_string(&sb, title);
 *
 * DESCRIPTION
 *   json_add_string() appends `s` as a JSON string (RFC 8259) in double quotes, NULL
 *   as null. A quote and a backslash are escaped (\" \\), the C0 controls as \b \f \n
 *   \r \t or \u00XX, and DEL and the C1 controls (U+0080-U+009F) as \u00XX too, so that
 *   a script that prints a value puts no control on a terminal; each byte that is not
 *   part of well-formed UTF-8 (utf8.h) is written as \ufffd, so that the output is
 *   always UTF-8 a JSON parser accepts. Every other character is copied as it is.
 */
#ifndef PM_JSON_H
#define PM_JSON_H

#include "strbuf.h"

void json_add_string(strbuf *sb, const char *s);

#endif
