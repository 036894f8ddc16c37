/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mail_source: reading messages from mbox files, Maildirs and public-inbox git
 * archives (see mail_source.h).
 */
#include "mail_source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mbox.h"
#include "xalloc.h"

typedef enum source_kind { SOURCE_MBOX, SOURCE_MAILDIR, SOURCE_GIT } source_kind;

#define MBOX_RELEASE_STEP (8u << 20)   /* give mapped mbox pages back every 8 MiB */
#define GIT_CACHE_BYTES (2 << 20)      /* libgit2 object cache */
#define GIT_WINDOW_BYTES (1 << 20)     /* one mapped pack window */
#define GIT_MAPPED_LIMIT (8 << 20)     /* all mapped pack windows */
#define GIT_REOPEN_EVERY 2000          /* messages read through one repository handle */

struct mail_source {
    source_kind kind;
    char *path;
    strbuf origin;
    strbuf copy; /* the message, when it is not read in place */

    /* mbox */
    char *map;
    size_t map_len;
    size_t pos;
    size_t released;
    unsigned long count;

    /* Maildir: names relative to path, in order */
    char **names;
    size_t nnames, names_cap, next_name;

    /* public-inbox: epochs in order, the commits of the current one (newest first) */
    char **epochs;
    size_t nepochs, epochs_cap, next_epoch;
    char *from, *to;
    bool started;    /* `from` was found (or there is none) */
    bool last_epoch; /* `to` was found: no epoch after this one */
    git_repository *repo;
    const char *epoch;
    struct commit_ref { git_oid commit, tree; } *commits; /* tree: read once, while listing */
    size_t ncommits, commits_cap;
    git_blob *blob;
    unsigned long reads;
    bool exhausted;
    unsigned long total; /* messages known at open (see mail_source_total); 0: unknown */
};

static int sys_fail(strbuf *err, const char *what, const char *path)
{
    sb_fail(err, "%s %s: %s", what, path, strerror(errno));
    return -1;
}

static int git_fail(strbuf *err, const char *what, const char *path)
{
    const git_error *e = git_error_last();
    sb_fail(err, "%s %s: %s", what, path, e && e->message ? e->message : "libgit2 error");
    return -1;
}

const char *mail_source_kind(const mail_source *src)
{
    switch (src->kind) {
    case SOURCE_MBOX: return "mbox";
    case SOURCE_MAILDIR: return "maildir";
    case SOURCE_GIT: return "public-inbox";
    }
    return "?";
}

unsigned long mail_source_total(const mail_source *src)
{
    return src->total;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *path_join(const char *a, const char *b)
{
    strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "%s/%s", a, b);
    return sb_detach(&sb);
}

