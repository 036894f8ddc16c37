/* SPDX-License-Identifier: BSD-2-Clause */
/* trailers: trailer lines, review names and prior-version links of a text (see trailers.h). */
#include "trailers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "strbuf.h"
#include "text_line.h"
#include "xalloc.h"

static const char *const trailer_names[] = {
    "Signed-off-by", "Reviewed-by", "Acked-by", "Tested-by", "Reported-by", "Suggested-by",
    "Co-developed-by", "Nacked-by", "Reported-and-tested-by", "Fixes", "Link", "Closes", "Cc",
    "change-id", "base-commit", "prerequisite-patch-id", "prerequisite-change-id",
    "prerequisite-message-id",
};
static const char *const review_names[] = {"Reviewed-by", "Acked-by", "Tested-by", "Nacked-by"};

static const char *trailer_name_of(const line *l, size_t *value_at)
{
    if (!l->len || !isalpha((unsigned char)l->start[0]))
        return NULL;
    const char *colon = memchr(l->start, ':', l->len < 32 ? l->len : 32);
    if (!colon)
        return NULL;
    size_t name_len = (size_t)(colon - l->start);
    for (size_t i = 0; i < sizeof trailer_names / sizeof trailer_names[0]; i++) {
        size_t n = strlen(trailer_names[i]);
        if (n == name_len && l->len > n + 1 && !strncasecmp(l->start, trailer_names[i], n)) {
            *value_at = n + 1;
            return trailer_names[i];
        }
    }
    return NULL;
}

size_t trailers_parse(const char *text, size_t len, trailer **out)
{
    trailer *trailers = NULL;
    size_t ntrailers = 0;
    size_t pos = 0, cap = 0;
    line l;
    while (next_line(text, len, &pos, &l)) {
        size_t value_at;
        const char *name = trailer_name_of(&l, &value_at);
        if (!name)
            continue;
        const char *v = l.start + value_at;
        size_t n = l.len - value_at;
        while (n && (*v == ' ' || *v == '\t')) {
            v++;
            n--;
        }
        while (n && isspace((unsigned char)v[n - 1]))
            n--;
        trailers = xgrow(trailers, sizeof *trailers, ntrailers + 1, &cap);
        trailers[ntrailers].name = xstrndup(l.start, value_at - 1);
        trailers[ntrailers].value = xstrndup(v, n);
        ntrailers++;
    }
    *out = trailers;
    return ntrailers;
}

char *trailers_change_id(const trailer *trailers, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(trailers[i].name, "change-id") && *trailers[i].value)
            return xstrdup(trailers[i].value);
    return NULL;
}

void trailers_free(trailer *trailers, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(trailers[i].name);
        free(trailers[i].value);
    }
    free(trailers);
}

/* The line where a top-posted reply's copy of the original starts: Outlook's
 * "-----Original Message-----" or its rule of underscores. */
static bool is_original_message_rule(const line *l)
{
    const char *p = l->start, *e = l->start + l->len;
    while (p < e && isspace((unsigned char)*p))
        p++;
    while (e > p && isspace((unsigned char)e[-1]))
        e--;
    size_t n = (size_t)(e - p);
    if (n >= 16 && p[0] == '_') {
        for (size_t i = 0; i < n; i++)
            if (p[i] != '_')
                return false;
        return true;
    }
    return n >= 16 && p[0] == '-' && has_ci(p, n, "original message");
}

/* Longest address or display name looked for in a review trailer: longer ones name
 * nobody (an address has at most 254 bytes), and the search stays linear. */
#define MAX_REVIEWER_LEN 320

/* Whether w stands in [s, e) as a whole word, ignoring case. */
static bool has_word_ci(const char *s, const char *e, const char *w)
{
    size_t m = strlen(w);
    if (!m || m > MAX_REVIEWER_LEN)
        return false;
    for (const char *v = s; v + m <= e; v++)
        if (!strncasecmp(v, w, m) && (v == s || !isalnum((unsigned char)v[-1])) &&
            (v + m == e || !isalnum((unsigned char)v[m])))
            return true;
    return false;
}

/*
 * A review trailer written loosely: indented ("Looks good:\n\n    Reviewed-by: ...")
 * or with a space for the hyphen ("Acked by: ..."). Returns its name from
 * review_names when the line is one and its value names the sender (the address
 * `email`, or the display name `name`, since many review with another address than
 * they send from): reviewers indent their own tag, but a reply that suggests an
 * order for the patch's trailers indents those of others.
 */
