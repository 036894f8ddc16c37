/* SPDX-License-Identifier: BSD-2-Clause */
/* notice: applied notices and verdict lines recognised by their shape (see notice.h). */
#include "notice.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "text_line.h"
#include "xalloc.h"

#define MAX_NAME 100
#define MAX_LIST_LINE 512                       /* longer lines name no patch or commit */
#define MAX_LIST_LINES (4 * NOTICE_MAX_PATCHES) /* lines read after the opening line */

/* A view of part of a line. */
typedef struct span {
    const char *s;
    size_t n;
} span;

static span trimmed(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return (span){s, n};
}

static bool starts(span t, const char *prefix)
{
    size_t k = strlen(prefix);
    return t.n >= k && !memcmp(t.s, prefix, k);
}

static bool starts_ci(span t, const char *prefix)
{
    size_t k = strlen(prefix);
    return t.n >= k && !strncasecmp(t.s, prefix, k);
}

static span after(span t, size_t k)
{
    return (span){t.s + k, t.n - k};
}

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || strchr("._/+-", c);
}

/* A copy of a tree or branch name, or NULL when it is none. */
static char *name_copy(span t)
{
    if (t.n == 0 || t.n > MAX_NAME || t.s[0] == '-' || t.s[0] == '.')
        return NULL;
    for (size_t i = 0; i < t.n; i++)
        if (!is_name_char(t.s[i]))
            return NULL;
    return xstrndup(t.s, t.n);
}

/* The first word of t (up to white space). */
static span first_word(span t)
{
    size_t i = 0;
    while (i < t.n && !isspace((unsigned char)t.s[i]))
        i++;
    return (span){t.s, i};
}

/* A commit; the last patch named gets it when it has none yet, else the last range
   when the notice names parts by ranges and that one has none yet. */
