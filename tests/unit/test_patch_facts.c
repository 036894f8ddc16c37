/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for patch facts: kind, and what the extraction takes from a message (body
   author, files, trailers, links, decoding); the parts on their own: test_mailinfo.c,
   test_trailers.c, test_diff_files.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "patch_facts.h"
#include "patchid.h"

typedef struct loaded {
    strbuf raw;
    mail_message msg;
    patch_facts pf;
} loaded;

static loaded *load(const char *name)
{
    loaded *l = calloc(1, sizeof *l);
    fixture_read(name, &l->raw);
    mail_parse(&l->msg, l->raw.data, l->raw.len);
    patch_facts_extract(&l->msg, NULL, &l->pf);
    return l;
}

static void unload(loaded *l)
{
    patch_facts_free(&l->pf);
    mail_free(&l->msg);
    sb_free(&l->raw);
    free(l);
}

static void patch_with_in_body_author(void **state)
{
    (void)state;
    loaded *l = load("mail/patch-inbody-from.eml");
    patch_facts *pf = &l->pf;
    assert_int_equal(pf->kind, PATCH_KIND_PATCH);
    assert_string_equal(pf->subject_text, "[PATCH v3 2/4] fscrypt: fix the folded title");
    assert_int_equal(pf->subject.version, 3);
    assert_string_equal(pf->author, "J\xc3\xb6rg Author <Joerg@example.org>");
    assert_string_equal(pf->from, "Sender Person <sender@relay.example.com>");
    assert_string_equal(pf->message_id, "20251202101112.2-sender@relay.example.com");
    assert_string_equal(pf->in_reply_to, "20251202101112.0-sender@relay.example.com");
    assert_string_equal(pf->list_id, "linux-fscrypt.vger.kernel.org");
    assert_int_equal(pf->date, 1764666672);
    assert_int_equal(pf->files.n, 1);
    assert_string_equal(pf->files.v[0], "fs/crypto/keyring.c");
    assert_int_equal(strlen(pf->patch_id), 40);
    assert_non_null(strstr(pf->commit_message, "Fix the thing."));
    assert_non_null(strstr(pf->commit_message, "1 file changed"));
    assert_null(strstr(pf->commit_message, "diff --git"));
    assert_null(strstr(pf->commit_message, "From:"));
    assert_true(strncmp(pf->diff, "diff --git", 10) == 0);
    assert_int_equal(pf->ntrailers, 2);
    assert_string_equal(pf->trailers[1].name, "Reviewed-by");
    assert_null(pf->review); /* only replies carry a review summary */
    unload(l);
}

static void b4_cover_links_and_diffstat(void **state)
{
    (void)state;
    loaded *l = load("mail/cover-b4.eml");
    patch_facts *pf = &l->pf;
    assert_int_equal(pf->kind, PATCH_KIND_COVER);
    assert_string_equal(pf->change_id, "20251101-faster-0123456789ab");
    assert_int_equal(pf->prior_msgids.n, 1);
    assert_string_equal(pf->prior_msgids.v[0], "20251101-faster-v1-0-abcdef123456@example.org");
    assert_int_equal(pf->files.n, 3);
    assert_string_equal(pf->files.v[0], "drivers/crypto/a.c");
    assert_string_equal(pf->files.v[1], ".../selftests/crypto/very/long/path/test_b.c");
    assert_string_equal(pf->files.v[2], "include/linux/new.h");
    assert_string_equal(pf->patch_id, "");
    assert_null(pf->diff);
    assert_non_null(strstr(pf->commit_message, "2 files changed"));
    unload(l);
}

static void cover_footnote_link_to_prior_version(void **state)
{
    (void)state;
    loaded *l = load("mail/cover-footnote.eml");
    patch_facts *pf = &l->pf;
    assert_int_equal(pf->kind, PATCH_KIND_COVER);
    assert_int_equal(pf->subject.version, 12);
    assert_int_equal(pf->prior_msgids.n, 1);
    assert_string_equal(pf->prior_msgids.v[0], "20250925172851.606193-1-sagis@example.com");
    unload(l);
}

