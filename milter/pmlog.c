/* SPDX-License-Identifier: BSD-2-Clause */
/* pmlog: log lines to syslog or standard error (see pmlog.h). */
#include "pmlog.h"

#include <stdarg.h>
#include <syslog.h>
#include <unistd.h>

#include "strbuf.h"

static bool to_syslog;

void pm_log_open(bool use_syslog, int facility)
{
    to_syslog = use_syslog;
    if (use_syslog)
        openlog("patchmilter", LOG_PID | LOG_NDELAY, facility);
}

void pm_log_close(void)
{
    if (to_syslog)
        closelog();
    to_syslog = false;
}

static const char *level_name(int priority)
{
    switch (priority) {
    case LOG_EMERG: case LOG_ALERT: case LOG_CRIT: return "fatal";
    case LOG_ERR: return "error";
    case LOG_WARNING: return "warning";
    case LOG_NOTICE: return "notice";
    case LOG_INFO: return "info";
    default: return "debug";
    }
}

void pm_log(int priority, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (to_syslog) {
        vsyslog(priority, fmt, ap);
    } else {
        strbuf line = STRBUF_INIT;
        sb_addf(&line, "patchmilter[%ld]: %s: ", (long)getpid(), level_name(priority));
        sb_vaddf(&line, fmt, ap);
        sb_addc(&line, '\n');
        size_t off = 0;
        while (off < line.len) {
            ssize_t n = write(STDERR_FILENO, line.data + off, line.len - off);
            if (n <= 0)
                break;
            off += (size_t)n;
        }
        sb_free(&line);
    }
    va_end(ap);
}