static const char *loose_review_name(const line *l, const char *email, const char *name)
{
    const char *p = l->start, *e = l->start + l->len;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    for (size_t r = 0; r < sizeof review_names / sizeof review_names[0]; r++) {
        const char *rn = review_names[r];
        size_t n = strlen(rn);
        if ((size_t)(e - p) <= n)
            continue;
        size_t i = 0;
        while (i < n && (tolower((unsigned char)p[i]) == tolower((unsigned char)rn[i]) ||
                         (rn[i] == '-' && p[i] == ' ')))
            i++;
        if (i < n || p[n] != ':')
            continue;
        const char *v = p + n + 1;
        return (has_word_ci(v, e, email) || (strlen(name) >= 4 && has_word_ci(v, e, name))) ? rn
                                                                                         : NULL;
    }
    return NULL;
}

/*
 * The review trailers of a reply, in review_names order: lines "Reviewed-by: ..."
 * of the reply's own text (quoted lines start with '>' and never count), and loose
 * ones carrying the sender's own address; nothing after the copy of the original
 * in a top-posted reply.
 */
char *trailers_review(const char *text, size_t len, const char *from)
{
    bool found[sizeof review_names / sizeof review_names[0]] = {false};
    char *email = from ? address_email(from) : NULL;
    /* the display name of "Name <addr>" */
    const char *lt = from ? strstr(from, " <") : NULL;
    char *display = lt ? xstrndup(from, (size_t)(lt - from)) : xstrdup("");
    size_t pos = 0;
    line l;
    while (next_line(text, len, &pos, &l)) {
        if (is_original_message_rule(&l))
            break;
        size_t value_at;
        const char *name = trailer_name_of(&l, &value_at);
        if (!name && email && *email)
            name = loose_review_name(&l, email, display);
        for (size_t r = 0; name && r < sizeof review_names / sizeof review_names[0]; r++)
            if (!strcmp(name, review_names[r]))
                found[r] = true;
    }
    free(email);
    free(display);
    strbuf sb = STRBUF_INIT;
    for (size_t r = 0; r < sizeof review_names / sizeof review_names[0]; r++)
        if (found[r]) {
            if (sb.len)
                sb_adds(&sb, ", ");
            sb_adds(&sb, review_names[r]);
        }
    char *review = sb.len ? sb_detach(&sb) : NULL;
    sb_free(&sb);
    return review;
}

/* True when the line speaks of a version: "v2", "V11", "version", "previous", "prev". */
static bool mentions_version(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((s[i] == 'v' || s[i] == 'V') && (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
            i + 1 < n && isdigit((unsigned char)s[i + 1])) {
            size_t j = i + 1;
            while (j < n && isdigit((unsigned char)s[j]))
                j++;
            if (j == n || !(isalnum((unsigned char)s[j]) || (s[j] == '.' && j + 1 < n && isdigit((unsigned char)s[j + 1]))))
                return true;
        }
        if (n - i >= 4 && (!strncasecmp(s + i, "version", 7) || !strncasecmp(s + i, "previous", 8) ||
                           !strncasecmp(s + i, "prev ", 5)))
            return true;
    }
    return false;
}

/* Longest Message-ID taken from a link: RFC 5322 allows more, no mail program writes it. */
#define MSGID_MAX 250

/* Whether id[0, n) is a msg-id as our fields may carry it: printable ASCII without
 * angle brackets, one '@' with text on both sides, at most MSGID_MAX bytes. */
static bool is_msgid(const char *id, size_t n)
{
    if (!n || n > MSGID_MAX)
        return false;
    const char *at = NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)id[i];
        if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>')
            return false;
        if (c == '@') {
            if (at)
                return false;
            at = id + i;
        }
    }
    return at && at > id && at < id + n - 1;
}

/* The Message-ID carried by a URL at u (up to end): the first path segment holding '@',
 * percent-decoded, without angle brackets around it; NULL when that is no msg-id. */
