#!/bin/bash
# A fuzzing campaign: runs libFuzzer harnesses one after the other, each for
# the same time, at the lowest priority, so that it can run beside other
# work on a small machine (docs/fuzzing.md, "A campaign").
#
# Usage: tests/fuzz/campaign.sh BUILD_DIR SECONDS [HARNESS...] [-- SEEDS_DIR]
#   BUILD_DIR  a build configured with -DSB_FUZZ=ON (the harnesses are
#              built here when missing)
#   SECONDS    each harness's time
#   HARNESS    names without fuzz_ (default: every tests/fuzz/fuzz_*.c)
#   SEEDS_DIR  optional extra seeds: SEEDS_DIR/<name>/ is read beside
#              tests/fuzz/corpus/<name>/ (real inputs you may not commit)
# Writes under ${FUZZ_WORK:-${TMPDIR:-/tmp}/sb-fuzz}: out/<name>/ (inputs
# that found new coverage), art/<name>/ (crash-, leak-, timeout-, oom-
# reproducers), logs/<name>.log. Findings do not stop a run (-fork=1 with
# -ignore_*): each harness gets its whole time, and every finding is kept.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -ge 2 ] || { sed -n '4,17p' "$0" >&2; exit 2; }
build=$1 secs=$2
shift 2
names=() seeds=
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then seeds=${2:-}; break; fi
    names+=("$1")
    shift
done
if [ ${#names[@]} -eq 0 ]; then
    for f in "$top"/tests/fuzz/fuzz_*.c; do
        n=$(basename "$f" .c)
        names+=("${n#fuzz_}")
    done
fi
work=${FUZZ_WORK:-${TMPDIR:-/tmp}/sb-fuzz}

# the dictionary and input size that suit each harness's input
dict_of() {
    case $1 in
    nvsmi) echo xml ;;
    dcgm | describe | load_json | redact) echo json ;;
    xid | host_load) echo xid ;;
    serve_request) echo http ;;
    kubeconfig) echo yaml ;;
    esac
}
max_len_of() {
    case $1 in
    bundle | serve_index) echo 262144 ;;
    prefilter | serve_request) echo 4096 ;;
    *) echo 65536 ;;
    esac
}

for n in "${names[@]}"; do
    cmake --build "$build" --target "fuzz_$n" >/dev/null
    mkdir -p "$work/out/$n" "$work/art/$n" "$work/logs"
    args=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1
          -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10
          -max_len="$(max_len_of "$n")" -artifact_prefix="$work/art/$n/")
    d=$(dict_of "$n")
    [ -n "$d" ] && args+=(-dict="$top/tests/fuzz/dict/$d.dict")
    dirs=("$work/out/$n" "$top/tests/fuzz/corpus/$n")
    [ -n "$seeds" ] && [ -d "$seeds/$n" ] && dirs+=("$seeds/$n")
    echo "fuzz_$n: ${secs}s" >&2
    nice -n 19 "$build/fuzz_$n" "${args[@]}" "${dirs[@]}" \
        >"$work/logs/$n.log" 2>&1 || true
    grep -E '^#[0-9]+:' "$work/logs/$n.log" | tail -1 >&2 || true
    ls "$work/art/$n" >&2
done