static void reply_review_trailers_not_quoted(void **state)
{
    (void)state;
    loaded *l = load("mail/reply-review.eml");
    assert_int_equal(l->pf.kind, PATCH_KIND_REPLY);
    assert_string_equal(l->pf.review, "Reviewed-by, Tested-by");
    unload(l);
}

/* The facts a reply is recorded with are those the whole extraction gives it; a
   message whose subject is no reply gets them all. */
static void reply_facts_alone(void **state)
{
    (void)state;
    loaded *l = load("mail/reply-review.eml");
    patch_facts r;
    patch_facts_extract_reply(&l->msg, &r);
    assert_int_equal(r.kind, l->pf.kind);
    assert_string_equal(r.review, l->pf.review);
    assert_string_equal(r.message_id, l->pf.message_id);
    assert_string_equal(r.in_reply_to, l->pf.in_reply_to);
    assert_string_equal(r.from, l->pf.from);
    assert_string_equal(r.subject_text, l->pf.subject_text);
    assert_int_equal(r.references.n, l->pf.references.n);
    assert_true(r.date == l->pf.date);
    assert_null(r.body); /* not read */
    patch_facts_free(&r);
    unload(l);
    l = load("mail/patch-inbody-from.eml");
    patch_facts_extract_reply(&l->msg, &r);
    assert_int_equal(r.kind, PATCH_KIND_PATCH);
    assert_string_equal(r.patch_id, l->pf.patch_id);
    assert_string_equal(r.author, l->pf.author);
    patch_facts_free(&r);
    unload(l);
    /* "Re:" without a patch tag: no reply of patch mail, unless it carries a diff */
    strbuf buf;
    mail_message msg;
    sb_init(&buf);
    sb_adds(&buf, "From: a@example.org\nSubject: Re: lunch\nIn-Reply-To: <x@y>\n\n"
                  "Reviewed-by: a@example.org\n");
    mail_parse(&msg, buf.data, buf.len);
    patch_facts_extract_reply(&msg, &r);
    assert_int_equal(r.kind, PATCH_KIND_NONE);
    assert_null(r.review);
    patch_facts_free(&r);
    mail_free(&msg);
    sb_reset(&buf);
    sb_adds(&buf, "From: a@example.org\nSubject: Re: lunch\n\nlike this:\n\n"
                  "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n");
    mail_parse(&msg, buf.data, buf.len);
    patch_facts_extract_reply(&msg, &r);
    assert_int_equal(r.kind, PATCH_KIND_REPLY);
    patch_facts_free(&r);
    mail_free(&msg);
    sb_free(&buf);
}

static void pull_and_non_patch(void **state)
{
    (void)state;
    loaded *l = load("mail/pull.eml");
    assert_int_equal(l->pf.kind, PATCH_KIND_PULL);
    unload(l);
    l = load("mail/not-patch.eml");
    assert_int_equal(l->pf.kind, PATCH_KIND_NONE);
    unload(l);
}

static void quoted_printable_crlf_patch(void **state)
{
    (void)state;
    loaded *l = load("mail/patch-qp-crlf.eml");
    patch_facts *pf = &l->pf;
    assert_int_equal(pf->kind, PATCH_KIND_PATCH);
    assert_non_null(strstr(pf->diff, "+int x = 2; /* a very long line that was soft-broken by the quoted-printable encoder */\n"));
    assert_null(strchr(pf->diff, '\r'));
    assert_null(strstr(pf->diff, "\n-- \n"));
    assert_int_equal(strlen(pf->patch_id), 40);
    assert_string_equal(pf->files.v[0], "lib/x.c");
    unload(l);
}