static char *msgid_from_url(const char *u, const char *end)
{
    if (end - u <= 8)
        return NULL;
    const char *path = memchr(u + 8, '/', (size_t)(end - u - 8));
    while (path && path < end) {
        const char *seg = path + 1;
        const char *seg_end = seg;
        while (seg_end < end && *seg_end != '/')
            seg_end++;
        if (memchr(seg, '@', (size_t)(seg_end - seg)) || memmem(seg, (size_t)(seg_end - seg), "%40", 3)) {
            strbuf id = STRBUF_INIT;
            for (const char *c = seg; c < seg_end && id.len <= MSGID_MAX + 2; c++) {
                if (*c == '%' && c + 2 < seg_end && isxdigit((unsigned char)c[1]) && isxdigit((unsigned char)c[2])) {
                    char hex[3] = {c[1], c[2], 0};
                    sb_addc(&id, (char)strtol(hex, NULL, 16));
                    c += 2;
                } else
                    sb_addc(&id, *c);
            }
            const char *s = id.data;
            size_t n = id.len;
            if (n > 1 && s[0] == '<' && s[n - 1] == '>') {
                s++;
                n -= 2;
            }
            char *msgid = is_msgid(s, n) ? xstrndup(s, n) : NULL;
            sb_free(&id);
            return msgid;
        }
        path = seg_end < end ? seg_end : NULL;
    }
    return NULL;
}

/* Footnote number of a line "[N] http..." or 0. */
static int footnote_of(const line *l)
{
    const char *p = l->start, *e = l->start + l->len;
    while (p < e && *p == ' ')
        p++;
    if (p >= e || *p != '[')
        return 0;
    int n = 0;
    for (p++; p < e && isdigit((unsigned char)*p) && n < 1000; p++)
        n = n * 10 + (*p - '0');
    return n > 0 && n < 1000 ? n : 0;
}

#define MAX_FOOTNOTE 1000

/* Which footnotes the text cites from lines that speak of a version: read as far as
 * the questions asked need it, and never twice, so all questions take one pass. */
typedef struct footnote_scan {
    bool cited[MAX_FOOTNOTE]; /* a line that speaks of a version cites "[N]" (not as its
                                 own footnote number): footnote N links to a version */
    size_t pos;               /* where the scan stopped */
} footnote_scan;

static void note_citations(const line *l, bool cited[MAX_FOOTNOTE])
{
    if (!memchr(l->start, '[', l->len) || !mentions_version(l->start, l->len))
        return;
    int own = footnote_of(l);
    const char *p = l->start, *e = l->start + l->len;
    while ((p = memchr(p, '[', (size_t)(e - p)))) {
        p++;
        if (p >= e || *p < '1' || *p > '9')
            continue;
        int n = 0;
        const char *d = p;
        while (d < e && isdigit((unsigned char)*d) && n < MAX_FOOTNOTE)
            n = n * 10 + (*d++ - '0');
        if (d < e && *d == ']' && n < MAX_FOOTNOTE && n != own)
            cited[n] = true;
    }
}

static bool footnote_cited(const char *text, size_t len, footnote_scan *fs, int n)
{
    line l;
    while (!fs->cited[n] && next_line(text, len, &fs->pos, &l))
        note_citations(&l, fs->cited);
    return fs->cited[n];
}

/* The first "http://" or "https://" of the line, or NULL (memchr only looks as far as it
 * has to: linear on a line of "httphttp..." even with a sanitizer's checks). */
static const char *first_url(const line *l)
{
    const char *p = l->start, *e = l->start + l->len;
    while (p < e && (p = memchr(p, 'h', (size_t)(e - p))) != NULL) {
        size_t left = (size_t)(e - p);
        if ((left >= 7 && !memcmp(p, "http://", 7)) || (left >= 8 && !memcmp(p, "https://", 8)))
            return p;
        p++;
    }
    return NULL;
}

/* Whether the line names what the series is built on, not an earlier version of it. */
static bool names_a_base(const line *l)
{
    return has_ci(l->start, l->len, "based on") || has_ci(l->start, l->len, "depends on") ||
           has_ci(l->start, l->len, "prerequisite");
}

/* Whether the line announces links below it: it ends with a colon and says where
   something is ("... can be found here:", "Previous versions:", "Link to v1:"), not a
   changelog heading ("v1:", "RFC v1:") whose items may hold any URL. */
