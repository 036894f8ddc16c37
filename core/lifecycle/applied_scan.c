/* SPDX-License-Identifier: BSD-2-Clause */
/* applied_scan: a branch's new commits with their postings and patch-ids (see applied_scan.h). */
#include "applied_scan.h"

#include <git2.h>
#include <stdbool.h>
#include <string.h>

#include "patchid.h"
#include "trailers.h"

static int git_fail(strbuf *err, const char *what, const char *arg)
{
    const git_error *e = git_error_last();
    sb_fail(err, "%s '%s': %s", what, arg, e && e->message ? e->message : "unknown error");
    return -1;
}

/* The patch-id of the diff as it stands now, in hex; false when it has none. */
static bool diff_patch_id(git_diff *diff, char hex[APPLIED_HEX_LEN + 1])
{
    git_buf text = {0};
    bool ok = git_diff_to_buf(&text, diff, GIT_DIFF_FORMAT_PATCH) == 0 && text.size &&
              patchid_compute(text.ptr, text.size, hex) == 0;
    git_buf_dispose(&text);
    if (!ok)
        hex[0] = '\0';
    return ok;
}

/* The commit's patch-ids against its only parent: with renames found, and without. */
static void commit_patch_ids(git_repository *repo, git_commit *c, applied_commit *out)
{
    git_commit *parent = NULL;
    git_tree *old_tree = NULL, *new_tree = NULL;
    git_diff *diff = NULL;
    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.flags |= GIT_DIFF_SHOW_BINARY; /* format-patch writes binary patches */
    if (git_commit_parentcount(c) != 1 || git_commit_parent(&parent, c, 0) ||
        git_commit_tree(&old_tree, parent) || git_commit_tree(&new_tree, c) ||
        git_diff_tree_to_tree(&diff, repo, old_tree, new_tree, &opts))
        goto done;
    char plain[APPLIED_HEX_LEN + 1];
    diff_patch_id(diff, plain);
    git_diff_find_options find;
    git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
    find.flags = GIT_DIFF_FIND_RENAMES;
    if (git_diff_find_similar(diff, &find) == 0)
        diff_patch_id(diff, out->patch_ids[0]);
    if (!out->patch_ids[0][0])
        memcpy(out->patch_ids[0], plain, sizeof plain);
    else if (strcmp(plain, out->patch_ids[0]))
        memcpy(out->patch_ids[1], plain, sizeof plain);
done:
    git_diff_free(diff);
    git_tree_free(new_tree);
    git_tree_free(old_tree);
    git_commit_free(parent);
}

int applied_scan(const char *repo_path, const char *ref, const char *since, size_t max_commits,
                 applied_commit_fn *fn, void *arg, char tip[APPLIED_HEX_LEN + 1], strbuf *err)
{
    git_libgit2_init();
    git_oid last;
    /* read before tip is written: the caller may pass the same buffer */
    bool hide = since && strlen(since) == APPLIED_HEX_LEN && !git_oid_fromstr(&last, since);
    git_repository *repo = NULL;
    git_object *target = NULL;
    git_revwalk *walk = NULL;
    int status = -1;
    if (git_repository_open(&repo, repo_path)) {
        git_fail(err, "cannot open the git repository", repo_path);
        goto done;
    }
    if (git_revparse_single(&target, repo, ref)) {
        git_fail(err, "cannot read the ref", ref);
        goto done;
    }
    git_object *commit_obj = NULL;
    if (git_object_peel(&commit_obj, target, GIT_OBJECT_COMMIT)) {
        git_fail(err, "not a commit", ref);
        goto done;
    }
    git_oid head = *git_object_id(commit_obj);
    git_object_free(commit_obj);
    git_oid_tostr(tip, APPLIED_HEX_LEN + 1, &head);
    if (git_revwalk_new(&walk, repo) || git_revwalk_sorting(walk, GIT_SORT_TIME) ||
        git_revwalk_push(walk, &head)) {
        git_fail(err, "cannot walk", ref);
        goto done;
    }
    /* an earlier tip the repository no longer holds (a rewritten, collected branch)
       hides nothing: the walk starts over */
    if (hide)
        git_revwalk_hide(walk, &last);
    if (!max_commits)
        max_commits = APPLIED_SCAN_MAX;
    size_t n = 0;
    git_oid oid;
    status = 0;
    while (n < max_commits && git_revwalk_next(&oid, walk) == 0) {
        git_commit *c = NULL;
        if (git_commit_lookup(&c, repo, &oid))
            continue;
        applied_commit ac = {0};
        git_oid_tostr(ac.commit, sizeof ac.commit, &oid);
        ac.time = (long long)git_commit_time(c);
        const char *message = git_commit_message(c);
        if (message)
            trailers_posting_msgids(message, strlen(message), &ac.postings);
        commit_patch_ids(repo, c, &ac);
        git_commit_free(c);
        int stop = fn(arg, &ac);
        string_list_free(&ac.postings);
        n++;
        if (stop) {
            status = stop;
            goto done;
        }
    }
    status = (int)n;
done:
    git_revwalk_free(walk);
    git_object_free(target);
    git_repository_free(repo);
    return status;
}