static void list_add(char ***v, size_t *n, size_t *cap, char *s)
{
    *v = xgrow(*v, sizeof **v, *n + 1, cap);
    (*v)[(*n)++] = s;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Opens path for reading with the extra open flags and fills st: the descriptor, or -1
   with err set. */
static int open_to_read(const char *path, int flags, struct stat *st, strbuf *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
    if (fd >= 0 && fstat(fd, st) == 0)
        return fd;
    int e = errno;
    if (fd >= 0)
        close(fd);
    errno = e;
    return sys_fail(err, "cannot read", path);
}

/* ---- mbox ---- */

static int mbox_open(mail_source *src, strbuf *err)
{
    struct stat st;
    int fd = open_to_read(src->path, 0, &st, err);
    if (fd < 0)
        return -1;
    src->map_len = (size_t)st.st_size;
    if (src->map_len) {
        void *m = mmap(NULL, src->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            close(fd);
            return sys_fail(err, "cannot map", src->path);
        }
        src->map = m;
        madvise(m, src->map_len, MADV_SEQUENTIAL);
    }
    close(fd);
    return 0;
}

static int mbox_next_item(mail_source *src, mail_item *it, strbuf *err)
{
    mbox_span m;
    if (!src->map || !mbox_next(src->map, src->map_len, &src->pos, &m))
        return 0;
    /* pages before this message are done with: drop them from memory */
    long page = sysconf(_SC_PAGESIZE);
    size_t upto = m.from_line / (size_t)page * (size_t)page;
    if (upto >= src->released + MBOX_RELEASE_STEP) {
        madvise(src->map + src->released, upto - src->released, MADV_DONTNEED);
        src->released = upto;
    }
    src->count++;
    sb_reset(&src->origin);
    sb_addf(&src->origin, "%s:%lu", src->path, src->count);
    it->origin = src->origin.data;
    if (m.len > MAIL_SOURCE_MAX_MESSAGE) {
        sb_fail(err, "message of %zu bytes is too large", m.len);
        return -1;
    }
    if (m.quoted) {
        sb_reset(&src->copy);
        mbox_unquote(src->map + m.start, m.len, &src->copy);
        it->data = src->copy.data;
        it->len = src->copy.len;
    } else {
        it->data = src->map + m.start;
        it->len = m.len;
    }
    return 1;
}

/* ---- Maildir ---- */

/* Lists the messages of one folder: `folder` is "" (the Maildir) or ".name/". */
static int maildir_list(mail_source *src, const char *folder, strbuf *err)
{
    static const char *const subdirs[] = {"cur", "new"};
    for (size_t i = 0; i < 2; i++) {
        strbuf sub = STRBUF_INIT;
        sb_addf(&sub, "%s%s", folder, subdirs[i]);
        char *dir = path_join(src->path, sub.data);
        DIR *d = opendir(dir);
        if (!d) {
            int missing = errno == ENOENT;
            int rc = missing ? 0 : sys_fail(err, "cannot list", dir);
            free(dir);
            sb_free(&sub);
            if (rc < 0)
                return -1;
            continue;
        }
        struct dirent *e;
        while ((e = readdir(d)))
            if (e->d_name[0] != '.')
                list_add(&src->names, &src->nnames, &src->names_cap, path_join(sub.data, e->d_name));
        closedir(d);
        free(dir);
        sb_free(&sub);
    }
    return 0;
}

/* A Maildir and its Maildir++ folders (.name/ holding cur/ or new/), in name order. */
static int maildir_open(mail_source *src, strbuf *err)
{
    if (maildir_list(src, "", err) < 0)
        return -1;
    DIR *d = opendir(src->path);
    if (!d)
        return sys_fail(err, "cannot list", src->path);
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] != '.' || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        strbuf folder = STRBUF_INIT;
        sb_addf(&folder, "%s/", e->d_name);
        char *cur = path_join(src->path, e->d_name), *sub = path_join(cur, "cur");
        char *new = path_join(cur, "new");
        if (is_dir(sub) || is_dir(new))
            rc = maildir_list(src, folder.data, err);
        free(cur);
        free(sub);
        free(new);
        sb_free(&folder);
    }
    closedir(d);
    if (rc < 0)
        return -1;
    if (src->nnames)
        qsort(src->names, src->nnames, sizeof *src->names, by_name);
    return 0;
}

static int read_file(const char *path, strbuf *out, strbuf *err)
{
    struct stat st;
    int fd = open_to_read(path, O_NONBLOCK, &st, err); /* a FIFO must not block us */
    if (fd < 0)
        return -1;
    int rc = 0;
    if (!S_ISREG(st.st_mode)) {
        sb_fail(err, "%s is not a file", path);
        rc = -1;
    } else if ((size_t)st.st_size > MAIL_SOURCE_MAX_MESSAGE) {
        sb_fail(err, "message of %lld bytes is too large", (long long)st.st_size);
        rc = -1;
    }
    sb_reset(out);
    char chunk[65536];
    ssize_t n;
    while (rc == 0 && (n = read(fd, chunk, sizeof chunk)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            rc = sys_fail(err, "cannot read", path);
        } else if (out->len + (size_t)n > MAIL_SOURCE_MAX_MESSAGE) {
            sb_fail(err, "%s grew too large while read", path);
            rc = -1;
        } else {
            sb_add(out, chunk, (size_t)n);
        }
    }
    close(fd);
    return rc;
}

static int maildir_next_item(mail_source *src, mail_item *it, strbuf *err)
{
    if (src->next_name >= src->nnames)
        return 0;
    sb_reset(&src->origin);
    sb_addf(&src->origin, "%s/%s", src->path, src->names[src->next_name++]);
    it->origin = src->origin.data;
    if (read_file(src->origin.data, &src->copy, err) < 0)
        return -1;
    it->data = src->copy.data ? src->copy.data : "";
    it->len = src->copy.len;
    return 1;
}

/* ---- public-inbox git ---- */

static bool is_epoch_name(const char *name)
{
    size_t digits = strspn(name, "0123456789");
    return digits > 0 && digits < 10 && !strcmp(name + digits, ".git");
}

static int by_epoch_number(const void *a, const void *b)
{
    const char *x = strrchr(*(char *const *)a, '/') + 1, *y = strrchr(*(char *const *)b, '/') + 1;
    long nx = strtol(x, NULL, 10), ny = strtol(y, NULL, 10);
    return (nx > ny) - (nx < ny);
}

static int inbox_open(mail_source *src, const char *gitdir, strbuf *err)
{
    DIR *d = opendir(gitdir);
    if (!d)
        return sys_fail(err, "cannot list", gitdir);
    struct dirent *e;
    while ((e = readdir(d)))
        if (is_epoch_name(e->d_name))
            list_add(&src->epochs, &src->nepochs, &src->epochs_cap, path_join(gitdir, e->d_name));
    closedir(d);
    if (!src->nepochs) {
        sb_fail(err, "%s holds no epoch (N.git)", gitdir);
        return -1;
    }
    qsort(src->epochs, src->nepochs, sizeof *src->epochs, by_epoch_number);
    return 0;
}

