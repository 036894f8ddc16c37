/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * subject: the subject grammar of patch mailing lists (see subject.h).
 *
 * A hand-written scanner rather than regular expressions: every byte of the
 * subject is looked at a bounded number of times (the prefix run is walked once,
 * each bracket group is walked twice), so hostile subjects of any length and any
 * number of brackets cost linear time and no backtracking.
 */
#include "subject.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "utf8.h"

/* Digits of the largest part, total or version taken; longer numbers are tags. */
#define MAX_NUMBER_DIGITS 6

/* ---------------------------------------------------------------- characters */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

/*
 * Length in bytes of the white space character at p (0 if none): ASCII space and
 * every control character, NO-BREAK SPACE (U+00A0) and IDEOGRAPHIC SPACE (U+3000).
 */
static size_t space_len(const char *p, const char *end)
{
    unsigned char c = (unsigned char)*p;
    if (c <= 0x20 || c == 0x7f)
        return 1;
    if (c == 0xc2 && end - p >= 2 && (unsigned char)p[1] == 0xa0)
        return 2;
    if (c == 0xe3 && end - p >= 3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80)
        return 3;
    return 0;
}

static const char *skip_space(const char *p, const char *end)
{
    size_t n;
    while (p < end && (n = space_len(p, end)) > 0)
        p += n;
    return p;
}

/* Whether the n bytes at p are those of the lower-case w, ignoring ASCII case. */
static bool mem_eq_ci(const char *p, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower(p[i]) != w[i])
            return false;
    return true;
}

/* Whether the n bytes at p are the lower-case word w, ignoring ASCII case. */
static bool word_eq(const char *p, size_t n, const char *w)
{
    return n == strlen(w) && mem_eq_ci(p, w, n);
}

/* A lower-case word and its length, for tables of words. */
typedef struct word {
    const char *s;
    size_t len;
} word;
#define W(literal) {literal, sizeof literal - 1}

/*
 * Appends [p, end) to sb with every run of white space made one space, leading
 * and trailing white space dropped, and each invalid UTF-8 byte replaced by
 * U+FFFD, so that what comes out is valid UTF-8 without control characters.
 */