static void patch_id_over_bytes_as_sent(void **state)
{
    (void)state;
    /* a Latin-9 body: git hashes the 0xA0 byte, not its UTF-8 form; and a "-- " line
     * before the diff does not end the search for it */
    const char *body = "notes\n-- \nnot the end\n"
                       "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n"
                       " \xa0{\n-a\n+b\n";
    strbuf raw = STRBUF_INIT;
    sb_adds(&raw, "Subject: [PATCH] x\nContent-Type: text/plain; charset=iso-8859-15\n\n");
    sb_adds(&raw, body);
    mail_message msg;
    patch_facts pf;
    mail_parse(&msg, raw.data, raw.len);
    patch_facts_extract(&msg, NULL, &pf);
    char want[41];
    assert_int_equal(patchid_compute(body, strlen(body), want), 0);
    assert_string_equal(pf.patch_id, want);
    assert_non_null(strstr(pf.diff, " \xc2\xa0{")); /* the diff as text is UTF-8 */
    patch_facts_free(&pf);
    mail_free(&msg);
    sb_free(&raw);
}

/* Facts of a message given as text (LF line ends). */
static void facts_of(const char *raw, strbuf *buf, mail_message *msg, patch_facts *pf)
{
    sb_init(buf);
    sb_adds(buf, raw);
    mail_parse(msg, buf->data, buf->len);
    patch_facts_extract(msg, NULL, pf);
}

static void facts_done(strbuf *buf, mail_message *msg, patch_facts *pf)
{
    patch_facts_free(pf);
    mail_free(msg);
    sb_free(buf);
}

#define DIFF_X "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n"

/* The Subject as one line, as git mailinfo gives it: folded with a tab, encoded words
   with white space between, double spaces. */
static void subject_as_one_line(void **state)
{
    (void)state;
    strbuf b;
    mail_message msg;
    patch_facts pf;
    facts_of("From: A <a@example.org>\nSubject: [PATCH v5 0/6]  lib/base64: add generic\n"
             "\tencoder/decoder, =?UTF-8?Q?migrate_users?=  \n\nx\n",
             &b, &msg, &pf);
    assert_string_equal(pf.subject_text,
                        "[PATCH v5 0/6] lib/base64: add generic encoder/decoder, migrate users");
    assert_string_equal(pf.subject.title, "lib/base64: add generic encoder/decoder, migrate users");
    facts_done(&b, &msg, &pf);
}

/* Issue 19, shape 10: a cover whose subject has no group, only a version at its end, as
   git format-patch writes it (a diffstat, no diff), is a cover of that version, its title
   without the version; the same subject answering a message, or without a diffstat, is
   no patch mail. */
static void cover_with_version_only_at_the_end(void **state)
{
    (void)state;
    static const char *const subjects[] = {"move foo to sit above the block layer v2",
                                           "move foo to sit above the block layer (v2)",
                                           "move foo to sit above the block layer [V2]"};
    static const char diffstat[] = "\n\nHi all,\n\nthis moves foo.\n\nDiffstat:\n"
                                   " block/foo.c | 12 ++++++------\n"
                                   " 1 file changed, 6 insertions(+), 6 deletions(-)\n";
    strbuf b, raw = STRBUF_INIT;
    mail_message msg;
    patch_facts pf;
    for (size_t i = 0; i < 3; i++) {
        sb_reset(&raw);
        sb_addf(&raw, "From: C H <ch@example.org>\nMessage-ID: <c@x>\nSubject: %s%s", subjects[i],
                diffstat);
        facts_of(raw.data, &b, &msg, &pf);
        assert_int_equal(pf.kind, PATCH_KIND_COVER);
        assert_int_equal(pf.subject.version, 2);
        assert_string_equal(pf.subject.title, "move foo to sit above the block layer");
        facts_done(&b, &msg, &pf);
    }
    sb_reset(&raw);
    sb_addf(&raw, "From: C H <ch@example.org>\nIn-Reply-To: <a@x>\nSubject: %s%s", subjects[0],
            diffstat);
    facts_of(raw.data, &b, &msg, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_NONE);
    facts_done(&b, &msg, &pf);
    facts_of("From: C H <ch@example.org>\nSubject: Linux v2\n\nReleased.\n", &b, &msg, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_NONE);
    facts_done(&b, &msg, &pf);
    sb_free(&raw);
}

