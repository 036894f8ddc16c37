/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * config: the milter daemon's configuration file (patchmilter.conf(5)), parsed into a
 * struct with defaults. Pure: no I/O beyond reading the file, no side effects.
 *
 * SYNOPSIS
 *   pm_config cfg;
 *   pm_config_init(&cfg);                       all defaults
 *   strbuf err = STRBUF_INIT;
 *   if (pm_config_load(&cfg, "/etc/patchmilter.conf", &err) < 0)
 *       ... err.data is "FILE:LINE: what is wrong" ...
 *   ... cfg.socket, cfg.index, cfg.header_prefix ...
 *   pm_config_free(&cfg);
 *
 * DESCRIPTION
 *   One "Key value" per line; keys are matched ignoring case; "#" starts a comment
 *   (at the start of a line or after white space); blank lines are ignored; the value
 *   is the rest of the line, trimmed. Booleans are judged by their first character
 *   (T t Y y 1 true, F f N n 0 false). A key given twice keeps its last value. An
 *   unknown key, a missing value or a bad value (a Socket of an unknown type, a port
 *   outside 1-65535) is an error naming FILE:LINE. What only the system can tell (a
 *   UserID's user, a Socket's directory) is checked by the daemon, which names the
 *   line from socket_line and user_id_line.
 *   pm_config_parse() parses text already in memory; `name` is used in messages.
 *   On error the struct keeps the values set before the bad line; free it anyway.
 *   pm_config_set() applies one key as the parser does (used for command-line overrides).
 *   pm_config_list_matches() says whether a List-Id value passes the Lists filter:
 *   true when Lists is unset, else when the id (the part in angle brackets, or the
 *   whole trimmed value) equals one of the listed ids, ignoring case.
 *   Me and Bot repeat: each line adds an address of the reader (me.h) or a bot rule
 *   "NAME ADDRESS-PATTERN" (bots.h); they are not replaced.
 */
#ifndef PM_CONFIG_H
#define PM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "bots.h"
#include "me.h"
#include "strbuf.h"
#include "string_list.h"

#define PM_DEFAULT_MAX_MESSAGE_SIZE ((size_t)32 * 1024 * 1024)
#define PM_DEFAULT_MAINTAINERS_CHECK_INTERVAL 60u /* seconds */
#define PM_MAX_MAINTAINERS_CHECK_INTERVAL 86400u
#define PM_DEFAULT_MAX_SUBSYSTEMS 5u
#define PM_MAX_MAX_SUBSYSTEMS 100u
/* A HeaderPrefix's longest: with our longest name and a long value a field stays far
   below the 998 bytes a line may have (RFC 5322 2.1.1). */
#define PM_MAX_PREFIX_LEN 64u
#define PM_DEFAULT_TIMEOUT 5u /* seconds, as OpenDKIM's Timeout; below Postfix's
                                 milter_command_timeout (30 s) */
#define PM_MAX_TIMEOUT 86400u
#define PM_DEFAULT_APPLIED_CHECK_INTERVAL 300u /* seconds */

typedef enum pm_on_error {
    PM_ON_ERROR_ACCEPT = 0, /* pass the message on without our fields */
    PM_ON_ERROR_TEMPFAIL,   /* ask the MTA to try again later */
} pm_on_error;

typedef enum pm_tristate {
    PM_UNSET = -1,
    PM_NO = 0,
    PM_YES = 1,
} pm_tristate;

typedef struct pm_config {
    char *socket;            /* libmilter syntax; NULL: none configured */
    char *user_id;           /* "user" or "user:group"; NULL: none */
    unsigned socket_line, user_id_line; /* where the file set them; 0: not the file */
    int umask;               /* -1: leave the process umask alone */
    char *pid_file;          /* NULL: none */
    char *index;             /* SQLite index path; NULL: annotate without index */
    char *maintainers;       /* MAINTAINERS spec; NULL: no subsystem tags */
    unsigned maintainers_check_interval; /* seconds between looks at it; 0: every message */
    unsigned max_subsystems; /* Subsystem fields per message, 1..100; default 5 */
    char *trusted_authserv_id; /* our border's Authentication-Results id; NULL: none */
    char *header_prefix;     /* never NULL: "X-Patch-" by default */
    pm_tristate syslog;      /* unset: syslog when in the background, stderr in front */
    char *syslog_facility;   /* never NULL: "mail" by default */
    pm_on_error on_internal_error; /* default accept */
    size_t max_message_size; /* bytes buffered per message */
    bool background;         /* default true; -f overrides */
    char **lists;            /* List-Id filter; NULL/0: every list */
    size_t nlists;
    me_set me;               /* Me: the reader's addresses; empty: no For fields */
    me_set trusted_senders;  /* TrustedSender: who may decide a notice's Applied/Verdict */
    bot_table bots;          /* Bot: rules besides the built-in table */
    unsigned timeout;        /* seconds libmilter waits for the MTA (smfi_settimeout), 1..86400 */
    string_list applied_trees; /* AppliedTree: "REPO:REF" branches scanned for applied patches */
    unsigned applied_check_interval; /* seconds between two scans, 1..86400 */
} pm_config;

void pm_config_init(pm_config *cfg);
void pm_config_free(pm_config *cfg);
int pm_config_load(pm_config *cfg, const char *path, strbuf *err);
int pm_config_parse(pm_config *cfg, const char *text, size_t len, const char *name, strbuf *err);
int pm_config_set(pm_config *cfg, const char *key, const char *value, strbuf *err);
bool pm_config_list_matches(const pm_config *cfg, const char *list_id);
/* The syslog(3) facility number for a name ("mail", "local0".."local7", "daemon",
 * "user"); -1 when unknown. */
int pm_syslog_facility_code(const char *name);

#endif
