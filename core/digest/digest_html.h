/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * digest_html: the digest report (digest.h) as one self-contained HTML page: no
 * script, no external resource; inline CSS and two inline SVG bar charts (domains,
 * contributors). The page is also well-formed XML (void elements closed, every
 * text escaped, control characters dropped, invalid UTF-8 replaced by U+FFFD), so
 * that any XML parser can check it.
 *
 * SYNOPSIS
 *   digest_render_html(&report, &out);
 *
 * DESCRIPTION
 *   Sections: <h1> heading; with the reader known (report.me), <section id="waiting">
 *   and <section id="yours">, lists (<li>) of the same series as the text report's
 *   "Waiting on you" and "Your series", each the series' patch list line linked to its
 *   row, a series of the reader's followed by <span class="fate"> (what became of it);
 *   <section id="domains"> and <section id="contributors">,
 *   each an <svg class="chart"> whose bars are <g class="bar" data-name=".."
 *   data-count="N"> holding a <rect>; <p id="bots"> the count of messages from bots
 *   (when any), by bot; <section id="patches"> a table, one row per
 *   series (<tr id="sK">, K its index), the last cell the bots' replies to it, the
 *   state cell linking the prior version:
 *   to its row when it is in the report, else to link_base (report.link_base) +
 *   Message-ID (no link when link_base is NULL); <section id="lifecycle">, the
 *   text report's "Series lifecycle": per state a <section id="life-STATE"> (applied,
 *   superseded, changes-requested, incomplete, waiting, open) with a list of its
 *   series, each linked to its row, then in <span class="fate"> its posting day, its
 *   thread (link_base + Message-ID), its b4 command, its reviewers, verdict, later
 *   version and applied commits (linked to report.commit_base + COMMIT when set);
 *   <section id="messages"> with <article class="new">
 *   blocks and <p class="exist">, <p class="skip"> lines.
 */
#ifndef PM_DIGEST_HTML_H
#define PM_DIGEST_HTML_H

#include "digest.h"
#include "strbuf.h"

void digest_render_html(const digest_report *r, strbuf *out);

#endif
