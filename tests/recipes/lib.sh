# SPDX-License-Identifier: BSD-2-Clause
# lib.sh: shared set-up of the recipe tests (sourced by tests/t_recipe_*.sh).
# Annotates the series fixtures and our reply fixtures in arrival order with one
# index and a small MAINTAINERS of our own, for Me = Ada, the M: of WIDGET DRIVERS
# (so the widget series gets X-Patch-For: maintainer), into $T/mail/NN-name.eml, and gives
# run_unprivileged CMD... (when running as root: as $RUN_USER, nobody or else a
# system user made for the test and removed at exit; with HOME=$T/home), and
# own_home (gives $T/home to that user). $T is removed at exit.
# The same messages as list copies, for the recipes that file by list, are in
# $T/listed/: List-Id <widget-devel.lists.example.org>, but "Networking
# <NetDev.vger.kernel.org>" for the forged patch and none (sent directly) for the
# single patch and its resend.
# Then two late replies, annotated with the same index, in $T/late/ (named after the
# patch they answer): 20261102100000.1000-1.eml answers v1's patch 1, which v2
# supersedes (X-Patch-Superseded-By), 20261109100000.2000-1.eml answers v2's.
# Linux's MAINTAINERS ($REAL_MAINTAINERS, when ../shared has it): real_titles
# prints every section title as patchmilter writes it (white space as one space),
# real_lists every L: list address, one a line.
: "${PM_BIN:?PM_BIN not set}" "${PM_SRC:?PM_SRC not set}"
EXAMPLES="$PM_SRC/conf/examples"
FIX="$PM_SRC/tests/fixtures"

T=$(mktemp -d)
chmod 755 "$T"
RUN_USER=nobody
CREATED_USER=
cleanup() {
  rm -rf "$T"
  [ -n "$CREATED_USER" ] && userdel "$RUN_USER" >/dev/null 2>&1
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Arrival order: a series in two versions, a patch and its resend, a patch with
# forged fields, discussion, a review, and a second copy of a patch.
MESSAGES="series/v1-0-cover series/v1-1 series/v1-2 series/v2-0-cover series/v2-1 series/v2-2
series/single series/resend series/forged series/nonpatch recipes/reply-question
recipes/reply-reviewed series/v2-1"
mkdir -p "$T/mail" "$T/home"
n=0
for m in $MESSAGES; do
  n=$((n + 1))
  out=$(printf '%s/mail/%02d-%s.eml' "$T" "$n" "$(basename "$m")")
  "$PM_BIN" annotate --index "$T/index.sqlite" --maintainers "$FIX/recipes/MAINTAINERS" \
    --me "Ada Maintainer <ADAM@example.org>" < "$FIX/$m.eml" > "$out" 2>"$T/annotate.err" || { cat "$T/annotate.err"; fail "annotate $m"; }
done
grep -q '^X-Patch-Subsystem: WIDGET RESET' "$T/mail/06-v2-2.eml" || fail "fixtures annotated without subsystems"
grep -q '^X-Patch-For: maintainer' "$T/mail/06-v2-2.eml" || fail "fixtures annotated without X-Patch-For"

mkdir -p "$T/late"
for parent in 20261102100000.1000-1 20261109100000.2000-1; do
  printf 'From: Rae <rae@example.org>\nSubject: Re: [PATCH 1/2] widget: fix the count\nMessage-ID: <late-%s@example.org>\nIn-Reply-To: <%s-ada@example.org>\n\n> x\n\nA question.\n' \
    "$parent" "$parent" | "$PM_BIN" annotate --index "$T/index.sqlite" > "$T/late/$parent.eml"
done
grep -q '^X-Patch-Superseded-By: ' "$T/late/20261102100000.1000-1.eml" || fail "the reply to v1 got no X-Patch-Superseded-By"
grep -q '^X-Patch-Superseded-By: ' "$T/late/20261109100000.2000-1.eml" && fail "the reply to v2 got X-Patch-Superseded-By"

mkdir -p "$T/listed"
for f in "$T"/mail/*.eml; do
  case $(basename "$f") in
    07-single.eml|08-resend.eml) cp "$f" "$T/listed/" ;;
    09-forged.eml) { echo "List-Id: Networking <NetDev.vger.kernel.org>"; cat "$f"; } > "$T/listed/$(basename "$f")" ;;
    *) { echo "List-Id: <widget-devel.lists.example.org>"; cat "$f"; } > "$T/listed/$(basename "$f")" ;;
  esac
done

REAL_MAINTAINERS="${PM_SHARED:-$PM_SRC/../shared}/corpus/linux-maintainers/MAINTAINERS"
# A section is a run of tag lines ("X:" and a tab), titled by the line before it.
real_titles() {
  awk '/^[A-Z]:[ \t]/ { if (prev != "" && prev !~ /^[A-Z]:[ \t]/) print prev } { prev = $0 }' "$REAL_MAINTAINERS" \
    | sed 's/[[:space:]]\+/ /g; s/^ //; s/ $//'
}
real_lists() {
  sed -n 's/^L:[[:space:]]*\([^[:space:]]*@[^[:space:]]*\).*/\1/p' "$REAL_MAINTAINERS" | sort -u
}

if [ "$(id -u)" -eq 0 ]; then
  if ! getent passwd "$RUN_USER" >/dev/null; then
    RUN_USER=pmrecipes
    if ! getent passwd "$RUN_USER" >/dev/null; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER" || fail "useradd $RUN_USER"
      CREATED_USER=1
    fi
  fi
  chown -R "$RUN_USER" "$T/home"
  run_unprivileged() { runuser -u "$RUN_USER" -- env HOME="$T/home" "$@"; }
else
  run_unprivileged() { env HOME="$T/home" "$@"; }
fi

own_home() { if [ "$(id -u)" -eq 0 ]; then chown -R "$RUN_USER" "$T/home"; fi; }
