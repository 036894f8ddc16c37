/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * maintainers_source: where a MAINTAINERS comes from (a file, or REPO:REF:PATH read
 * with libgit2), and the thread-safe holder that reloads it when it changes (see
 * maintainers.h). When to look is the caller's business (the milter's maint_feed).
 */
#include <errno.h>
#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "maintainers.h"
#include "maintainers_impl.h"
#include "xalloc.h"

#define MT_MAX_FILE (64u << 20)

/* What identifies the loaded content: the blob id, or the file's size and time. */
typedef struct version {
    git_oid blob;
    off_t size;
    struct timespec mtime;
} version;

typedef struct spec {
    char *path;     /* the file, or the repository */
    char *revision; /* "REF:PATH" for git_revparse_single; NULL for a file */
} spec;

struct maintainers_source {
    pthread_mutex_t lock;
    spec where;
    maintainers *current;
    version loaded;
};

static void spec_free(spec *s)
{
    free(s->path);
    free(s->revision);
}

/* A path, or REPO:REF:PATH split at the last two colons when it is not a file. */
static int spec_parse(const char *text, spec *out, strbuf *err)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(text, &st) == 0 || !strchr(text, ':')) {
        out->path = xstrdup(text);
        return 0;
    }
    const char *last = strrchr(text, ':');
    const char *ref = last;
    while (ref > text && ref[-1] != ':')
        ref--;
    if (ref == text || ref == last || !last[1]) {
        sb_fail(err, "%s: neither a file nor REPOSITORY:REF:PATH", text);
        return -1;
    }
    out->path = xstrndup(text, (size_t)(ref - 1 - text));
    out->revision = xstrdup(ref);
    return 0;
}

static int git_fail(strbuf *err, const char *what, const spec *s)
{
    const git_error *e = git_error_last();
    sb_fail(err, "%s %s in %s: %s", what, s->revision, s->path,
            e && e->message ? e->message : "failed");
    return -1;
}

/* The blob REF:PATH names, and optionally its content. */
static int read_git(const spec *s, version *v, const version *unless, maintainers **out,
                    strbuf *err)
{
    git_repository *repo = NULL;
    git_object *obj = NULL;
    int rc = -1;
    if (git_repository_open_ext(&repo, s->path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
        rc = git_fail(err, "cannot open repository for", s);
        goto done;
    }
    if (git_revparse_single(&obj, repo, s->revision) < 0) {
        rc = git_fail(err, "cannot resolve", s);
        goto done;
    }
    if (git_object_type(obj) != GIT_OBJECT_BLOB) {
        sb_fail(err, "%s in %s is not a file", s->revision, s->path);
        goto done;
    }
    git_oid_cpy(&v->blob, git_object_id(obj));
    if (unless && git_oid_equal(&v->blob, &unless->blob)) {
        rc = 0;
        goto done;
    }
    const git_blob *blob = (const git_blob *)obj;
    git_object_size_t size = git_blob_rawsize(blob);
    if (size > MT_MAX_FILE) {
        sb_fail(err, "%s in %s: too large (%llu bytes)", s->revision, s->path,
                (unsigned long long)size);
        goto done;
    }
    rc = maintainers_load_buffer(git_blob_rawcontent(blob), (size_t)size, out, err);
done:
    git_object_free(obj);
    git_repository_free(repo);
    return rc;
}

static int read_file(const spec *s, version *v, const version *unless, maintainers **out,
                     strbuf *err)
{
    FILE *f = fopen(s->path, "rb");
    if (!f) {
        sb_fail(err, "%s: %s", s->path, strerror(errno));
        return -1;
    }
    struct stat st;
    int rc = -1;
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        sb_fail(err, "%s: not a regular file", s->path);
        goto done;
    }
    v->size = st.st_size;
    v->mtime = st.st_mtim;
    if (unless && unless->size == v->size && unless->mtime.tv_sec == v->mtime.tv_sec &&
        unless->mtime.tv_nsec == v->mtime.tv_nsec) {
        rc = 0;
        goto done;
    }
    if ((unsigned long long)st.st_size > MT_MAX_FILE) {
        sb_fail(err, "%s: too large (%lld bytes)", s->path, (long long)st.st_size);
        goto done;
    }
    char *text = xmalloc((size_t)st.st_size + 1);
    size_t got = fread(text, 1, (size_t)st.st_size, f);
    if (ferror(f))
        sb_fail(err, "%s: read error", s->path);
    else
        rc = maintainers_load_buffer(text, got, out, err);
    free(text);
done:
    fclose(f);
    return rc;
}

/* Loads the content unless its version equals *unless (then *out stays NULL). */
static int read_spec(const spec *s, version *v, const version *unless, maintainers **out,
                     strbuf *err)
{
    *out = NULL;
    memset(v, 0, sizeof *v);
    if (!s->revision)
        return read_file(s, v, unless, out, err);
    git_libgit2_init();
    int rc = read_git(s, v, unless, out, err);
    git_libgit2_shutdown();
    return rc;
}

int maintainers_load(const char *spec_text, maintainers **out, strbuf *err)
{
    spec s;
    version v;
    *out = NULL;
    if (spec_parse(spec_text, &s, err) < 0)
        return -1;
    int rc = read_spec(&s, &v, NULL, out, err);
    spec_free(&s);
    return rc;
}

int maintainers_source_open(const char *spec_text, maintainers_source **out, strbuf *err)
{
    *out = NULL;
    maintainers_source *src = xcalloc(1, sizeof *src);
    if (spec_parse(spec_text, &src->where, err) < 0 ||
        read_spec(&src->where, &src->loaded, NULL, &src->current, err) < 0) {
        spec_free(&src->where);
        free(src);
        return -1;
    }
    pthread_mutex_init(&src->lock, NULL);
    *out = src;
    return 0;
}

int maintainers_refresh(maintainers_source *src, strbuf *err)
{
    pthread_mutex_lock(&src->lock);
    version loaded = src->loaded;
    pthread_mutex_unlock(&src->lock);

    /* Outside the lock: matching threads keep using the current map meanwhile. */
    version v;
    maintainers *fresh = NULL;
    strbuf local = STRBUF_INIT;
    int rc = read_spec(&src->where, &v, &loaded, &fresh, err ? err : &local);
    sb_free(&local);

    maintainers *old = NULL;
    pthread_mutex_lock(&src->lock);
    if (rc == 0 && fresh) {
        old = src->current;
        src->current = fresh;
        src->loaded = v;
        rc = 1;
    }
    pthread_mutex_unlock(&src->lock);
    maintainers_free(old);
    return rc;
}

maintainers *maintainers_source_get(maintainers_source *src)
{
    pthread_mutex_lock(&src->lock);
    maintainers *m = src->current;
    atomic_fetch_add(&m->refs, 1);
    pthread_mutex_unlock(&src->lock);
    return m;
}

void maintainers_source_close(maintainers_source *src)
{
    if (!src)
        return;
    maintainers_free(src->current);
    spec_free(&src->where);
    pthread_mutex_destroy(&src->lock);
    free(src);
}