static void add_clean(strbuf *sb, const char *p, const char *end)
{
    bool pending_space = false;
    bool any = false;
    sb_grow(sb, (size_t)(end - p));
    while (p < end) {
        /* the common case: a run of printable ASCII, copied at once */
        const char *run = p;
        while (p < end && (unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f)
            p++;
        if (p > run) {
            if (pending_space)
                sb_addc(sb, ' ');
            pending_space = false;
            any = true;
            sb_add(sb, run, (size_t)(p - run));
            continue;
        }
        size_t n = space_len(p, end);
        if (n > 0) {
            pending_space = any;
            p += n;
            continue;
        }
        if (pending_space)
            sb_addc(sb, ' ');
        pending_space = false;
        any = true;
        n = utf8_sequence_len((const unsigned char *)p, (size_t)(end - p));
        if (n == 0) {
            sb_adds(sb, "\xef\xbf\xbd");
            p++;
        } else {
            sb_add(sb, p, n);
            p += n;
        }
    }
}

/* Parses 1..MAX_NUMBER_DIGITS decimal digits filling [p, p+n); -1 otherwise. */
static int parse_number(const char *p, size_t n)
{
    if (n == 0 || n > MAX_NUMBER_DIGITS)
        return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(p[i]))
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* ------------------------------------------------------------ prefix run */

/*
 * Reply and forward markers as mail programs write them, in lower case: English
 * (Re, Fwd, Fw), German (AW, Antwort, WG), Scandinavian (SV), Finnish (VS, VL),
 * Dutch (Antw, Doorst), Polish (Odp), Turkish (Ynt), French (TR), Spanish (RV),
 * Portuguese (RES, ENC), Chinese (回复, 答复, 回覆, 转发, 轉寄), Korean (회신, 전달).
 * They are recognized only before the first patch or pull group, so a title such
 * as "[PATCH] fw: load firmware" keeps its subsystem prefix.
 */
static const word reply_words[] = {
    W("re"), W("fwd"), W("fw"), W("aw"), W("antwort"), W("wg"), W("sv"), W("vs"), W("vl"),
    W("antw"), W("doorst"), W("odp"), W("ynt"), W("tr"), W("rv"), W("res"), W("enc"),
    W("\xe5\x9b\x9e\xe5\xa4\x8d"), W("\xe7\xad\x94\xe5\xa4\x8d"),
    W("\xe5\x9b\x9e\xe8\xa6\x86"), W("\xe8\xbd\xac\xe5\x8f\x91"),
    W("\xe8\xbd\x89\xe5\xaf\x84"), W("\xed\x9a\x8c\xec\x8b\xa0"),
    W("\xec\xa0\x84\xeb\x8b\xac"),
};

/*
 * If a reply or forward prefix ("Re:", "RE :", "Re[2]:", "Re^2:", "AW:", "Fwd:",
 * also with a full-width colon) starts at p, returns the position after its colon.
 */
static const char *match_reply(const char *p, const char *end)
{
    if (p >= end || !(is_alpha(*p) || (unsigned char)*p >= 0x80))
        return NULL;
    for (size_t w = 0; w < sizeof reply_words / sizeof reply_words[0]; w++) {
        size_t wl = reply_words[w].len;
        if ((size_t)(end - p) < wl || !mem_eq_ci(p, reply_words[w].s, wl))
            continue;
        const char *q = p + wl;
        if (q < end && (*q == '[' || *q == '(' || *q == '^')) {
            char close = *q == '[' ? ']' : *q == '(' ? ')' : 0;
            const char *d = ++q;
            while (q < end && is_digit(*q) && q - d <= MAX_NUMBER_DIGITS)
                q++;
            if (q == d)
                continue;
            if (close) {
                if (q >= end || *q != close)
                    continue;
                q++;
            }
        }
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (q < end && *q == ':')
            return q + 1;
        if (end - q >= 3 && memcmp(q, "\xef\xbc\x9a", 3) == 0)
            return q + 3;
    }
    /* b4's rule for the languages not listed: two or three letters and a colon
     * right before a bracket group ("Ref: [PATCH") */
    size_t n = 0;
    while (n < 4 && p + n < end && is_alpha(p[n]))
        n++;
    if (n >= 2 && n <= 3 && p + n < end && p[n] == ':') {
        const char *q = skip_space(p + n + 1, end);
        if (q < end && *q == '[')
            return p + n + 1;
    }
    return NULL;
}

/*
 * A forward wrapper, mutt's "[user@example.org: original subject]" or old
 * Thunderbird's "[Fwd: original subject]": if one starts at p (p points at '['),
 * returns the position after "user@host:" or "Fwd:".
 */
static const char *match_forward_wrapper(const char *p, const char *end)
{
    const char *q = match_reply(p + 1, end);
    if (q)
        return q;
    q = p + 1;
    bool at = false;
    while (q < end && q - p < 256 && *q != ':' && *q != '[' && *q != ']' && !space_len(q, end)) {
        at |= *q == '@';
        q++;
    }
    if (!at || q >= end || *q != ':' || q + 1 >= end || !space_len(q + 1, end))
        return NULL;
    return q + 1;
}

/*
 * b4's "(subset)" and similar one-word notes in parentheses right before a
 * bracket group: returns the position of that '[' or NULL.
 */
static const char *match_paren_note(const char *p, const char *end)
{
    const char *q = p + 1;
    while (q < end && q - p < 32 && *q != ')' && *q != '(' && *q != '[' && !space_len(q, end))
        q++;
    if (q == p + 1 || q >= end || *q != ')')
        return NULL;
    q = skip_space(q + 1, end);
    return (q < end && *q == '[') ? q : NULL;
}

/* ------------------------------------------------------------ bracket groups */

/*
 * The ']' that closes the bracket group starting at p ('['), counting brackets
 * nested inside ("[PATCH v2 [net-next]]": b4 flattens these); NULL when the group
 * is not closed. Brackets inside a group separate tokens like white space.
 */
static const char *group_end(const char *p, const char *end)
{
    size_t depth = 0;
    for (; p < end; p++) {
        if (*p == '[')
            depth++;
        else if (*p == ']' && --depth == 0)
            return p;
    }
    return NULL;
}

typedef struct token {
    const char *s;
    size_t len;
    bool after_comma; /* a comma separated it from the token before */
} token;

/* Next token of a group: tokens are separated by white space and commas. */
static bool next_token(const char **cur, const char *end, token *t)
{
    const char *p = *cur;
    bool comma = false;
    for (;;) {
        size_t n;
        if (p < end && *p == ',') {
            comma = true;
            p++;
        } else if (p < end && (*p == '[' || *p == ']')) {
            p++;
        } else if (p < end && (n = space_len(p, end)) > 0) {
            p += n;
        } else {
            break;
        }
    }
    if (p >= end) {
        *cur = p;
        return false;
    }
    const char *s = p;
    while (p < end && *p != ',' && *p != '[' && *p != ']' && !space_len(p, end))
        p++;
    t->s = s;
    t->len = (size_t)(p - s);
    t->after_comma = comma;
    /* "[PATCH v2 1/3:]": a colon or semicolon ending the token is punctuation. */
    while (t->len > 1 && (t->s[t->len - 1] == ':' || t->s[t->len - 1] == ';'))
        t->len--;
    /* "[PATCH v2 (RESEND)]": parentheses around a token are punctuation too. */
    if (t->len > 2 && t->s[0] == '(' && t->s[t->len - 1] == ')') {
        t->s++;
        t->len -= 2;
    }
    *cur = p;
    return true;
}

enum kind {
    K_OTHER,
    K_PATCH,   /* PATCH, PATCHES, PATCHSET */
    K_RFC,
    K_RESEND,
    K_PULL,
    K_GIT,
    K_REQUEST,
    K_NOTICE,  /* words of reports and announcements: ANNOUNCE, ANN, BUG, ... */
    K_VERSION, /* v3, V3, v3a */
    K_COUNTER, /* 2/7, 02/23 */
    K_NUMBER,  /* a bare number, maybe the start of "1 of 2" */
};

typedef struct classified {
    enum kind kind;
    int a, b; /* version; or part and total */
} classified;

typedef struct kind_word {
    word w;
    enum kind kind;
} kind_word;

/* Keywords that may be glued to what follows them (see classify()). */
static const kind_word keywords[] = {
    {W("patchset"), K_PATCH}, {W("patches"), K_PATCH}, {W("patch"), K_PATCH},
    {W("rfc"), K_RFC}, {W("resend"), K_RESEND}, {W("pull"), K_PULL},
};

static const kind_word whole_words[] = {
    {W("git"), K_GIT}, {W("request"), K_REQUEST}, {W("announce"), K_NOTICE},
    {W("announcement"), K_NOTICE}, {W("ann"), K_NOTICE}, {W("bug"), K_NOTICE},
    {W("regression"), K_NOTICE}, {W("syzbot"), K_NOTICE},
};

static bool classify_simple(const char *s, size_t n, classified *c)
{
    c->a = c->b = 0;
    if (n >= 3 && s[0] == '-' && (s[1] == 'v' || s[1] == 'V') && is_digit(s[2]))
        return classify_simple(s + 1, n - 1, c) && c->kind == K_VERSION; /* "-v2" */
    if (n >= 2 && (s[0] == 'v' || s[0] == 'V') && is_digit(s[1])) {
        size_t d = 1;
        while (d < n && is_digit(s[d]))
            d++;
        /* v3, and v3a for a respin between v3 and v4; v5.10 names a tree, not a version. */
        bool ok = d == n || (d + 1 == n && s[d] >= 'a' && s[d] <= 'z');
        int v = parse_number(s + 1, d - 1);
        if (ok && v >= 1) {
            c->kind = K_VERSION;
            c->a = v;
            return true;
        }
        return false;
    }
    if (n >= 1 && is_digit(s[0])) {
        const char *slash = memchr(s, '/', n);
        if (!slash) {
            int v = parse_number(s, n);
            if (v < 0)
                return false;
            c->kind = K_NUMBER;
            c->a = v;
            return true;
        }
        int part = parse_number(s, (size_t)(slash - s));
        int total = parse_number(slash + 1, (size_t)(s + n - slash - 1));
        if (part < 0 || total < 1 || part > total)
            return false;
        c->kind = K_COUNTER;
        c->a = part;
        c->b = total;
        return true;
    }
    for (size_t i = 0; i < sizeof whole_words / sizeof whole_words[0]; i++)
        if (n == whole_words[i].w.len && mem_eq_ci(s, whole_words[i].w.s, n)) {
            c->kind = whole_words[i].kind;
            return true;
        }
    return false;
}

/*
 * Classifies the token [s, s+n). A keyword may be glued to what follows it
 * ("PATCHv3", "PATCH1/8", "RFCv2", "PATCH-v3", "RFC-PATCH", "RFC/PATCH", "PATCH/RFC",
 * "RESEND^2", "RESEND2"): then *rest is set to the remainder to classify next (a separating
 * '-', '_' or '/' dropped); otherwise *rest is NULL.
 */
static void classify(const char *s, size_t n, classified *c, const char **rest, size_t *rest_len)
{
    *rest = NULL;
    *rest_len = 0;
    c->kind = K_OTHER;
    c->a = c->b = 0;
    /* "GIT-PULL", "git_pull": GIT glued to PULL */
    if (n > 4 && mem_eq_ci(s, "git", 3) && (s[3] == '-' || s[3] == '_')) {
        classified sub;
        const char *r2;
        size_t r2_len;
        classify(s + 4, n - 4, &sub, &r2, &r2_len);
        if (sub.kind == K_PULL) {
            c->kind = K_GIT;
            *rest = s + 4;
            *rest_len = n - 4;
            return;
        }
    }
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        size_t kl = keywords[i].w.len;
        if (n < kl || !mem_eq_ci(s, keywords[i].w.s, kl))
            continue;
        if (kl == n) {
            c->kind = keywords[i].kind;
            return;
        }
        const char *r = s + kl;
        size_t rl = n - kl;
        classified sub;
        if (*r == '-' || *r == '_' || *r == '/') {
            r++;
            rl--;
        } else if (keywords[i].kind == K_RESEND &&
                   ((classify_simple(r, rl, &sub) && sub.kind == K_NUMBER) ||
                    (*r == '^' && rl > 1 && classify_simple(r + 1, rl - 1, &sub) &&
                     sub.kind == K_NUMBER))) {
            rl = 0; /* "RESEND2", "RESEND^2": the count of resends */
        } else if ((is_alpha(*r) || is_digit(*r) || (unsigned char)*r >= 0x80) &&
                   (!classify_simple(r, rl, &sub) ||
                    (sub.kind != K_VERSION && sub.kind != K_COUNTER))) {
            continue; /* "patchwork", "rfc2047": an ordinary word */
        }
        c->kind = keywords[i].kind;
        if (rl > 0) {
            *rest = r;
            *rest_len = rl;
        }
        return;
    }
    if (!classify_simple(s, n, c))
        c->kind = K_OTHER;
}