/* Resolves spec to a commit of repo; 1 found, 0 not in this repository. */
static int resolve_commit(git_repository *repo, const char *spec, git_oid *out)
{
    git_object *obj = NULL, *commit = NULL;
    int found = git_revparse_single(&obj, repo, spec) == 0 &&
                git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0;
    if (found)
        git_oid_cpy(out, git_object_id(commit));
    git_object_free(commit);
    git_object_free(obj);
    return found;
}

/*
 * A public-inbox commit's tree holds the message as `m` (or a deletion as `d`): a
 * repository whose newest commit has neither is some other git repository. Returns 1,
 * or -1 saying so.
 */
static int is_inbox_commit(mail_source *src, const struct commit_ref *ref, strbuf *err)
{
    git_tree *tree;
    if (git_tree_lookup(&tree, src->repo, &ref->tree) < 0)
        return git_fail(err, "cannot read a tree of", src->epoch);
    bool inbox = git_tree_entry_byname(tree, "m") || git_tree_entry_byname(tree, "d");
    git_tree_free(tree);
    if (inbox)
        return 1;
    sb_reset(err);
    sb_addf(err, "%s is a git repository, not a public-inbox archive (its commits hold no "
            "message file `m`)", src->epoch);
    return -1;
}

/*
 * Opens the next epoch and lists its commits to read, newest first, following first
 * parents. Returns 1 when an epoch was loaded, 0 when none is left, -1 on error.
 */
static int load_epoch(mail_source *src, strbuf *err)
{
    while (src->next_epoch < src->nepochs && !src->last_epoch) {
        git_repository_free(src->repo);
        src->repo = NULL;
        src->ncommits = 0;
        src->epoch = src->epochs[src->next_epoch++];
        if (git_repository_open_bare(&src->repo, src->epoch) < 0)
            return git_fail(err, "cannot open", src->epoch);
        git_oid tip, hide;
        bool hiding = false;
        if (!src->started) {
            if (!resolve_commit(src->repo, src->from, &hide))
                continue; /* `from` is in a later epoch */
            hiding = src->started = true;
        }
        if (src->to && resolve_commit(src->repo, src->to, &tip))
            src->last_epoch = true;
        else if (!resolve_commit(src->repo, "HEAD", &tip))
            continue; /* an empty epoch */
        git_oid id = tip;
        for (;;) {
            if (hiding && git_oid_equal(&id, &hide))
                break;
            git_commit *c;
            if (git_commit_lookup(&c, src->repo, &id) < 0)
                return git_fail(err, "cannot read a commit of", src->epoch);
            src->commits = xgrow(src->commits, sizeof *src->commits, src->ncommits + 1, &src->commits_cap);
            git_oid_cpy(&src->commits[src->ncommits].commit, &id);
            git_oid_cpy(&src->commits[src->ncommits++].tree, git_commit_tree_id(c));
            unsigned parents = git_commit_parentcount(c);
            if (parents)
                git_oid_cpy(&id, git_commit_parent_id(c, 0));
            git_commit_free(c);
            if (!parents) {
                if (hiding) {
                    sb_fail(err, "%s: %s is not an ancestor of %s", src->epoch, src->from,
                            src->to ? src->to : "HEAD");
                    return -1;
                }
                break;
            }
        }
        return src->ncommits ? is_inbox_commit(src, &src->commits[0], err) : 1;
    }
    if (!src->started) {
        sb_fail(err, "%s: no epoch holds %s", src->path, src->from);
        return -1;
    }
    return 0;
}