static bool introduces_links(const line *l)
{
    size_t n = l->len;
    while (n > 0 && isspace((unsigned char)l->start[n - 1]))
        n--;
    if (n == 0 || l->start[n - 1] != ':')
        return false;
    static const char *const words[] = {"version", "previous", "link", "here", "found",
                                        "posted", "sent", "archive", "lore"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (has_ci(l->start, n, words[i]))
            return true;
    return false;
}

/* Whether only a list mark ("-", "*", "[1]", "1.") and spaces stand before the URL at u. */
static bool url_alone(const line *l, const char *u)
{
    const char *p = l->start;
    while (p < u && *p == ' ')
        p++;
    if (p < u && (*p == '-' || *p == '*'))
        p++;
    else if (p < u && (*p == '[' || isdigit((unsigned char)*p))) {
        bool bracket = *p == '[';
        p += bracket;
        while (p < u && isdigit((unsigned char)*p))
            p++;
        if (p < u && (bracket ? *p == ']' : *p == '.' || *p == ')'))
            p++;
    }
    while (p < u && *p == ' ')
        p++;
    return p == u;
}

/* Links to earlier versions: URLs with a Message-ID on lines that speak of a version,
 * on lines of URLs alone under such a line that announces links (introduces_links: "V1
 * version of this series can be found here:" and a URL per line; a blank line may come
 * between), or footnotes
 * "[N] https://..." that such a line cites; at most PRIOR_LINKS_MAX. */
void trailers_prior_links(const char *text, size_t len, const char *self, string_list *out)
{
    footnote_scan footnotes = {{false}, 0};
    size_t pos = 0;
    line l;
    bool under = false; /* below a line without URL that speaks of a version */
    bool took = false;  /* and a line of URLs came since */
    while (out->n < PRIOR_LINKS_MAX && next_line(text, len, &pos, &l)) {
        const char *u = first_url(&l);
        size_t value_at;
        if (!u) {
            bool blank = true;
            for (size_t i = 0; i < l.len && blank; i++)
                blank = isspace((unsigned char)l.start[i]);
            if (!blank || took) {
                under = !blank && introduces_links(&l) && mentions_version(l.start, l.len) &&
                        !names_a_base(&l) && !trailer_name_of(&l, &value_at);
                took = false;
            }
            continue;
        }
        if (trailer_name_of(&l, &value_at) || names_a_base(&l)) {
            under = false; /* Link:/Closes: trailers point at discussions, not versions */
            continue;
        }
        bool listed = under && url_alone(&l, u);
        if (under && !listed)
            under = false;
        took = listed;
        bool wanted = listed || mentions_version(l.start, (size_t)(u - l.start));
        int fn = footnote_of(&l);
        if (!wanted && fn)
            wanted = footnote_cited(text, len, &footnotes, fn);
        if (!wanted)
            continue;
        const char *e = u;
        while (e < l.start + l.len && !isspace((unsigned char)*e) && *e != '>' && *e != ')' && *e != ']')
            e++;
        char *id = msgid_from_url(u, e);
        if (id && !string_list_has(out, id) && !(self && !strcmp(self, id)))
            string_list_add(out, id);
        free(id);
    }
}

/* The msg-id of a "Message-ID: <id>" trailer value, or NULL. */
static char *msgid_of_value(const char *v, size_t n)
{
    while (n && (*v == ' ' || *v == '\t'))
        v++, n--;
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    if (n < 2 || v[0] != '<' || v[n - 1] != '>')
        return NULL;
    return is_msgid(v + 1, n - 2) ? xstrndup(v + 1, n - 2) : NULL;
}

/* The postings a commit message names: Link: URLs with a Message-ID, Message-ID:
 * trailers; at most POSTING_LINKS_MAX. */
void trailers_posting_msgids(const char *text, size_t len, string_list *out)
{
    size_t pos = 0;
    line l;
    while (out->n < POSTING_LINKS_MAX && next_line(text, len, &pos, &l)) {
        char *id = NULL;
        if (l.len > 11 && !strncasecmp(l.start, "Message-ID:", 11)) {
            id = msgid_of_value(l.start + 11, l.len - 11);
        } else if (l.len > 5 && !strncasecmp(l.start, "Link:", 5)) {
            const char *u = first_url(&l);
            const char *e = u;
            while (e && e < l.start + l.len && !isspace((unsigned char)*e) && *e != '>')
                e++;
            id = u ? msgid_from_url(u, e) : NULL;
        }
        if (id && !string_list_has(out, id))
            string_list_add(out, id);
        free(id);
    }
}
