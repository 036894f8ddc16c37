/* SPDX-License-Identifier: BSD-2-Clause */
/* address: normalizing mail addresses and parsing dates (see address.h). */
#include "address.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "xalloc.h"

static char *trim_copy(const char *s, size_t n)
{
    while (n && (isspace((unsigned char)*s) || *s == '"' || *s == '\'')) {
        s++;
        n--;
    }
    while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == '"' || s[n - 1] == '\''))
        n--;
    strbuf sb = STRBUF_INIT;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) /* quoted-pair */
            i++;
        if (isspace((unsigned char)s[i])) {
            space = true;
            continue;
        }
        if (space && sb.len)
            sb_addc(&sb, ' ');
        space = false;
        sb_addc(&sb, s[i]);
    }
    return sb_detach(&sb);
}

static void lower_domain(char *addr)
{
    char *at = strrchr(addr, '@');
    for (char *c = at ? at : addr + strlen(addr); *c; c++)
        *c = (char)tolower((unsigned char)*c);
}

/* Splits a From value into a name and an address (both malloc'd, name may be ""). */
static void split_address(const char *from, char **name, char **addr)
{
    const char *lt = strrchr(from, '<');
    const char *gt = lt ? strchr(lt, '>') : NULL;
    if (lt && gt) {
        *addr = trim_copy(lt + 1, (size_t)(gt - lt - 1));
        *name = trim_copy(from, (size_t)(lt - from));
    } else {
        const char *paren = strchr(from, '(');
        const char *close = paren ? strrchr(paren, ')') : NULL;
        if (paren && close) {
            *addr = trim_copy(from, (size_t)(paren - from));
            *name = trim_copy(paren + 1, (size_t)(close - paren - 1));
        } else {
            *addr = trim_copy(from, strlen(from));
            *name = xstrdup("");
        }
    }
    lower_domain(*addr);
}

char *address_normalize(const char *from)
{
    char *name, *addr;
    split_address(from, &name, &addr);
    strbuf sb = STRBUF_INIT;
    if (*name && strcmp(name, addr))
        sb_addf(&sb, "%s <%s>", name, addr);
    else
        sb_adds(&sb, addr);
    free(name);
    free(addr);
    return sb_detach(&sb);
}

char *address_email(const char *from)
{
    char *name, *addr;
    split_address(from, &name, &addr);
    free(name);
    return addr;
}

char *address_key(const char *from)
{
    char *addr = from ? address_email(from) : NULL;
    if (addr && !*addr) {
        free(addr);
        return NULL;
    }
    for (char *c = addr; c && *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return addr;
}

const char *address_domain(const char *email)
{
    const char *at = strrchr(email, '@');
    return at ? at + 1 : "";
}

void address_list_emails(const char *list, string_list *out)
{
    const char *start = list;
    bool quoted = false;
    int angle = 0, comment = 0;
    for (const char *p = list;; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            continue;
        }
        if (*p == '"' && !comment)
            quoted = !quoted;
        else if (!quoted && *p == '(')
            comment++;
        else if (!quoted && *p == ')' && comment)
            comment--;
        else if (!quoted && !comment && *p == '<')
            angle = 1;
        else if (!quoted && !comment && *p == '>')
            angle = 0;
        if (*p && (*p != ',' || quoted || angle || comment))
            continue;
        char *one = xstrndup(start, (size_t)(p - start));
        char *email = address_email(one);
        if (strchr(email, '@'))
            string_list_add(out, email);
        free(email);
        free(one);
        if (!*p)
            break;
        start = p + 1;
    }
}

bool address_pattern_match(const char *pattern, const char *email)
{
    const char *p = pattern, *e = email;
    const char *star = NULL, *resume = NULL;
    while (*e) {
        if (*p == '*') {
            star = p++;
            resume = e;
        } else if (*p && tolower((unsigned char)*p) == tolower((unsigned char)*e)) {
            p++;
            e++;
        } else if (star) {
            p = star + 1;
            e = ++resume;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return !*p;
}

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
    return p;
}

static bool read_number(const char **p, int *out, int max_digits)
{
    const char *s = *p;
    int v = 0, n = 0;
    while (isdigit((unsigned char)*s) && n < max_digits) {
        v = v * 10 + (*s - '0');
        s++;
        n++;
    }
    if (!n)
        return false;
    *out = v;
    *p = s;
    return true;
}

time_t mail_date_parse(const char *value)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    const char *p = skip_space(value);
    if (isalpha((unsigned char)*p)) { /* day name */
        while (isalpha((unsigned char)*p))
            p++;
        p = skip_space(p);
    }
    int day, year, hour, min, sec = 0;
    if (!read_number(&p, &day, 2))
        return 0;
    p = skip_space(p);
    if (strlen(p) < 3)
        return 0;
    int mon = -1;
    for (int i = 0; i < 12; i++)
        if (!strncasecmp(p, months + 3 * i, 3))
            mon = i;
    if (mon < 0)
        return 0;
    while (isalpha((unsigned char)*p))
        p++;
    p = skip_space(p);
    const char *ys = p;
    if (!read_number(&p, &year, 4))
        return 0;
    if (p - ys <= 2)
        year += year < 50 ? 2000 : 1900;
    p = skip_space(p);
    if (!read_number(&p, &hour, 2) || *p++ != ':' || !read_number(&p, &min, 2))
        return 0;
    if (*p == ':') {
        p++;
        read_number(&p, &sec, 2);
    }
    p = skip_space(p);
    long offset = 0;
    if (*p == '+' || *p == '-') {
        int z;
        const char *zs = p + 1;
        if (read_number(&zs, &z, 4))
            offset = (long)((z / 100) * 3600 + (z % 100) * 60) * (*p == '-' ? -1 : 1);
    } else {
        static const struct { const char *name; int hours; } zones[] = {
            {"UT", 0}, {"GMT", 0}, {"EDT", -4}, {"EST", -5}, {"CDT", -5},
            {"CST", -6}, {"MDT", -6}, {"MST", -7}, {"PDT", -7}, {"PST", -8},
        };
        for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
            if (!strncasecmp(p, zones[i].name, strlen(zones[i].name)))
                offset = zones[i].hours * 3600L;
    }
    if (year < 1970 || year > 9999 || hour > 23 || min > 59 || sec > 60 || day < 1 || day > 31)
        return 0;
    struct tm tm = {0};
    tm.tm_year = year - 1900;
    tm.tm_mon = mon;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec;
    time_t t = timegm(&tm);
    return t == (time_t)-1 ? 0 : t - offset;
}
