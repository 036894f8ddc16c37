/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_unlink: `patchmilter unlink --index FILE|URI MESSAGE-ID`: undoes the merges of
 * series that the message's arrival, or a `patchmilter link` of it, caused: each message
 * they moved goes back to the series it was in (unless a later merge moved it on), a
 * prior left in another series is dropped (pm_index_unlink), and each message so
 * changed is listed, one line "<message-id> series" (its series before the undo); the
 * index remembers it. Values came from mail: bytes a terminal could act on are shown
 * as \xNN.
 * Exit 0 when something was moved back, 1 when nothing, 2 on usage or error.
 */
#include <stdio.h>
#include <unistd.h>

#include "commands.h"
#include "pm_index.h"
#include "text.h"

static const command_help help = {
    .name = "unlink",
    .synopsis = "patchmilter unlink [--index FILE|URI] <message-id>",
    .summary = "Undoes the merges of series that a message, or a link of it, caused.",
    .options = INDEX_OPTION_HELP HELP_OPTION_HELP,
};

int cmd_unlink(int argc, char **argv)
{
    pm_index *ix;
    int status = index_command_open(argc, argv, &help, 1, &ix);
    if (status >= 0)
        return status;
    strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    index_records moved = {0};
    int n = pm_index_unlink(ix, argv[optind], &moved, &err);
    for (size_t i = 0; i < moved.n; i++) {
        sb_adds(&out, "<");
        text_add_visible(&out, moved.v[i].msgid);
        sb_adds(&out, "> ");
        text_add_visible(&out, moved.v[i].series_id);
        sb_addc(&out, '\n');
    }
    index_records_free(&moved);
    if (n < 0)
        fprintf(stderr, "patchmilter unlink: %s\n", err.data);
    else if (n == 0)
        fprintf(stderr, "patchmilter unlink: %s: caused no merge\n", argv[optind]);
    else
        fwrite(out.data, 1, out.len, stdout);
    pm_index_close(ix);
    sb_free(&out);
    sb_free(&err);
    return n < 0 ? 2 : n == 0 ? 1 : 0;
}