static int git_next_item(mail_source *src, mail_item *it, strbuf *err)
{
    git_blob_free(src->blob);
    src->blob = NULL;
    for (;;) {
        while (!src->ncommits) {
            if (src->exhausted)
                return 0;
            int rc = load_epoch(src, err);
            if (rc <= 0) {
                src->exhausted = true; /* an error ends the source */
                it->origin = src->path;
                return rc;
            }
        }
        if (++src->reads % GIT_REOPEN_EVERY == 0) {
            /* what libgit2 keeps per handle (pack index pages touched by the lookups,
               its caches) grows with what was read: a fresh handle bounds it
               (fscrypt: peak RSS 44 MB without, 35 MB with a handle every 2000) */
            git_repository *fresh;
            if (git_repository_open_bare(&fresh, src->epoch) == 0) {
                git_repository_free(src->repo);
                src->repo = fresh;
            }
        }
        const struct commit_ref *ref = &src->commits[--src->ncommits];
        char hex[GIT_OID_HEXSZ + 1];
        git_oid_tostr(hex, sizeof hex, &ref->commit);
        sb_reset(&src->origin);
        sb_addf(&src->origin, "%s:%s", src->epoch, hex);
        it->origin = src->origin.data;
        git_tree *tree = NULL;
        int rc = 0;
        if (git_tree_lookup(&tree, src->repo, &ref->tree) < 0) {
            rc = git_fail(err, "cannot read the tree of", hex);
        } else {
            const git_tree_entry *m = git_tree_entry_byname(tree, "m");
            if (!m)
                rc = 1; /* a deletion ("d"), not a message */
            else if (git_blob_lookup(&src->blob, src->repo, git_tree_entry_id(m)) < 0)
                rc = git_fail(err, "cannot read the message of", hex);
        }
        git_tree_free(tree);
        if (rc == 1)
            continue;
        if (rc < 0)
            return -1;
        git_object_size_t size = git_blob_rawsize(src->blob);
        if (size > MAIL_SOURCE_MAX_MESSAGE) {
            sb_fail(err, "message of %llu bytes is too large", (unsigned long long)size);
            return -1;
        }
        it->data = git_blob_rawcontent(src->blob);
        it->len = (size_t)size;
        return 1;
    }
}

static void limit_git_memory(void)
{
    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)GIT_CACHE_BYTES);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)GIT_WINDOW_BYTES);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)GIT_MAPPED_LIMIT);
    /* objects are read once, by id from their own pack: re-hashing each costs a third
       of the reading time and guards against nothing a corrupt pack's CRC does not */
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

/* ---- the source ---- */

int mail_source_open(const char *path, const mail_source_options *opt, mail_source **out,
                     strbuf *err)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) < 0)
        return sys_fail(err, "cannot open", path);
    mail_source *src = xcalloc(1, sizeof *src);
    src->path = xstrdup(path);
    src->from = opt && opt->from ? xstrdup(opt->from) : NULL;
    src->to = opt && opt->to ? xstrdup(opt->to) : NULL;
    src->started = !src->from;
    int rc;
    char *cur = path_join(path, "cur"), *new = path_join(path, "new"), *git = path_join(path, "git");
    if (S_ISREG(st.st_mode)) {
        src->kind = SOURCE_MBOX;
        rc = mbox_open(src, err);
    } else if (!S_ISDIR(st.st_mode)) {
        sb_fail(err, "%s is neither a file nor a directory", path);
        rc = -1;
    } else if (is_dir(cur) || is_dir(new)) {
        src->kind = SOURCE_MAILDIR;
        rc = maildir_open(src, err);
        src->total = src->nnames;
    } else {
        src->kind = SOURCE_GIT;
        git_libgit2_init();
        limit_git_memory();
        if (is_dir(git)) {
            rc = inbox_open(src, git, err);
        } else {
            list_add(&src->epochs, &src->nepochs, &src->epochs_cap, xstrdup(path));
            git_repository *probe;
            rc = git_repository_open_bare(&probe, path);
            if (rc < 0) {
                sb_fail(err, "%s is not an mbox, a Maildir or a public-inbox archive", path);
            }
            git_repository_free(probe);
        }
        if (rc == 0 && (rc = load_epoch(src, err)) >= 0) /* checks --from and --to now */
            src->exhausted = rc == 0;
        if (rc >= 0 && (src->nepochs == 1 || src->last_epoch))
            src->total = src->ncommits; /* the only epoch to read */
    }
    if ((src->from || src->to) && src->kind != SOURCE_GIT && rc >= 0) {
        sb_fail(err, "%s: --from and --to apply to public-inbox archives only", path);
        rc = -1;
    }
    free(cur);
    free(new);
    free(git);
    if (rc < 0) {
        mail_source_close(src);
        return -1;
    }
    *out = src;
    return 0;
}

int mail_source_next(mail_source *src, mail_item *it, strbuf *err)
{
    memset(it, 0, sizeof *it);
    switch (src->kind) {
    case SOURCE_MBOX: return mbox_next_item(src, it, err);
    case SOURCE_MAILDIR: return maildir_next_item(src, it, err);
    case SOURCE_GIT: return git_next_item(src, it, err);
    }
    return 0;
}

void mail_source_close(mail_source *src)
{
    if (!src)
        return;
    if (src->map)
        munmap(src->map, src->map_len);
    for (size_t i = 0; i < src->nnames; i++)
        free(src->names[i]);
    free(src->names);
    for (size_t i = 0; i < src->nepochs; i++)
        free(src->epochs[i]);
    free(src->epochs);
    if (src->kind == SOURCE_GIT) {
        git_blob_free(src->blob);
        git_repository_free(src->repo);
        git_libgit2_shutdown();
    }
    free(src->commits);
    free(src->from);
    free(src->to);
    free(src->path);
    sb_free(&src->origin);
    sb_free(&src->copy);
    free(src);
}