static void add_commit(notice *n, const char *hex, size_t len)
{
    if (n->commits.n >= NOTICE_MAX_PATCHES)
        return;
    char *c = xstrndup(hex, len);
    for (char *p = c; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (!string_list_has(&n->commits, c))
        string_list_add(&n->commits, c);
    char **last = n->patch_commits.n ? &n->patch_commits.v[n->patch_commits.n - 1] : NULL;
    notice_range *range = n->nranges ? &n->ranges[n->nranges - 1] : NULL;
    if (last && !**last) {
        free(*last);
        *last = c;
    } else if (!last && range && !range->commit) {
        range->commit = c;
    } else {
        free(c);
    }
}

/* A patch the notice names, without a commit yet. */
static void add_patch(notice *n, const char *title, size_t len)
{
    string_list_addn(&n->patches, title, len);
    string_list_add(&n->patch_commits, "");
}

/* A commit named on the line after one of the markers (notice.h). */
static bool find_commit(span t, notice *n)
{
    static const char *const markers[] = {"commit: ", "Commit-ID:", "/c/", "/commit/", "id="};
    for (size_t m = 0; m < sizeof markers / sizeof markers[0]; m++) {
        size_t k = strlen(markers[m]);
        const char *at = t.s;
        for (; (at = find_ci(at, t.n - (size_t)(at - t.s), markers[m])) != NULL; at++) {
            size_t p = (size_t)(at - t.s) + k, h = 0;
            while (p < t.n && t.s[p] == ' ')
                p++;
            while (p + h < t.n && h <= 40 && isxdigit((unsigned char)t.s[p + h]))
                h++;
            bool ended = p + h == t.n || isspace((unsigned char)t.s[p + h]) ||
                         strchr("/).,;>", t.s[p + h]);
            if (h >= 7 && h <= 40 && ended) {
                add_commit(n, t.s + p, h);
                return true;
            }
        }
    }
    return false;
}

/* "[v2,1/3] title" (after an optional "- "): adds "[1/3] title", or "title" when the
   group holds no counter and need_counter is false. */
static bool find_patch(span t, bool need_counter, notice *n)
{
    if (starts(t, "- "))
        t = trimmed(t.s + 2, t.n - 2);
    if (!starts(t, "["))
        return false;
    const char *close = memchr(t.s, ']', t.n < 120 ? t.n : 120);
    if (!close)
        return false;
    span group = {t.s + 1, (size_t)(close - t.s - 1)};
    span title = trimmed(close + 1, (size_t)(t.s + t.n - close - 1));
    /* the counter is the last comma- or space-separated token of the group */
    size_t start = group.n;
    while (start && group.s[start - 1] != ',' && group.s[start - 1] != ' ')
        start--;
    span last = {group.s + start, group.n - start};
    const char *slash = memchr(last.s, '/', last.n);
    bool counter = slash && slash > last.s && slash < last.s + last.n - 1 && last.n <= 9;
    for (size_t i = 0; counter && i < last.n; i++)
        counter = isdigit((unsigned char)last.s[i]) || last.s + i == slash;
    if ((!counter && need_counter) || title.n == 0 || n->patches.n >= NOTICE_MAX_PATCHES)
        return counter;
    if (title.n > NOTICE_MAX_TITLE)
        title.n = NOTICE_MAX_TITLE;
    strbuf entry = STRBUF_INIT;
    if (counter) {
        /* "01/03" -> "1/3" */
        const char *num = last.s;
        while (num < slash - 1 && *num == '0')
            num++;
        sb_addf(&entry, "[%.*s/", (int)(slash - num), num);
        const char *den = slash + 1;
        while (den < last.s + last.n - 1 && *den == '0')
            den++;
        sb_addf(&entry, "%.*s] ", (int)(last.s + last.n - den), den);
    }
    sb_add(&entry, title.s, title.n);
    add_patch(n, entry.data, entry.len);
    sb_free(&entry);
    return true;
}

/* A copy of the value of the query parameter key ("h=") of the URL u, up to '&'. */
static char *url_query_value(span u, const char *key)
{
    size_t k = strlen(key);
    for (size_t i = 0; i + 1 + k <= u.n; i++)
        if ((u.s[i] == '?' || u.s[i] == '&') && !memcmp(u.s + i + 1, key, k)) {
            span v = {u.s + i + 1 + k, u.n - i - 1 - k};
            const char *amp = memchr(v.s, '&', v.n);
            if (amp)
                v.n = (size_t)(amp - v.s);
            return name_copy(v);
        }
    return NULL;
}

/* "https://host/pub/scm/fs/fscrypt/linux.git/log/?h=for-next": tree
   "fs/fscrypt/linux.git", branch "for-next". */
static void applied_to_url(span u, char **tree, char **branch)
{
    const char *host = memmem(u.s, u.n, "://", 3);
    if (!host)
        return;
    span path = {host + 3, (size_t)(u.s + u.n - host - 3)};
    const char *slash = memchr(path.s, '/', path.n);
    if (!slash)
        return;
    path = (span){slash + 1, (size_t)(path.s + path.n - slash - 1)};
    if (starts(path, "pub/scm/"))
        path = after(path, 8);
    const char *git = memmem(path.s, path.n, ".git", 4);
    if (git)
        *tree = name_copy((span){path.s, (size_t)(git + 4 - path.s)});
    *branch = url_query_value(u, "h=");
}

/* What follows "Applied to ": "BRANCH", "TREE.git", "TREE#BRANCH", a URL, "the
   BRANCH branch of the TREE tree", "the TREE tree" or "the BRANCH branch". False for
   words that name no branch ("my local tree"). */
static bool applied_to(span rest, char **tree_out, char **branch_out)
{
    span word = first_word(rest);
    while (word.n && strchr(".,!:;", word.s[word.n - 1]))
        word.n--;
    if (memmem(word.s, word.n, "://", 3)) {
        applied_to_url(word, tree_out, branch_out);
        return true;
    }
    if (word.n == 3 && !strncasecmp(word.s, "the", 3)) {
        span br = first_word(trimmed(word.s + 3, rest.n - 3));
        span tail = trimmed(br.s + br.n, (size_t)(rest.s + rest.n - br.s - br.n));
        if (starts(tail, "branch of the ")) {
            *branch_out = name_copy(br);
            *tree_out = name_copy(first_word(after(tail, 14)));
        } else if (starts_ci(tail, "tree")) {
            *tree_out = name_copy(br);
        } else if (starts_ci(tail, "branch")) {
            *branch_out = name_copy(br);
        } else {
            return false;
        }
        return true;
    }
    static const char *const not_branches[] = {"my", "a", "our", "local", "your", "this"};
    for (size_t i = 0; i < sizeof not_branches / sizeof not_branches[0]; i++)
        if (word.n == strlen(not_branches[i]) && !strncasecmp(word.s, not_branches[i], word.n))
            return false;
    const char *hash = memchr(word.s, '#', word.n);
    if (hash) {
        *tree_out = name_copy((span){word.s, (size_t)(hash - word.s)});
        *branch_out = name_copy((span){hash + 1, (size_t)(word.s + word.n - hash - 1)});
    } else if ((word.n > 4 && !memcmp(word.s + word.n - 4, ".git", 4)) ||
               starts_ci(trimmed(word.s + word.n, (size_t)(rest.s + rest.n - word.s - word.n)),
                         "tree")) {
        *tree_out = name_copy(word); /* "fscrypt.git", "fscrypt tree" */
    } else {
        *branch_out = name_copy(word);
    }
    return true;
}

/* t without one of the words of `words` (any case) and the white space after it. */
static span skip_word(span t, const char *const *words, size_t nwords)
{
    for (size_t i = 0; i < nwords; i++)
        if (starts_ci(t, words[i]))
            return trimmed(t.s + strlen(words[i]), t.n - strlen(words[i]));
    return t;
}

static span skip_thanks(span t)
{
    static const char *const thanks[] = {"thanks,", "thanks!", "thank you,", "thank you!"};
    return skip_word(t, thanks, sizeof thanks / sizeof *thanks);
}

/* The branch of "Applied for next" / "for fixes" / "for net-next": a word that names
   one of the branches kernel trees keep for what is queued (next, fixes, for-next,
   for-linus, *-next, *-fixes); NULL for a release ("for 6.3"), "for now" and the like. */
static char *queue_branch(span rest)
{
    span word = first_word(rest);
    while (word.n && strchr(".,!:;)", word.s[word.n - 1]))
        word.n--;
    static const char *const names[] = {"next", "fixes", "for-next", "for-linus"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (word.n == strlen(names[i]) && !memcmp(word.s, names[i], word.n))
            return name_copy(word);
    static const char *const suffixes[] = {"-next", "-fixes"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = strlen(suffixes[i]);
        if (word.n > k && !memcmp(word.s + word.n - k, suffixes[i], k))
            return name_copy(word);
    }
    return NULL;
}

/* What may follow "applied": nothing, , . ! : ;, " to ..." (its tree and branch),
   " for ..." (a queue's branch, else nothing), " with ..." or " and pushed". */
static bool applied_tail(span rest, char **tree, char **branch)
{
    if (starts_ci(rest, " for ")) {
        *branch = queue_branch(trimmed(rest.s + 5, rest.n - 5));
        return true;
    }
    if (rest.n == 0 || strchr(",.!:;", rest.s[0]) || starts_ci(rest, " with ") ||
        starts_ci(rest, " and pushed"))
        return true;
    return starts_ci(rest, " to ") && applied_to(trimmed(rest.s + 4, rest.n - 4), tree, branch);
}

/* A part number, 1 to NOTICE_MAX_PATCHES, at the start of *t (after an optional '#');
   0 when none. */
static int part_number(span *t)
{
    size_t i = t->n && t->s[0] == '#' ? 1 : 0, digits = 0;
    int v = 0;
    while (i + digits < t->n && digits < 3 && isdigit((unsigned char)t->s[i + digits]))
        v = v * 10 + (t->s[i + digits++] - '0');
    if (!digits || v < 1 || v > NOTICE_MAX_PATCHES)
        return 0;
    *t = after(*t, i + digits);
    return v;
}

/* "patch" or "patches" (or "patch9", as Ulf Hansson writes it) and the parts it names
   ("1-4", "5", "1, 2 and 4", "#3"), each range passed to take(first, last, arg); *t is
   left after the last part. The number of ranges read. */
static size_t parts_read(span *t, void (*take)(int, int, void *), void *arg)
{
    span s = *t;
    if (starts_ci(s, "patches "))
        s = after(s, 8);
    else if (starts_ci(s, "patch ") ||
             (starts_ci(s, "patch") && s.n > 5 && isdigit((unsigned char)s.s[5])))
        s = trimmed(s.s + 5, s.n - 5);
    else
        return 0;
    size_t read = 0;
    for (;;) {
        int first = part_number(&s), last = first;
        if (!first)
            break;
        if (s.n && s.s[0] == '-') {
            span to = after(s, 1);
            last = part_number(&to);
            if (last < first)
                break;
            s = to;
        }
        take(first, last, arg);
        read++;
        span next = trimmed(s.s, s.n);
        if (next.n && strchr(",&", next.s[0]))
            next = trimmed(next.s + 1, next.n - 1);
        else if (starts_ci(next, "and "))
            next = trimmed(next.s + 4, next.n - 4);
        else
            break;
        if (!next.n || !(isdigit((unsigned char)next.s[0]) || next.s[0] == '#'))
            break;
        s = next;
    }
    *t = s;
    return read;
}

static void add_range(int first, int last, void *arg)
{
    notice *n = arg;
    if (n->nranges < NOTICE_MAX_RANGES)
        n->ranges[n->nranges++] = (notice_range){.first = first, .last = last};
}

/* parts_read, the ranges added to n without a place. The number added. */
static size_t parts_named(span *t, notice *n)
{
    size_t before = n->nranges;
    parts_read(t, add_range, n);
    return n->nranges - before;
}

static void exclude_range(int first, int last, void *arg)
{
    notice *n = arg;
    for (int part = first; part <= last; part++)
        n->excluded |= 1ULL << (part - 1);
}

/* The word w (any case) at t, then a space or the end of t. */
static bool word_at(span t, const char *w)
{
    size_t k = strlen(w);
    return t.n >= k && !strncasecmp(t.s, w, k) && (t.n == k || !isalnum((unsigned char)t.s[k]));
}

/* The exceptions of one line of an "Applied" reply: the parts it says were not applied,
   into n->excluded, and n->excepts when it says some were not. Read, at the start of
   each word: "all but", "except (for)", "leaving (out)", "but not", "apart from",
   "other than" and "minus", then the parts ("Applied all but patch 9", "leaving patch9
   for arm soc", "except for patch 3 and 5"): the line makes the notice partial (opening:
   the line with the "Applied"; on a later line only with parts); "without", "dropped",
   "dropping", "drop" or "leave", then the parts ("(without patch 2)", "dropped patch 4"); the
   parts then "(is, was, ...) dropped", "not applied", "skipped" or "left out" ("Patch 9
   dropped"). One pass: each word start is looked at once, parts are read past. */
static void read_exceptions(span t, bool opening, notice *n)
{
    static const char *const partial[] = {"all but", "except for", "except", "leaving out",
                                          "leaving", "but not", "apart from", "other than",
                                          "minus"};
    static const char *const with_parts[] = {"without", "dropped", "dropping", "drop", "leave"};
    static const char *const be[] = {"is ", "are ", "was ", "were ", "has been ", "have been ",
                                     "now "};
    static const char *const not_applied[] = {"dropped", "not applied", "skipped", "left out"};
    size_t i = 0;
    while (i < t.n) {
        span r = after(t, i);
        if (i && isalnum((unsigned char)t.s[i - 1])) {
            i++;
            continue;
        }
        bool keyword = false, needs_parts = true;
        for (size_t k = 0; !keyword && k < sizeof partial / sizeof *partial; k++)
            if (word_at(r, partial[k])) {
                r = trimmed(r.s + strlen(partial[k]), r.n - strlen(partial[k]));
                keyword = true;
                needs_parts = !opening;
            }
        for (size_t k = 0; !keyword && k < sizeof with_parts / sizeof *with_parts; k++)
            if (word_at(r, with_parts[k])) {
                r = trimmed(r.s + strlen(with_parts[k]), r.n - strlen(with_parts[k]));
                keyword = true;
            }
        if (keyword) {
            if (starts_ci(r, "the "))
                r = after(r, 4);
            unsigned long long before = n->excluded;
            bool read = parts_read(&r, exclude_range, n) > 0;
            if (!read && needs_parts)
                n->excluded = before;
            n->excepts |= read || !needs_parts;
            i = (size_t)(r.s - t.s) + (r.s == t.s + i);
            continue;
        }
        unsigned long long before = n->excluded;
        if (parts_read(&r, exclude_range, n)) {
            span verb = skip_word(trimmed(r.s, r.n), be, sizeof be / sizeof *be);
            bool says = false;
            for (size_t k = 0; !says && k < sizeof not_applied / sizeof *not_applied; k++)
                says = word_at(verb, not_applied[k]);
            if (says)
                n->excepts = true;
            else
                n->excluded = before;
            i = (size_t)(r.s - t.s);
            continue;
        }
        i++;
    }
}

static void no_range(int first, int last, void *arg)
{
    (void)first, (void)last, (void)arg;
}

/* "Applied" as the first word (after "Thanks," or "Thank you," and "All" or "Both"),
   then applied_tail, or an exception and parts, then applied_tail or anything ("all
   but", "except (for)", in parentheses too, and "(leaving": also without parts;
   "(without" and "without" only with parts); read_exceptions reads the exceptions. */
static bool applied_line(span t, notice *n)
{
    static const char *const all[] = {"all ", "both "};
    t = skip_word(skip_thanks(t), all, sizeof all / sizeof *all);
    if (!starts_ci(t, "applied"))
        return false;
    span rest = after(t, 7);
    static const struct {
        const char *words;
        bool needs_parts; /* "Applied without changes" is no exception */
    } but[] = {{" all but ", false}, {" except for ", false}, {" except ", false},
               {" (all but ", false}, {" (except for ", false}, {" (except ", false},
               {" (leaving ", false}, {" without ", true}, {" (without ", true}};
    for (size_t i = 0; i < sizeof but / sizeof *but; i++) {
        size_t k = strlen(but[i].words);
        if (!starts_ci(rest, but[i].words))
            continue;
        span r = trimmed(rest.s + k, rest.n - k);
        bool parts = parts_read(&r, no_range, NULL) > 0;
        if (parts)
            applied_tail(r, &n->tree, &n->branch);
        if (parts || !but[i].needs_parts)
            return true;
    }
    return applied_tail(rest, &n->tree, &n->branch);
}

/* One clause naming parts: "Patches 1-4 applied to TREE" or "Applied patches 1-2 to
   BRANCH"; its ranges get its tree and branch. False (nothing added) otherwise. */
static bool parts_clause(span t, notice *n)
{
    static const char *const be[] = {"is ", "are ", "was ", "were ", "has been ", "have been ",
                                     "now "};
    size_t before = n->nranges, added;
    span rest;
    if (starts_ci(t, "applied ")) {
        rest = trimmed(t.s + 8, t.n - 8);
        added = parts_named(&rest, n);
    } else {
        rest = t;
        added = parts_named(&rest, n);
        span verb = skip_word(trimmed(rest.s, rest.n), be, sizeof be / sizeof *be);
        if (!starts_ci(verb, "applied"))
            added = 0;
        rest = after(verb, verb.n < 7 ? verb.n : 7);
    }
    char *tree = NULL, *branch = NULL;
    if (!added || !applied_tail(rest, &tree, &branch)) {
        n->nranges = before;
        return false;
    }
    for (size_t i = before; i < n->nranges; i++) {
        n->ranges[i].tree = tree ? xstrdup(tree) : NULL;
        n->ranges[i].branch = branch ? xstrdup(branch) : NULL;
    }
    free(tree);
    free(branch);
    return true;
}

/* Where the next clause of a line starts: ", patch", "; patch", ". patch" or " and
   patch" (any case); t.n when none. */
static size_t next_clause(span t)
{
    for (size_t i = 1; i < t.n; i++) {
        span r = after(t, i);
        if (strchr(",;.", t.s[i]))
            r = trimmed(r.s + 1, r.n - 1);
        else if (starts_ci(r, " and "))
            r = trimmed(r.s + 5, r.n - 5);
        else
            continue;
        if (starts_ci(r, "and "))
            r = trimmed(r.s + 4, r.n - 4);
        if (starts_ci(r, "patch"))
            return i;
    }
    return t.n;
}

/* A line whose first words name parts and where they were applied (parts_clause),
   clause after clause. */
static bool parts_line(span t, notice *n)
{
    t = skip_thanks(t);
    bool any = false;
    while (t.n) {
        size_t end = next_clause(t);
        if (!parts_clause(trimmed(t.s, end), n))
            break;
        any = true;
        t = after(t, end);
        if (t.n)
            t = trimmed(t.s + 1, t.n - 1); /* the separator's first character */
        if (starts_ci(t, "and "))
            t = trimmed(t.s + 4, t.n - 4);
    }
    return any;
}

/* The commands of netdev's mailbot (nipa mailbot.py, pw_act_map) and what each sets. */
static const char *pw_bot_verdict(span cmd)
{
    static const struct {
        const char *cmd, *verdict;
    } table[] = {
        {"cr", "changes-requested"}, {"changes-requested", "changes-requested"},
        {"accept", "accepted"},      {"accepted", "accepted"},
        {"reject", "rejected"},      {"rejected", "rejected"},
        {"defer", "deferred"},       {"deferred", "deferred"},
        {"au", "awaiting-upstream"}, {"awaiting-upstream", "awaiting-upstream"},
        {"nap", "not-applicable"},   {"not-applicable", "not-applicable"},
        /* back in the queue: these replace an earlier verdict */
        {"new", "new"},
        {"ur", "under-review"},      {"under-review", "under-review"},
        {"under review", "under-review"},
        {"nac", "needs-ack"},        {"needs-ack", "needs-ack"},
        {"need-ack", "needs-ack"},   {"needs ack", "needs-ack"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (cmd.n == strlen(table[i].cmd) && !strncasecmp(cmd.s, table[i].cmd, cmd.n))
            return table[i].verdict;
    return NULL;
}

/* "This series was applied to TREE (BRANCH)". */
static bool patchwork_line(span t, notice *n)
{
    span rest;
    if (starts(t, "This series was applied to "))
        rest = after(t, 27);
    else if (starts(t, "This patch was applied to "))
        rest = after(t, 26);
    else
        return false;
    span tree = first_word(rest);
    n->tree = name_copy(tree);
    span br = trimmed(tree.s + tree.n, rest.n - tree.n);
    if (br.n > 2 && br.s[0] == '(' && br.s[br.n - 1] == ')')
        n->branch = name_copy((span){br.s + 1, br.n - 2});
    return true;
}

/* "has been merged into TREE:" */
static bool pr_tracker_line(span t, notice *n)
{
    if (!starts(t, "has been merged into ") || t.s[t.n - 1] != ':')
        return false;
    n->tree = name_copy((span){t.s + 21, t.n - 22});
    return true;
}

/* What one pass over the new (unquoted) lines of the body found. */
typedef struct body_scan {
    notice *n;
    const char *trigger;      /* the shape whose opening line was seen, or NULL */
    size_t list_lines;        /* lines read since */
    bool need_counter;        /* patch lines must carry "k/N" */
    bool seen_quote, seen_text, checked_after_quote;
    bool pull_request;        /* "The pull request you sent on" seen */
    const char *verdict;      /* of the first pw-bot line with a known command */
    int verdict_lines;        /* pw-bot lines, up to 2 */
    bool seen_separator;      /* a line "---" was seen */
    bool verdict_in_notes;    /* the first pw-bot line came after it */
    bool nacked;
} body_scan;

/* t: a line without its white space at either end; indented: it had some at the start. */
static void scan_line(body_scan *b, span t, bool indented)
{
    notice *n = b->n;
    if (b->trigger) {
        if (t.n <= MAX_LIST_LINE && !strcmp(b->trigger, "reply"))
            read_exceptions(t, false, n);
        if (t.n <= MAX_LIST_LINE && !(n->nranges && parts_line(t, n)) && !find_commit(t, n))
            find_patch(t, b->need_counter, n);
        return;
    }
    bool first_text = !b->seen_text || (b->seen_quote && !b->checked_after_quote);
    b->seen_text = true;
    if (b->seen_quote)
        b->checked_after_quote = true;
    if (patchwork_line(t, n)) {
        b->trigger = "patchwork-bot";
    } else if (starts(t, "The pull request you sent on ")) {
        b->pull_request = true;
    } else if (b->pull_request && pr_tracker_line(t, n)) {
        b->trigger = "pr-tracker-bot";
    } else if (first_text && (parts_line(t, n) || applied_line(t, n))) {
        b->trigger = "reply";
        b->need_counter = true;
        read_exceptions(t, true, n);
    } else if (!indented && starts_ci(t, "pw-bot:")) {
        if (!b->verdict_lines)
            b->verdict_in_notes = b->seen_separator;
        if (b->verdict_lines < 2)
            b->verdict_lines++;
        if (!b->verdict)
            b->verdict = pw_bot_verdict(trimmed(t.s + 7, t.n - 7)); /* the rest of the line */
    } else if (!indented && t.n == 3 && !memcmp(t.s, "---", 3)) {
        b->seen_separator = true;
    } else if (starts_ci(t, "Nacked-by:")) {
        b->nacked = true;
    }
}

static void scan_body(const char *body, body_scan *b)
{
    size_t len = strlen(body), pos = 0;
    line l;
    while (next_line(body, len, &pos, &l) && !(b->trigger && b->list_lines > MAX_LIST_LINES)) {
        span t = trimmed(l.start, l.len);
        if (t.n == 0)
            continue;
        if (b->trigger)
            b->list_lines++;
        if (t.s[0] == '>') {
            b->seen_quote = true;
            continue;
        }
        scan_line(b, t, t.s != l.start);
    }
}

static bool same_name(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* The notice's tree and branch: those every range names, when they all name the same. */
static void place_of_ranges(notice *n)
{
    for (size_t i = 1; i < n->nranges; i++)
        if (!same_name(n->ranges[i].tree, n->ranges[0].tree) ||
            !same_name(n->ranges[i].branch, n->ranges[0].branch))
            return;
    n->tree = n->ranges[0].tree ? xstrdup(n->ranges[0].tree) : NULL;
    n->branch = n->ranges[0].branch ? xstrdup(n->ranges[0].branch) : NULL;
}

static bool applied_reply(const patch_facts *pf, const body_scan *b, notice *n)
{
    if (!b->trigger)
        return false;
    if (n->nranges)
        place_of_ranges(n);
    n->kind = NOTICE_APPLIED;
    n->shape = b->trigger;
    if (!strcmp(b->trigger, "reply") &&
        (n->commits.n || (pf->message_id && strstr(pf->message_id, "b4-ty@"))))
        n->shape = "b4-ty";
    return true;
}

/* tip-bot2: "[tip: BRANCH] title" with its merge line and Commit-ID. */
static bool tip_bot(const patch_facts *pf, notice *n)
{
    span subj = trimmed(pf->subject_text, strlen(pf->subject_text));
    if (!starts(subj, "[tip: ") || !pf->body)
        return false;
    const char *close = memchr(subj.s, ']', subj.n);
    if (!close)
        return false;
    size_t len = strlen(pf->body), pos = 0;
    line l;
    bool merged = false;
    while (next_line(pf->body, len, &pos, &l) && !n->commits.n) {
        span t = trimmed(l.start, l.len);
        if (starts(t, "The following commit has been merged into the ") &&
            has_ci(t.s, t.n, " branch of tip:"))
            merged = true;
        else if (merged && starts(t, "Commit-ID:"))
            find_commit(t, n);
    }
    if (!n->commits.n)
        return false;
    n->kind = NOTICE_APPLIED;
    n->shape = "tip-bot2";
    n->tree = xstrdup("tip");
    n->branch = name_copy(trimmed(subj.s + 6, (size_t)(close - subj.s - 6)));
    span title = trimmed(close + 1, (size_t)(subj.s + subj.n - close - 1));
    if (title.n)
        add_patch(n, title.s, title.n < NOTICE_MAX_TITLE ? title.n : NOTICE_MAX_TITLE);
    return true;
}

/* mm-commits: the reason in the subject's first group of a "removed" notice. */
static bool mm_removed(span subj, notice *n)
{
    if (!starts(subj, "["))
        return false;
    const char *close = memchr(subj.s, ']', subj.n < 64 ? subj.n : 64);
    if (!close)
        return false;
    span group = {subj.s + 1, (size_t)(close - subj.s - 1)};
    span reason = first_word(group);
    if (reason.n == 6 && !memcmp(reason.s, "merged", 6)) {
        n->kind = NOTICE_APPLIED;
        n->branch = name_copy(trimmed(reason.s + 6, group.n - 6));
        return true;
    }
    static const struct {
        const char *reason, *verdict;
    } table[] = {
        {"nacked", "nacked"},
        {"to-be-updated", "changes-requested"},
        {"obsolete", "obsolete"},
        {"withdrawn", "withdrawn"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (group.n == strlen(table[i].reason) && !memcmp(group.s, table[i].reason, group.n)) {
            n->kind = NOTICE_VERDICT;
            n->verdict = table[i].verdict;
            return true;
        }
    return false;
}

/* akpm's mm-commits: "The patch titled", "Subject: title", "has been added to the -mm
   BRANCH branch" or "has been removed from the -mm tree". */
static bool mm_commits(const patch_facts *pf, notice *n)
{
    if (!pf->body)
        return false;
    size_t len = strlen(pf->body), pos = 0;
    line l;
    int step = 0; /* 1: "The patch titled" seen, 2: its Subject too */
    span title = {0};
    while (next_line(pf->body, len, &pos, &l)) {
        span t = trimmed(l.start, l.len);
        if (t.n == 0)
            continue;
        if (step == 0) {
            step = (starts(t, "The patch titled") || starts(t, "The quilt patch titled")) ? 1 : -1;
        } else if (step == 1) {
            if (!starts(t, "Subject: "))
                return false;
            title = after(t, 9);
            step = 2;
        } else if (starts(t, "has been added to the -mm ")) {
            span rest = after(t, 26);
            span br = first_word(rest);
            if (has_ci(rest.s, rest.n, " branch"))
                n->branch = name_copy(br);
            n->kind = NOTICE_APPLIED;
            break;
        } else if (starts(t, "has been removed from the -mm tree")) {
            span subj = trimmed(pf->subject_text, strlen(pf->subject_text));
            if (!mm_removed(subj, n))
                return false;
            break;
        } else {
            return false;
        }
        if (step < 0)
            return false;
    }
    if (n->kind == NOTICE_NONE)
        return false;
    n->shape = "mm-commits";
    n->tree = xstrdup("mm");
    if (title.n)
        add_patch(n, title.s, title.n < NOTICE_MAX_TITLE ? title.n : NOTICE_MAX_TITLE);
    return true;
}

bool notice_read(const patch_facts *pf, notice *out)
{
    memset(out, 0, sizeof *out);
    if (!pf->body)
        return false;
    if (tip_bot(pf, out) || mm_commits(pf, out))
        return true;
    notice_free(out);
    body_scan b = {.n = out};
    scan_body(pf->body, &b);
    if (applied_reply(pf, &b, out))
        return true;
    notice_free(out);
    if (b.verdict || b.nacked) {
        out->kind = NOTICE_VERDICT;
        out->shape = b.verdict ? "pw-bot" : "nacked-by";
        out->verdict = b.verdict ? b.verdict : "nacked";
        out->verdict_lines = b.verdict ? b.verdict_lines : 0;
        out->in_notes = b.verdict && b.verdict_in_notes;
        return true;
    }
    return false;
}

void notice_free(notice *n)
{
    free(n->tree);
    free(n->branch);
    string_list_free(&n->commits);
    string_list_free(&n->patches);
    string_list_free(&n->patch_commits);
    for (size_t i = 0; i < n->nranges; i++) {
        free(n->ranges[i].tree);
        free(n->ranges[i].branch);
        free(n->ranges[i].commit);
    }
    memset(n, 0, sizeof *n);
}

bool notice_is_automated(const notice *n)
{
    return n->shape && strcmp(n->shape, "reply") && strcmp(n->shape, "pw-bot") &&
           strcmp(n->shape, "nacked-by");
}
