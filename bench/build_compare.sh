#!/bin/bash
# Two builds, one run: for a change that must not change speed (issue 20,
# the restructuring) or that claims to change it. Runs each benchmark with
# the OLD and the NEW build alternately, N times (default 5), and prints
# the medians of wall and CPU seconds and peak RSS, and NEW/OLD ratios:
#   1 analyze BENCH_BUNDLE --format json   (bench_gen_bundle, as run_bench)
#   2 analyze DEMO --format json           (the demo cluster's bundle)
#   3 collect of a served cluster          (gen_cluster.py, sb-testapi
#                                           adding LATENCY_MS to a request)
#   bench/build_compare.sh OLD_BUILD NEW_BUILD [WORK_DIR]
# OLD_BUILD and NEW_BUILD are build folders (analyze, collect, sb-testapi,
# bench_gen_bundle in them). Alternating the two builds spreads a shared
# machine's load over both; the ratios are what to read, not the seconds.
# Env: N (5), PODS (2000: the served cluster), LATENCY_MS (20),
# BENCH_PODS/BENCH_EVENTS/BENCH_LOG_MB (3000/30000/300: the bench bundle).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
old=$(cd "${1:?usage: build_compare.sh OLD_BUILD NEW_BUILD [WORK_DIR]}" && pwd)
new=$(cd "${2:?usage: build_compare.sh OLD_BUILD NEW_BUILD [WORK_DIR]}" && pwd)
work=${3:-${TMPDIR:-/tmp}/sbundle-build-compare}
n=${N:-5}
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "build_compare: needs GNU time (/usr/bin/time)" >&2; exit 2; }

bench=$work/bench.tar.gz
if [ ! -f "$bench" ]; then
    echo "generating $bench (once)"
    "$new/bench_gen_bundle" "$bench" "${BENCH_PODS:-3000}" \
        "${BENCH_EVENTS:-30000}" "${BENCH_LOG_MB:-300}" >/dev/null
fi
pods=${PODS:-2000}
cluster=$work/cluster-$pods
if [ ! -f "$cluster/manifest.json" ]; then
    echo "generating $cluster (once)"
    python3 "$here/gen_cluster.py" "$cluster" "$pods" 40 >/dev/null
fi

# one timed run: appends "wall cpu rss_mb" to the file named first
timed() {
    local out=$1; shift
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -f '%U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
        local rc=$?
        # collect's 3 is a bundle with gaps, still a full run
        [ $rc = 3 ] || { echo "failed ($rc): $*" >&2; cat "$work/err" >&2; exit 1; }
    }
    t1=$(date +%s.%N)
    read -r u s m < <(tail -n 1 "$work/time")
    echo "$(echo "$t1 - $t0" | bc -l) $(echo "$u + $s" | bc -l) $((m / 1024))" >>"$out"
}

serve_cluster() {   # sb-testapi of build $1 serving folder $2; sets api, kc
    local state=$work/state
    rm -rf "$state"; mkdir -p "$state"
    "$1/sb-testapi" "$2" --dir "$state" \
        --latency-ms "${LATENCY_MS:-20}" >"$work/testapi.log" 2>&1 &
    api=$!
    for _ in $(seq 1 600); do
        [ -s "$state/port" ] && break
        kill -0 $api 2>/dev/null || { cat "$work/testapi.log"; exit 1; }
        sleep 0.1
    done
    [ -s "$state/port" ] || { echo "sb-testapi did not start" >&2; exit 1; }
    kc=$state/kubeconfig
}
stop_cluster() { kill "$api" 2>/dev/null; wait "$api" 2>/dev/null; api=; }

api=
trap '[ -n "$api" ] && kill $api 2>/dev/null; true' EXIT
# the demo cluster (tests/data/demo-cluster) collected once, by the new build
demo=$work/demo.tar.gz
if [ ! -f "$demo" ]; then
    echo "collecting $demo (once)"
    serve_cluster "$new" "$top/tests/data/demo-cluster"
    "$new/collect" --quiet --kubeconfig "$kc" --output "$demo" 2>/dev/null ||
        [ $? = 3 ] || { echo "build_compare: collect of the demo failed" >&2; exit 1; }
    stop_cluster
fi

rm -f "$work"/*.runs
# one test API server (the new build's) for every collect run: the server
# is the environment, not what is compared
serve_cluster "$new" "$cluster"
for i in $(seq 1 "$n"); do
    for side in old new; do
        b=$old; [ $side = new ] && b=$new
        timed "$work/analyze-bench.$side.runs" "$b/analyze" -q "$bench" \
            --format json -o /dev/null
        timed "$work/analyze-demo.$side.runs" "$b/analyze" -q "$demo" \
            --format json -o /dev/null
        rm -f "$work/collected.tar.gz"
        timed "$work/collect.$side.runs" "$b/collect" --quiet \
            --kubeconfig "$kc" --output "$work/collected.tar.gz"
    done
done

median() {  # median of column $2 of file $1
    awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR]=$1}
        END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'
}
printf 'old: %s\nnew: %s\n%d runs each, alternating; load average now %s\n' \
    "$old" "$new" "$n" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-16s %9s %9s %6s   %8s %8s %6s   %7s %7s\n' benchmark \
    'old wall' 'new wall' ratio 'old cpu' 'new cpu' ratio 'old MB' 'new MB'
for b in analyze-bench analyze-demo collect; do
    ow=$(median "$work/$b.old.runs" 1); nw=$(median "$work/$b.new.runs" 1)
    oc=$(median "$work/$b.old.runs" 2); nc=$(median "$work/$b.new.runs" 2)
    om=$(median "$work/$b.old.runs" 3); nm=$(median "$work/$b.new.runs" 3)
    printf '%-16s %8.2fs %8.2fs %6.2f   %7.2fs %7.2fs %6.2f   %7d %7d\n' \
        "$b" "$ow" "$nw" "$(echo "$nw / $ow" | bc -l)" "$oc" "$nc" \
        "$(echo "$nc / $oc" | bc -l)" "$om" "$nm"
done
