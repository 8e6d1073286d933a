#!/bin/bash
# Redaction throughput against a baseline commit, in one run on one machine.
#   bench/redact_compare.sh BUILD_DIR [BASELINE_REF]
# Builds bench_redact at BASELINE_REF (default aff5c70^, the redactor
# before the structure-aware scanner) from a git archive in a temporary
# directory (removed at exit), with the build type of BUILD_DIR, then
# runs both binaries alternately REPS times and prints, per case (log
# text with a secret every 5,000 lines, every 50 lines, pod objects),
# the median throughput of each and the ratio new/baseline (above 1:
# the new one is faster). Where valgrind is installed it also counts
# the instructions spent inside redaction (callgrind, collection on in
# sb_redact_text and sb_redact_object only) on CG_MB of text, and prints
# baseline/new (above 1: the new one runs fewer instructions).
# Env: MB (16) of text per case, REPS (5), CG_MB (2), JOBS (2),
# KEEP_TMP=1 keeps the temporary directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:?usage: redact_compare.sh BUILD_DIR [BASELINE_REF]}" && pwd)
ref=${2:-aff5c70^}
mb=${MB:-16}
reps=${REPS:-5}
cg_mb=${CG_MB:-2}
jobs=${JOBS:-2}

new_bin=$build/bench_redact
[ -x "$new_bin" ] || { echo "no $new_bin: build BUILD_DIR first" >&2; exit 2; }
git -C "$root" rev-parse --verify --quiet "$ref^{commit}" >/dev/null ||
    { echo "redact_compare: no commit '$ref' in this repository" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/redact-compare.XXXXXX")
cleanup() { [ "${KEEP_TMP:-0}" = 1 ] || rm -rf "$tmp"; }
trap cleanup EXIT

btype=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
echo "baseline $(git -C "$root" rev-parse --short "$ref") ($ref), build type ${btype:-the project default}" >&2
git -C "$root" archive --format=tar "$ref" | tar -x -C "$tmp" -f - ||
    { echo "redact_compare: git archive of $ref failed" >&2; exit 1; }
cmake -S "$tmp" -B "$tmp/build" ${btype:+-DCMAKE_BUILD_TYPE="$btype"} \
    >"$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log" >&2; exit 1; }
cmake --build "$tmp/build" --target bench_redact -j "$jobs" \
    >"$tmp/build.log" 2>&1 || { tail -n 30 "$tmp/build.log" >&2; exit 1; }
base_bin=$tmp/build/bench_redact

# one run: "<MB/s every 5000> <MB/s every 50> <pods/s>"
figures() {
    "$1" "$mb" | awk '
        /every 5000 lines/ { for (i = 1; i < NF; i++) if ($(i+1) == "MB/s,") a = $i }
        /every 50 lines/   { for (i = 1; i < NF; i++) if ($(i+1) == "MB/s,") b = $i }
        /^objects:/        { for (i = 1; i < NF; i++) if ($(i+1) == "pods/s") c = $i }
        END { if (a == "" || b == "" || c == "") exit 1; print a, b, c }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: >"$tmp/new.txt"
: >"$tmp/base.txt"
for r in $(seq 1 "$reps"); do
    # alternate, so a change of load hits both alike
    figures "$base_bin" >>"$tmp/base.txt"
    figures "$new_bin" >>"$tmp/new.txt"
    echo "  rep $r/$reps: baseline $(tail -n 1 "$tmp/base.txt"), new $(tail -n 1 "$tmp/new.txt")" >&2
done

printf '%d MB of log text per case, %d repetitions, medians\n' "$mb" "$reps"
printf '%-32s %12s %12s %10s\n' case baseline new new/base
col=1
for name in "logs, secret every 5000 lines" "logs, secret every 50 lines" "objects (pods/s)"; do
    b=$(cut -d' ' -f$col "$tmp/base.txt" | median)
    n=$(cut -d' ' -f$col "$tmp/new.txt" | median)
    printf '%-32s %12.1f %12.1f %9.2fx\n' "$name" "$b" "$n" \
        "$(echo "$n / $b" | bc -l)"
    col=$((col + 1))
done

if ! command -v valgrind >/dev/null; then
    echo "valgrind not found: no instruction counts"
    exit 0
fi
# Dumps before each clock read: with collection on only inside the
# redaction calls, the 2nd, 4th and 6th dumps hold the two log cases
# and the objects.
counts() {
    local out=$tmp/cg-$2
    valgrind --tool=callgrind --callgrind-out-file="$out" \
        --toggle-collect=sb_redact_text --toggle-collect=sb_redact_object \
        --dump-before=sb_time_mono_ms "$1" "$cg_mb" >/dev/null 2>"$tmp/cg-$2.log" ||
        { cat "$tmp/cg-$2.log" >&2; exit 1; }
    for d in 2 4 6; do
        sed -n 's/^totals: *//p; s/^summary: *//p' "$out.$d" | head -n 1
    done | tr '\n' ' '
    echo
}
read -r b1 b2 b3 < <(counts "$base_bin" base)
read -r n1 n2 n3 < <(counts "$new_bin" new)
printf '\ncallgrind, %d MB of log text per case (instructions inside redaction)\n' "$cg_mb"
printf '%-32s %14s %14s %10s\n' case baseline new base/new
printf '%-32s %14d %14d %9.2fx\n' "logs, secret every 5000 lines" "$b1" "$n1" "$(echo "$b1 / $n1" | bc -l)"
printf '%-32s %14d %14d %9.2fx\n' "logs, secret every 50 lines" "$b2" "$n2" "$(echo "$b2 / $n2" | bc -l)"
printf '%-32s %14d %14d %9.2fx\n' "objects (20,000 pods)" "$b3" "$n3" "$(echo "$b3 / $n3" | bc -l)"