/* Issue 19, shape 10: a "[PATCH 0/N]" cover whose group names no version states it at
   the end of its title ("v2", "[v2]"); a patch ("[PATCH 1/2] ... v2", a diff) and a
   cover whose group names a version keep theirs, and their title. */
static void counted_cover_with_version_at_the_end(void **state)
{
    (void)state;
    strbuf b;
    mail_message msg;
    patch_facts pf;
    facts_of("From: D R <dr@example.net>\nMessage-ID: <c@x>\n"
             "Subject: [PATCH 0/2] foo: move bar v2\n\nMoves bar.\n\n foo/bar.c | 2 +-\n",
             &b, &msg, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_COVER);
    assert_int_equal(pf.subject.version, 2);
    assert_true(pf.subject.versioned);
    assert_string_equal(pf.subject.title, "foo: move bar");
    facts_done(&b, &msg, &pf);
    facts_of("From: D R <dr@example.net>\nMessage-ID: <c@x>\n"
             "Subject: [PATCH 0/3] foo: move bar [V3]\n\nMoves bar.\n",
             &b, &msg, &pf);
    assert_int_equal(pf.subject.version, 3);
    facts_done(&b, &msg, &pf);
    facts_of("From: D R <dr@example.net>\nMessage-ID: <c@x>\n"
             "Subject: [PATCH v3 0/2] foo: add bar v2\n\nAdds bar v2.\n",
             &b, &msg, &pf);
    assert_int_equal(pf.subject.version, 3);
    assert_string_equal(pf.subject.title, "foo: add bar v2");
    facts_done(&b, &msg, &pf);
    facts_of("From: D R <dr@example.net>\nMessage-ID: <p@x>\n"
             "Subject: [PATCH 1/2] foo: add bar v2\n\nx\n---\n"
             "diff --git a/foo/bar.c b/foo/bar.c\n--- a/foo/bar.c\n+++ b/foo/bar.c\n"
             "@@ -1 +1 @@\n-a\n+b\n",
             &b, &msg, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PATCH);
    assert_int_equal(pf.subject.version, 1);
    assert_string_equal(pf.subject.title, "foo: add bar v2");
    facts_done(&b, &msg, &pf);
}

static void reply_that_dropped_re(void **state)
{
    (void)state;
    strbuf b;
    mail_message m;
    patch_facts pf;
    /* a mail program that answers without "Re:": a patch subject, no diff, quoting */
    facts_of("From: Rev Iewer <rev@example.org>\nSubject: [PATCH v2] fs: fix x\n"
             "In-Reply-To: <v2-1@example.org>\nReferences: <v2-1@example.org>\n\n"
             "On Mon, 1 Dec 2025, Pat Author wrote:\n> Fix x by doing y.\n\nWhy not z?\n\n"
             "Reviewed-by: Rev Iewer <rev@example.org>\n",
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_REPLY);
    assert_string_equal(pf.review, "Reviewed-by");
    facts_done(&b, &m, &pf);
    /* the same in a series, with a list tag */
    facts_of("From: Rev Iewer <rev@example.org>\nSubject: [f2fs-dev] [PATCH v7 14/16] f2fs: x\n"
             "In-Reply-To: <x@example.org>\n\nOn 2019-8-3 1:31, Pat wrote:\n> > old\n> newer\n\nYup.\n",
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_REPLY);
    facts_done(&b, &m, &pf);
    /* a patch that answers a thread keeps its kind: it has a diff */
    facts_of("From: Pat Author <pat@example.org>\nSubject: [PATCH v2] fs: fix x\n"
             "In-Reply-To: <v1@example.org>\n\n> quoted in the commit message\n\n---\n" DIFF_X,
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PATCH);
    facts_done(&b, &m, &pf);
    /* a cover letter of v2 sent in reply to v1, quoting nothing, stays a cover */
    facts_of("From: Pat Author <pat@example.org>\nSubject: [PATCH v2 0/3] fs: x\n"
             "In-Reply-To: <v1-0@example.org>\n\nChanges since v1: y.\n",
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_COVER);
    facts_done(&b, &m, &pf);
    /* nor does one that quotes the review of v1 in its changelog */
    facts_of("From: Pat Author <pat@example.org>\nSubject: [PATCH v2 0/3] fs: x\n"
             "In-Reply-To: <v1-0@example.org>\n\nChanges since v1:\n"
             "> Why not z? (Rev)\nDone: z.\n",
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_COVER);
    facts_done(&b, &m, &pf);
    /* quoting without answering anything (no In-Reply-To, no References) is no reply */
    facts_of("From: Pat Author <pat@example.org>\nSubject: [PATCH] doc: x\n\n> a quote\n",
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PATCH);
    facts_done(&b, &m, &pf);
}

