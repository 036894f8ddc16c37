/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_link: `patchmilter link --index FILE|URI NEWER OLDER`: links by hand a later
 * version the rules missed (sent to another list, without thread, retitled): NEWER's
 * series merges into OLDER's, NEWER gets OLDER as its prior and the other messages of
 * its posting their counterparts (pm_index_link); the index remembers it, so that it
 * holds when the messages are imported again. Prints the messages of NEWER's posting,
 * one line "<message-id> series vN prior <message-id>|-". Values came from mail: bytes
 * a terminal could act on are shown as \xNN.
 * Exit 0 when linked, 2 on usage or error (a Message-ID not in the index, a message
 * linked to itself or to a version not below its own).
 */
#include <stdio.h>
#include <unistd.h>

#include "commands.h"
#include "pm_index.h"
#include "text.h"

static const command_help help = {
    .name = "link",
    .synopsis = "patchmilter link [--index FILE|URI] <newer-message-id> <older-message-id>",
    .summary = "Links a later version to an earlier one the rules did not link it to.",
    .options = INDEX_OPTION_HELP HELP_OPTION_HELP,
};

int cmd_link(int argc, char **argv)
{
    pm_index *ix;
    int status = index_command_open(argc, argv, &help, 2, &ix);
    if (status >= 0)
        return status;
    strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    index_records posting = {0};
    int n = pm_index_link(ix, argv[optind], argv[optind + 1], &posting, &err);
    for (size_t i = 0; i < posting.n; i++) {
        const index_record *r = &posting.v[i];
        sb_adds(&out, "<");
        text_add_visible(&out, r->msgid);
        sb_adds(&out, "> ");
        text_add_visible(&out, r->series_id);
        sb_addf(&out, " v%d prior ", r->version);
        if (r->prior_msgid) {
            sb_adds(&out, "<");
            text_add_visible(&out, r->prior_msgid);
            sb_adds(&out, ">");
        } else {
            sb_adds(&out, "-");
        }
        sb_addc(&out, '\n');
    }
    index_records_free(&posting);
    if (n < 0)
        fprintf(stderr, "patchmilter link: %s\n", err.data);
    else
        fwrite(out.data, 1, out.len, stdout);
    pm_index_close(ix);
    sb_free(&out);
    sb_free(&err);
    return n < 0 ? 2 : 0;
}
