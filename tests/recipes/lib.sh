# lib.sh: shared set-up of the recipe tests (sourced by tests/t_recipe_*.sh).
# Annotates the series fixtures and our reply fixtures in arrival order with one
# index and a small MAINTAINERS of our own, into $T/mail/NN-name.eml, and gives
# run_unprivileged CMD... (as user nobody with HOME=$T/home when running as root,
# as the caller otherwise). $T is removed at exit.
: "${PM_BIN:?PM_BIN not set}" "${PM_SRC:?PM_SRC not set}"
EXAMPLES="$PM_SRC/conf/examples"
FIX="$PM_SRC/tests/fixtures"

T=$(mktemp -d)
chmod 755 "$T"
trap 'rm -rf "$T"' EXIT
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
    < "$FIX/$m.eml" > "$out" 2>"$T/annotate.err" || { cat "$T/annotate.err"; fail "annotate $m"; }
done
grep -q '^X-Patch-Subsystem: WIDGET RESET' "$T/mail/06-v2-2.eml" || fail "fixtures annotated without subsystems"

if [ "$(id -u)" -eq 0 ]; then
  getent passwd nobody >/dev/null || fail "running as root and there is no user nobody"
  chown -R nobody "$T/home"
  run_unprivileged() { runuser -u nobody -- env HOME="$T/home" "$@"; }
else
  run_unprivileged() { env HOME="$T/home" "$@"; }
fi