/* the in-body author and the commit message after it (the other places: test_mailinfo.c) */
static void in_body_author_after_note(void **state)
{
    (void)state;
    strbuf b;
    mail_message m;
    patch_facts pf;
    /* neither the stable review note nor its rule of dashes is in the commit message */
    facts_of("From: Greg Maintainer <greg@example.org>\nSubject: [PATCH 6.1 012/100] fs: x\n\n"
             "6.1-stable review patch.  If anyone has any objections, please let me know.\n\n"
             "------------------\n\nFrom: Pat Author <pat@example.org>\n\n"
             "[ Upstream commit 0123456789abcdef ]\n\nFix x.\n\n"
             "Signed-off-by: Pat Author <pat@example.org>\n---\n" DIFF_X,
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PATCH);
    assert_string_equal(pf.author, "Pat Author <pat@example.org>");
    assert_null(strstr(pf.commit_message, "stable review"));
    assert_true(strncmp(pf.commit_message, "[ Upstream commit", 17) == 0);
    facts_done(&b, &m, &pf);
}

/* Issue 18: an encoded NUL cut the title used for linking and the Author's address;
 * NULs are dropped, nothing after them is lost. */
static void encoded_nul_cuts_nothing(void **state)
{
    (void)state;
    strbuf b;
    mail_message m;
    patch_facts pf;
    facts_of("From: Sender <s@example.org>\nSubject: =?UTF-8?Q?[PATCH_v2]_fs:_fix=00_the_leak?=\n\n"
             "From: =?UTF-8?B?UGF0AA==?= Author <pat@exa=?UTF-8?Q?=00?=mple.org>\n\nFix.\n---\n" DIFF_X,
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PATCH);
    assert_string_equal(pf.subject.title, "fs: fix the leak");
    assert_string_equal(pf.author, "Pat Author <pat@example.org>");
    facts_done(&b, &m, &pf);
}

/* A spent budget stops the extraction: no facts, false; NULL is no limit. */
static void budget_stops_extraction(void **state)
{
    (void)state;
    const char *raw = "Subject: [PATCH] x\n\nFix.\n---\n" DIFF_X;
    mail_message m;
    patch_facts pf;
    mail_parse(&m, raw, strlen(raw));
    cpu_budget spent;
    cpu_budget_start(&spent, 0);
    assert_false(patch_facts_extract(&m, &spent, &pf));
    assert_int_equal(pf.kind, PATCH_KIND_NONE);
    assert_null(pf.subject_text);
    assert_null(pf.diff);
    patch_facts_free(&pf);
    assert_true(patch_facts_extract(&m, NULL, &pf));
    assert_int_equal(pf.kind, PATCH_KIND_PATCH);
    patch_facts_free(&pf);
    mail_free(&m);
}