/* A token that can join its neighbour into a tag of several words ("XRT Alveo"). */
static bool is_word(const char *s, size_t n)
{
    if (n == 0 || !(is_alpha(s[0]) || (unsigned char)s[0] >= 0x80))
        return false;
    for (size_t i = 0; i < n; i++)
        if (is_digit(s[i]))
            return false;
    return true;
}

static bool has_alnum(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_alpha(s[i]) || is_digit(s[i]) || (unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

/* Walks the tokens of a group, splitting glued keywords, one classified piece at a time. */
typedef struct group_walk {
    const char *cur, *end;
    const char *rest;
    size_t rest_len;
} group_walk;

typedef struct piece {
    const char *s;
    size_t len;
    bool joined;   /* part of the same token as the piece before */
    bool after_comma;
    classified c;
} piece;

static bool next_piece(group_walk *w, piece *pc)
{
    const char *s;
    size_t n;
    if (w->rest) {
        s = w->rest;
        n = w->rest_len;
        pc->joined = true;
        pc->after_comma = false;
    } else {
        token t;
        if (!next_token(&w->cur, w->end, &t))
            return false;
        s = t.s;
        n = t.len;
        pc->joined = false;
        pc->after_comma = t.after_comma;
    }
    pc->s = s;
    pc->len = n;
    classify(s, n, &pc->c, &w->rest, &w->rest_len);
    if (w->rest)
        pc->len = (size_t)(w->rest - s);
    return true;
}

enum group_type { G_TOPIC, G_PATCH, G_PULL };

static enum group_type group_type(const char *s, const char *end)
{
    group_walk w = {s, end, NULL, 0};
    piece pc;
    bool patch_word = false, marker = false, notice = false, pull = false, git = false;
    size_t pieces = 0;
    while (next_piece(&w, &pc)) {
        pieces++;
        switch (pc.c.kind) {
        case K_PATCH: patch_word = true; break;
        case K_RFC: case K_RESEND: case K_VERSION: case K_COUNTER: marker = true; break;
        case K_NOTICE: notice = true; break;
        case K_PULL: pull = true; break;
        case K_GIT: git = true; break;
        default: break;
        }
    }
    if (pull || (git && pieces == 1))
        return G_PULL;
    if (patch_word || (marker && !notice))
        return G_PATCH;
    return G_TOPIC;
}

/* ------------------------------------------------------------ parse state */

#define MAX_TAGS 16
#define MAX_TAG_LEN 64

typedef struct parse_state {
    subject_info *out;
    strbuf tags;        /* comma separated, as it will be handed out */
    size_t ntags;
    strbuf pending;     /* the tag being built from one or more words */
    bool pending_word;  /* pending is a run of words that may still grow */
    bool have_version, have_counter;
} parse_state;

static bool tag_seen(const parse_state *st, const char *t, size_t n)
{
    if (st->tags.len == 0)
        return false;
    const char *p = st->tags.data;
    const char *end = p + st->tags.len;
    while (p && p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        size_t len = (size_t)(stop - p);
        if (len == n) {
            size_t i = 0;
            while (i < n && lower(p[i]) == lower(t[i]))
                i++;
            if (i == n)
                return true;
        }
        p = stop + 1;
    }
    return false;
}

static void flush_tag(parse_state *st)
{
    strbuf *pe = &st->pending;
    if (pe->len > 0 && pe->len <= MAX_TAG_LEN && st->ntags < MAX_TAGS &&
        !tag_seen(st, pe->data, pe->len)) {
        if (st->tags.len)
            sb_addc(&st->tags, ',');
        sb_add(&st->tags, pe->data, pe->len);
        st->ntags++;
    }
    sb_reset(pe);
    st->pending_word = false;
}

static void add_tag(parse_state *st, const char *s, size_t n, bool may_join)
{
    flush_tag(st);
    if (n > MAX_TAG_LEN * 4)
        return;
    add_clean(&st->pending, s, s + n);
    st->pending_word = may_join;
}

static void add_word(parse_state *st, const piece *pc)
{
    bool word = is_word(pc->s, pc->len);
    if (word && st->pending_word && !pc->after_comma &&
        st->pending.len + 1 + pc->len <= MAX_TAG_LEN) {
        sb_addc(&st->pending, ' ');
        add_clean(&st->pending, pc->s, pc->s + pc->len);
        return;
    }
    add_tag(st, pc->s, pc->len, word);
}

static void set_counter(parse_state *st, int part, int total)
{
    if (st->have_counter)
        return;
    st->have_counter = true;
    st->out->part = part;
    st->out->total = total;
}

/* Takes one piece of a patch or pull group that is not part of an "N of M" counter. */
static void take_piece(parse_state *st, const piece *pc, enum group_type type)
{
    switch (pc->c.kind) {
    case K_PATCH:
        flush_tag(st);
        break;
    case K_PULL:
    case K_REQUEST:
    case K_GIT:
        if (type == G_PULL)
            flush_tag(st);
        else
            add_word(st, pc);
        break;
    case K_RFC:
        st->out->rfc = true;
        add_tag(st, "RFC", 3, false);
        break;
    case K_RESEND:
        st->out->resend = true;
        add_tag(st, "RESEND", 6, false);
        break;
    case K_VERSION:
        flush_tag(st);
        if (!st->have_version) {
            st->have_version = true;
            st->out->version = pc->c.a;
        }
        break;
    case K_COUNTER:
        flush_tag(st);
        set_counter(st, pc->c.a, pc->c.b);
        break;
    default:
        if (has_alnum(pc->s, pc->len))
            add_word(st, pc);
        else
            flush_tag(st);
        break;
    }
}

static void take_group(parse_state *st, const char *s, const char *end, enum group_type type)
{
    group_walk w = {s, end, NULL, 0};
    piece pc, held[2]; /* a number, then "of": maybe the start of "1 of 2" */
    size_t nheld = 0;
    while (next_piece(&w, &pc)) {
        if (nheld == 1 && !pc.joined && word_eq(pc.s, pc.len, "of")) {
            held[nheld++] = pc;
            continue;
        }
        if (nheld == 2 && pc.c.kind == K_NUMBER && pc.c.a >= 1 && held[0].c.a <= pc.c.a) {
            flush_tag(st);
            set_counter(st, held[0].c.a, pc.c.a);
            nheld = 0;
            continue;
        }
        for (size_t i = 0; i < nheld; i++)
            take_piece(st, &held[i], type);
        nheld = 0;
        if (pc.c.kind == K_NUMBER)
            held[nheld++] = pc;
        else
            take_piece(st, &pc, type);
    }
    for (size_t i = 0; i < nheld; i++)
        take_piece(st, &held[i], type);
    flush_tag(st);
}

/*
 * Patchwork's fallback: "(v2)" at the end of the title of a patch whose groups name
 * no version ("[PATCH] x86: fix foo (v2)"). Only at the end: inside a title it names
 * something else ("Add Foo (V2) Support": a hardware revision). Returns 0 when there
 * is none.
 */
static int title_version(const char *t)
{
    size_t len = strlen(t);
    if (len < 4 || t[len - 1] != ')')
        return 0;
    const char *close = t + len - 1, *d = close;
    while (d > t && is_digit(d[-1]))
        d--;
    if (d == close || d - t < 2 || d[-2] != '(' || (d[-1] != 'v' && d[-1] != 'V'))
        return 0;
    int v = parse_number(d, (size_t)(close - d));
    return v >= 1 ? v : 0;
}

/*
 * "pull-request: wireless-next-2024-03-04", "[PATCH net 0/5] pull-request: can
 * 2024-01-01": netdev's trees write the pull request in the title.
 */
static bool pull_request_title(const char *t)
{
    size_t n = 0;
    if (mem_eq_ci(t, "pull-request", 12) || mem_eq_ci(t, "pull request", 12))
        n = 12;
    else
        return false;
    while (t[n] == ' ')
        n++;
    return t[n] == ':';
}

/* ------------------------------------------------------------ entry points */

void subject_parse(const char *subject, subject_info *out)
{
    memset(out, 0, sizeof *out);
    out->version = 1;
    if (!subject)
        subject = "";
    const char *p = subject;
    const char *end = subject + strlen(subject);
    parse_state st = {.out = out, .tags = STRBUF_INIT, .pending = STRBUF_INIT};
    size_t wrappers = 0;  /* open "[user@host: ...]" forward wrappers */

    for (;;) {
        p = skip_space(p, end);
        if (p >= end)
            break;
        bool before_patch = !out->patch && !out->pull;
        const char *q;
        if (before_patch && (q = match_reply(p, end)) != NULL) {
            out->reply = true;
            p = q;
            continue;
        }
        if (*p == '(' && before_patch && (q = match_paren_note(p, end)) != NULL) {
            p = q;
            continue;
        }
        if (*p != '[')
            break;
        if (before_patch && (q = match_forward_wrapper(p, end)) != NULL) {
            out->reply = true;
            wrappers++;
            p = q;
            continue;
        }
        const char *close = group_end(p, end);
        if (!close)
            break; /* unbalanced: the title starts here */
        enum group_type type = group_type(p + 1, close);
        if (type == G_PATCH)
            out->patch = true;
        else if (type == G_PULL)
            out->pull = true;
        if (type != G_TOPIC)
            take_group(&st, p + 1, close, type);
        else if (!before_patch)
            take_group(&st, p + 1, close, G_PATCH); /* "[PATCH][next]": a tree name */
        /* a colon after a group is punctuation: "[Patch]: Fix", "[External] : Re:" */
        p = skip_space(close + 1, end);
        if (p < end && *p == ':')
            p++;
    }

    const char *title_end = end;
    for (; wrappers > 0; wrappers--) {
        while (title_end > p && space_len(title_end - 1, end))
            title_end--;
        if (title_end > p && title_end[-1] == ']')
            title_end--;
    }
    strbuf title = STRBUF_INIT;
    add_clean(&title, p, title_end);
    out->title = sb_detach(&title);
    if (pull_request_title(out->title))
        out->pull = true;
    out->versioned = st.have_version;
    if ((out->patch || out->pull) && !st.have_version) {
        int v = title_version(out->title);
        if (v > 0) {
            out->version = v;
            out->versioned = true;
        }
    }
    out->tags = st.tags.len ? sb_detach(&st.tags) : NULL;
    sb_free(&st.tags);
    sb_free(&st.pending);
}

int subject_take_title_version(subject_info *si)
{
    char *t = si->title;
    size_t len = strlen(t);
    char close = len ? t[len - 1] : 0;
    size_t end = close == ')' || close == ']' ? len - 1 : len, d = end;
    while (d > 0 && is_digit(t[d - 1]))
        d--;
    if (d == end || d < 2 || (t[d - 1] != 'v' && t[d - 1] != 'V'))
        return 0;
    size_t start = d - 1; /* at the 'v' */
    if (end < len) {
        if (start < 1 || t[start - 1] != (close == ')' ? '(' : '['))
            return 0;
        start--;
    }
    int v = parse_number(t + d, end - d);
    if (v < 1 || start < 2 || t[start - 1] != ' ')
        return 0;
    t[start - 1] = '\0';
    si->version = v;
    si->versioned = true;
    return v;
}

void subject_info_free(subject_info *si)
{
    free(si->tags);
    free(si->title);
    si->tags = NULL;
    si->title = NULL;
}
