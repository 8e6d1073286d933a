#!/bin/bash
# Same reports before and after (issue 21): a change made for speed must
# not change what analyze says. Runs two analyze binaries on each bundle
# and compares their JSON and Markdown reports byte for byte.
#   bench/report_check.sh OLD_ANALYZE NEW_ANALYZE BUNDLE...
# OLD_ANALYZE is a copy of the binary built before the change (the rules
# and schema are compiled in, so a copy is the whole "before"). Use it on
# the bench bundle (bench/run_bench.sh), the scale bundles
# (bench/scale_bench.sh), the demo bundle (scripts/demo) and whatever real
# bundles are at hand. The reports hold no time of the run (checked: two
# runs of one binary give the same bytes), so nothing is filtered out.
# Prints a line a bundle and format; exits 1 when any report differs.
set -uo pipefail
old=${1:?usage: report_check.sh OLD_ANALYZE NEW_ANALYZE BUNDLE...}
new=${2:?usage: report_check.sh OLD_ANALYZE NEW_ANALYZE BUNDLE...}
shift 2
[ $# -gt 0 ] || { echo "usage: report_check.sh OLD_ANALYZE NEW_ANALYZE BUNDLE..." >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sbundle-report-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
for bundle in "$@"; do
    for fmt in json md; do
        rc_old=0 rc_new=0
        "$old" -q "$bundle" --format "$fmt" -o "$work/old.$fmt" \
            >/dev/null 2>"$work/old.err" || rc_old=$?
        "$new" -q "$bundle" --format "$fmt" -o "$work/new.$fmt" \
            >/dev/null 2>"$work/new.err" || rc_new=$?
        if [ "$rc_old" != "$rc_new" ]; then
            printf 'DIFFERENT %-4s %s: exit %s before, %s after\n' "$fmt" \
                "$bundle" "$rc_old" "$rc_new"
            sed 's/^/  after: /' "$work/new.err"
            failed=1
        elif [ ! -f "$work/old.$fmt" ] && [ ! -f "$work/new.$fmt" ]; then
            printf 'same      %-4s %s (no report either time, exit %s)\n' \
                "$fmt" "$bundle" "$rc_old"
        elif cmp -s "$work/old.$fmt" "$work/new.$fmt"; then
            printf 'same      %-4s %s (%d bytes)\n' "$fmt" "$bundle" \
                "$(stat -c %s "$work/new.$fmt")"
        else
            printf 'DIFFERENT %-4s %s\n' "$fmt" "$bundle"
            diff "$work/old.$fmt" "$work/new.$fmt" | head -n 20 | sed 's/^/  /'
            failed=1
        fi
        rm -f "$work/old.$fmt" "$work/new.$fmt"
    done
done
exit $failed