static void pull_request_patches(void **state)
{
    (void)state;
    strbuf b;
    mail_message m;
    patch_facts pf;
    /* qemu: the pull request itself is [PULL 00/12] */
    facts_of("From: Maint <m@example.org>\nSubject: [PULL 00/12] target-arm queue\n\n"
             "The following changes since commit 0123:\n\n  are available in the Git repository at:\n",
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PULL);
    facts_done(&b, &m, &pf);
    /* each patch of it carries a diff: a patch, tagged PULL */
    facts_of("From: Maint <m@example.org>\nSubject: [PULL v2 05/12] target/arm: x\n"
             "In-Reply-To: <pull-0@example.org>\n\nFrom: Pat Author <pat@example.org>\n\nDo x.\n---\n" DIFF_X,
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PATCH);
    assert_int_equal(pf.subject.version, 2);
    assert_int_equal(pf.subject.part, 5);
    assert_string_equal(pf.subject.tags, "PULL");
    assert_string_equal(pf.author, "Pat Author <pat@example.org>");
    facts_done(&b, &m, &pf);
    facts_of("From: Maint <m@example.org>\nSubject: [PULL for-9.0 3/4] x\n\n---\n" DIFF_X,
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PATCH);
    assert_string_equal(pf.subject.tags, "PULL,for-9.0");
    facts_done(&b, &m, &pf);
    /* arm-soc: "[GIT PULL 2/4]" is one of several pull requests, no diff */
    facts_of("From: Maint <m@example.org>\nSubject: [GIT PULL 2/4] arm64: dts: updates\n\n"
             "Please pull.\n\n 3 files changed, 10 insertions(+)\n",
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PULL);
    assert_null(pf.subject.tags);
    facts_done(&b, &m, &pf);
    /* netdev: the pull request is the cover letter of the series */
    facts_of("From: Maint <m@example.org>\nSubject: [PATCH net 0/5] pull-request: can 2024-01-01\n\n"
             "this is a pull request of 5 patches for net/main.\n",
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PULL);
    assert_int_equal(pf.subject.total, 5);
    facts_done(&b, &m, &pf);
    facts_of("From: Maint <m@example.org>\nSubject: pull-request: wireless-next-2024-03-04\n\nHi,\n",
             &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PULL);
    facts_done(&b, &m, &pf);
}

/* A message needs a header block to be patch mail: a binary file holding a diff, or a
   bare diff, is none; the same diff under one header field is a patch. */
static void no_header_is_no_patch_mail(void **state)
{
    (void)state;
    strbuf b;
    mail_message m;
    patch_facts pf;
    static const char elf[] = "\x7f" "ELF\x02\x01\x01\n\x01\x02\n" DIFF_X;
    facts_of(elf, &b, &m, &pf);
    assert_int_equal(m.nfields, 0);
    assert_int_equal(pf.kind, PATCH_KIND_NONE);
    facts_done(&b, &m, &pf);
    facts_of(DIFF_X, &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_NONE);
    facts_done(&b, &m, &pf);
    facts_of("Subject: x\n\n" DIFF_X, &b, &m, &pf);
    assert_int_equal(pf.kind, PATCH_KIND_PATCH);
    facts_done(&b, &m, &pf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(patch_with_in_body_author),
        cmocka_unit_test(b4_cover_links_and_diffstat),
        cmocka_unit_test(cover_footnote_link_to_prior_version),
        cmocka_unit_test(reply_review_trailers_not_quoted),
        cmocka_unit_test(reply_facts_alone),
        cmocka_unit_test(pull_and_non_patch),
        cmocka_unit_test(quoted_printable_crlf_patch),
        cmocka_unit_test(patch_id_over_bytes_as_sent),
        cmocka_unit_test(reply_that_dropped_re),
        cmocka_unit_test(in_body_author_after_note),
        cmocka_unit_test(pull_request_patches),
        cmocka_unit_test(encoded_nul_cuts_nothing),
        cmocka_unit_test(budget_stops_extraction),
        cmocka_unit_test(subject_as_one_line),
        cmocka_unit_test(cover_with_version_only_at_the_end),
        cmocka_unit_test(counted_cover_with_version_at_the_end),
        cmocka_unit_test(no_header_is_no_patch_mail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
