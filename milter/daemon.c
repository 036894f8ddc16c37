/* SPDX-License-Identifier: BSD-2-Clause */
/* daemon: start-up, privilege drop, signals and main loop of the milter (see daemon.h). */
#include "daemon.h"

#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "applied_feed.h"
#include "callbacks.h"
#include "pmlog.h"
#include "xalloc.h"

typedef struct run_user {
    uid_t uid;
    gid_t gid;
    char *name;
    char *home; /* HOME after the switch (libgit2 reads $HOME/.gitconfig) */
} run_user;

/* The path of a unix:/local: socket spec, NULL for inet sockets. */
static const char *unix_socket_path(const char *spec)
{
    if (!strncmp(spec, "unix:", 5))
        return spec + 5;
    if (!strncmp(spec, "local:", 6))
        return spec + 6;
    if (spec[0] == '/')
        return spec;
    return NULL;
}

/* Removes a Unix socket nobody answers on; fails when a live process owns it. */
static int clean_stale_socket(const char *path, strbuf *err)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : sb_fail(err, "%s: %s", path, strerror(errno));
    if (!S_ISSOCK(st.st_mode)) {
        sb_fail(err, "%s exists and is not a socket", path);
        return -1;
    }
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof sun.sun_path) {
        sb_fail(err, "%s: socket path too long", path);
        return -1;
    }
    strcpy(sun.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        sb_fail(err, "socket: %s", strerror(errno));
        return -1;
    }
    int rc = connect(fd, (struct sockaddr *)&sun, sizeof sun);
    int saved = errno;
    close(fd);
    if (rc == 0) {
        sb_fail(err, "%s is in use by a running milter", path);
        return -1;
    }
    if (saved != ECONNREFUSED) {
        sb_fail(err, "%s: %s", path, strerror(saved));
        return -1;
    }
    if (unlink(path) < 0 && errno != ENOENT) {
        sb_fail(err, "%s: cannot remove stale socket: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int resolve_user(const char *spec, run_user *out, strbuf *err)
{
    char *name = xstrdup(spec);
    char *group = strchr(name, ':');
    if (group)
        *group++ = '\0';
    struct passwd *pw = getpwnam(name);
    if (!pw) {
        sb_fail(err, "UserID: no such user '%s'", name);
        free(name);
        return -1;
    }
    out->uid = pw->pw_uid;
    out->gid = pw->pw_gid;
    char *home = xstrdup(pw->pw_dir && *pw->pw_dir ? pw->pw_dir : "/");
    if (group) {
        struct group *gr = getgrnam(group);
        if (!gr) {
            sb_fail(err, "UserID: no such group '%s'", group);
            free(name);
            free(home);
            return -1;
        }
        out->gid = gr->gr_gid;
    }
    out->name = name;
    out->home = home;
    return 0;
}

static int drop_privileges(const run_user *u, strbuf *err)
{
    if (initgroups(u->name, u->gid) < 0 || setgid(u->gid) < 0 || setuid(u->uid) < 0) {
        sb_fail(err, "cannot switch to user %s: %s", u->name, strerror(errno));
        return -1;
    }
    if (u->uid != 0 && (setuid(0) == 0 || geteuid() == 0)) {
        sb_fail(err, "root privileges could be regained after switching to %s", u->name);
        return -1;
    }
    if (setenv("HOME", u->home, 1) < 0) {
        sb_fail(err, "cannot set HOME: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* The PidFile written at start-up, removed at exit (when the directory allows it). */
static char *pid_file;
/* The Socket being served, to wake its listener at the stop. */
static char *listen_spec;
#define WAKE_TRIES 50                /* connections made to stop, at most */
#define WAKE_INTERVAL_NS 20000000L   /* between them: 20 ms */
#define DRAIN_TRIES 500              /* looks at the messages in progress, at most */
#define DRAIN_INTERVAL_NS 10000000L  /* between them: 10 ms (5 s in all) */
/* The Unix socket opened at start-up, removed when start-up fails after opening it
 * (libmilter removes it itself when smfi_main() ends). */
static char *opened_socket;

static int write_pid_file(const char *path, strbuf *err)
{
    FILE *f = fopen(path, "w");
    if (!f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f) != 0) {
        sb_fail(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    pid_file = xstrdup(path);
    return 0;
}

/*
 * Makes libmilter's listener look up from its poll(): it holds a lock there that
 * smfi_stop() needs, for up to five seconds between looks at new connections. A
 * connection to the socket (the returned descriptor, -1 if none could be started; the
 * caller closes it after smfi_stop()) ends the wait at once. A wildcard address is
 * reached on loopback.
 */
static int wake_listener(const char *spec)
{
    const char *path = unix_socket_path(spec);
    if (path) {
        struct sockaddr_un sun = {.sun_family = AF_UNIX};
        if (strlen(path) >= sizeof sun.sun_path)
            return -1;
        strcpy(sun.sun_path, path);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&sun, sizeof sun) < 0 && errno != EAGAIN) {
            close(fd);
            fd = -1;
        }
        return fd;
    }
    bool v6 = !strncmp(spec, "inet6:", 6);
    if (!v6 && strncmp(spec, "inet:", 5))
        return -1;
    char *port = xstrdup(spec + (v6 ? 6 : 5));
    char *host = strchr(port, '@');
    if (host)
        *host++ = '\0';
    if (host && *host == '[') { /* [address] */
        host++;
        host[strcspn(host, "]")] = '\0';
    }
    if (!host || !*host || !strcmp(host, "0.0.0.0") || !strcmp(host, "::") || !strcmp(host, "*"))
        host = v6 ? "::1" : "127.0.0.1";
    struct addrinfo hints = {.ai_family = v6 ? AF_INET6 : AF_INET, .ai_socktype = SOCK_STREAM};
    struct addrinfo *ai = NULL;
    int fd = -1;
    if (getaddrinfo(host, port, &hints, &ai) == 0) {
        fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS) {
            close(fd);
            fd = -1;
        }
        freeaddrinfo(ai);
    }
    free(port);
    return fd;
}

static void *stop_milter(void *arg)
{
    (void)arg;
    smfi_stop();
    return NULL;
}

/* Stops libmilter's main loop without waiting for its listener's next look: smfi_stop()
   on a thread of its own, and connections to the socket until it returns (one that
   arrives before smfi_stop() has said "stop" wakes the listener only to see it poll
   again). */
static void stop_serving(void)
{
    pthread_t stopper;
    if (pthread_create(&stopper, NULL, stop_milter, NULL) != 0) {
        smfi_stop();
        return;
    }
    for (int i = 0; i < WAKE_TRIES; i++) {
        int wake = wake_listener(listen_spec);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += WAKE_INTERVAL_NS;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        int rc = pthread_timedjoin_np(stopper, NULL, &until);
        if (wake >= 0)
            close(wake);
        if (rc == 0)
            return;
    }
    pthread_join(stopper, NULL); /* libmilter's own pace: at most five seconds */
}

/* Before the stop: the messages in flight are finished (up to five seconds), then one
   more interval lets libmilter send the last replies. Once stopped, libmilter serves
   no connection any more (Debian's builds it with a pool of workers whose controller
   quits): a message cut off there is the MTA's to retry (milter_default_action). */
static void drain(void)
{
    const struct timespec interval = {0, DRAIN_INTERVAL_NS};
    if (!pm_messages_in_progress())
        return;
    for (int i = 0; i < DRAIN_TRIES && pm_messages_in_progress(); i++)
        nanosleep(&interval, NULL);
    nanosleep(&interval, NULL);
}

/* libmilter's main loop, on a thread of its own: the main thread takes the signals. */
typedef struct server {
    pthread_t main_thread;
    int status;
} server;

static void *serve(void *arg)
{
    server *sv = arg;
    sv->status = smfi_main() == MI_SUCCESS ? 0 : 1;
    /* It may also end on its own (its socket failed, or libmilter took the signal):
       the main thread stops then. */
    pthread_kill(sv->main_thread, SIGTERM);
    return NULL;
}

/* Where a setting came from, for a message: "FILE:LINE: ", or "command line: ". */
static void setting_origin(const pm_runtime_source *src, unsigned line, strbuf *sb)
{
    if (src->config_path && line)
        sb_addf(sb, "%s:%u: ", src->config_path, line);
    else
        sb_adds(sb, "command line: ");
}

/* The UserID's user and group, an error naming where UserID was set. */
static int resolve_user_setting(const pm_runtime_source *src, const pm_config *cfg,
                                run_user *user, strbuf *err)
{
    strbuf why = STRBUF_INIT;
    int rc = resolve_user(cfg->user_id, user, &why);
    if (rc < 0) {
        setting_origin(src, cfg->user_id_line, err);
        sb_adds(err, why.data);
    }
    sb_free(&why);
    return rc;
}

/* Settings that only start-up reads; the index is not opened here. A Unix socket's
   directory must exist (the milter cannot make it). */
static int read_settings(const pm_runtime_source *src, pm_runtime **out, strbuf *err)
{
    if (pm_runtime_build(src, false, out, err) < 0)
        return -1;
    const pm_config *cfg = &(*out)->cfg;
    if (!cfg->socket) {
        sb_fail(err, "%s: no Socket given (set Socket or use -p)",
                src->config_path ? src->config_path : "command line");
        goto fail;
    }
    const char *path = unix_socket_path(cfg->socket);
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (slash && slash != path) {
        char *dir = xstrndup(path, (size_t)(slash - path));
        struct stat st;
        bool missing = stat(dir, &st) < 0 || !S_ISDIR(st.st_mode);
        if (missing) {
            setting_origin(src, cfg->socket_line, err);
            sb_addf(err, "Socket %s: no directory %s", cfg->socket, dir);
        }
        free(dir);
        if (missing)
            goto fail;
    }
    return 0;
fail:
    pm_runtime_discard(*out);
    *out = NULL;
    return -1;
}

int pm_daemon_check(const pm_runtime_source *src)
{
    strbuf err = STRBUF_INIT;
    pm_runtime *rt;
    run_user user = {0};
    if (read_settings(src, &rt, &err) < 0 ||
        (rt->cfg.user_id && resolve_user_setting(src, &rt->cfg, &user, &err) < 0)) {
        fprintf(stderr, "patchmilter: %s\n", err.data);
        pm_runtime_discard(rt);
        sb_free(&err);
        return 1;
    }
    free(user.name);
    free(user.home);
    printf("patchmilter: %s: configuration OK\n", src->config_path ? src->config_path : "defaults");
    pm_runtime_discard(rt);
    sb_free(&err);
    return 0;
}

static int start(const pm_runtime_source *src, bool foreground, run_user *user, strbuf *err)
{
    pm_runtime *settings;
    if (read_settings(src, &settings, err) < 0)
        return -1;
    const pm_config *cfg = &settings->cfg;
    int rc = -1;
    bool as_root = geteuid() == 0;
    const char *sock_path = unix_socket_path(cfg->socket);

    if (as_root && !cfg->user_id) {
        sb_fail(err, "refusing to run as root: set UserID");
        goto out;
    }
    if (cfg->user_id && resolve_user_setting(src, cfg, user, err) < 0)
        goto out;
    if (cfg->user_id && !as_root && user->uid != geteuid()) {
        sb_fail(err, "UserID %s needs start-up as root", cfg->user_id);
        goto out;
    }
    if (cfg->umask >= 0)
        umask((mode_t)cfg->umask);
    if (sock_path && clean_stale_socket(sock_path, err) < 0)
        goto out;
    char *spec = xstrdup(cfg->socket);
    /* Timeout: how long a session may leave us waiting for its next bytes; libmilter's
       own 7210 s let stalled sessions pin their worker threads for two hours */
    int ok = smfi_setconn(spec) == MI_SUCCESS && smfi_register(pm_filter_description) == MI_SUCCESS &&
             smfi_settimeout((int)cfg->timeout) == MI_SUCCESS && smfi_opensocket(false) == MI_SUCCESS;
    free(spec);
    if (!ok) {
        sb_fail(err, "cannot open socket %s", cfg->socket);
        goto out;
    }
    if (sock_path)
        opened_socket = xstrdup(sock_path);
    listen_spec = xstrdup(cfg->socket);
    if (sock_path && user->name && chown(sock_path, user->uid, user->gid) < 0) {
        sb_fail(err, "%s: chown: %s", sock_path, strerror(errno));
        goto out;
    }
    bool background = cfg->background && !foreground;
    if (background && daemon(0, 0) < 0) {
        sb_fail(err, "cannot detach: %s", strerror(errno));
        goto out;
    }
    if (cfg->pid_file && write_pid_file(cfg->pid_file, err) < 0)
        goto out;
    if (user->name && as_root && drop_privileges(user, err) < 0)
        goto out;
    bool use_syslog = cfg->syslog == PM_YES || (cfg->syslog == PM_UNSET && background);
    pm_log_open(use_syslog, pm_syslog_facility_code(cfg->syslog_facility));
    rc = 0;
out:
    pm_runtime_discard(settings);
    return rc;
}

/* The start-up notice: what the daemon serves, and with what (its socket, its index,
   its MAINTAINERS and how many sections it holds), so that the log shows a missing one. */
static void log_started(void)
{
    pm_runtime *rt = pm_runtime_acquire();
    const pm_config *cfg = &rt->cfg;
    strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "patchmilter started (pid %ld) on %s; ", (long)getpid(), cfg->socket);
    /* a PostgreSQL URI may carry a password, which the log must not show */
    const char *index = cfg->index && pm_index_location_has_password(cfg->index)
                            ? "(a PostgreSQL URI with a password, not shown)" : cfg->index;
    if (rt->index)
        sb_addf(&sb, "index %s", index);
    else if (cfg->index)
        sb_addf(&sb, "index %s NOT usable", index);
    else
        sb_adds(&sb, "no index");
    maintainers *m = rt->maintainers ? pm_maint_feed_get(rt->maintainers, time(NULL)) : NULL;
    if (m) {
        maint_stats st;
        maintainers_stats(m, &st);
        sb_addf(&sb, "; MAINTAINERS %s: %zu sections", cfg->maintainers, st.sections);
        maintainers_free(m);
    } else if (cfg->maintainers) {
        sb_addf(&sb, "; MAINTAINERS %s NOT loaded", cfg->maintainers);
    } else {
        sb_adds(&sb, "; no MAINTAINERS");
    }
    pm_log(LOG_NOTICE, "%s", sb.data);
    sb_free(&sb);
    pm_runtime_release(rt);
}

int pm_daemon_run(const pm_runtime_source *src, bool foreground)
{
    /* Blocked in every thread, taken by the main thread with sigwait(): SIGUSR1
     * reloads; SIGTERM, SIGHUP and SIGINT stop. libmilter's signal thread waits for
     * the last three too, but Linux hands a signal sent to the process to its main
     * thread when that thread is waiting for it; one that libmilter takes (the main
     * thread busy reloading) stops its loop at its own pace, and serve() then tells
     * the main thread. */
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGUSR1);
    sigaddset(&signals, SIGHUP);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    strbuf err = STRBUF_INIT;
    run_user user = {0};
    int status = 1;
    if (start(src, foreground, &user, &err) < 0) {
        pm_log(LOG_ERR, "%s", err.data);
        goto out;
    }
    pm_runtime *rt;
    if (pm_runtime_build(src, true, &rt, &err) < 0) {
        pm_log(LOG_ERR, "%s", err.data);
        goto out;
    }
    pm_runtime_install(rt);
    pm_runtime_set_source(src);
    server sv = {.main_thread = pthread_self(), .status = 1};
    pthread_t server_thread;
    if (pthread_create(&server_thread, NULL, serve, &sv) != 0) {
        pm_log(LOG_ERR, "cannot start the milter thread");
        pm_runtime_shutdown();
        goto out;
    }
    log_started();
    pm_applied_feed_start();
    free(opened_socket);
    opened_socket = NULL;
    for (;;) {
        int sig;
        if (sigwait(&signals, &sig) != 0)
            continue;
        if (sig != SIGUSR1)
            break;
        pm_runtime_reload();
    }
    pm_applied_feed_stop();
    drain();
    stop_serving();
    pthread_join(server_thread, NULL);
    status = sv.status;
    pm_log(LOG_NOTICE, "patchmilter stopped");
    pm_runtime_set_source(NULL);
    pm_runtime_shutdown();
out:
    if (opened_socket) {
        unlink(opened_socket);
        free(opened_socket);
        opened_socket = NULL;
    }
    if (pid_file) {
        unlink(pid_file);
        free(pid_file);
        pid_file = NULL;
    }
    free(listen_spec);
    listen_spec = NULL;
    free(user.name);
    free(user.home);
    sb_free(&err);
    pm_log_close();
    return status;
}
