#!/bin/bash
# The scale bench (issue 21): collect and analyze as the cluster grows.
#   bench/scale_bench.sh BUILD_DIR [WORK_DIR]        sizes in $SIZES
#   bench/scale_bench.sh --ci BUILD_DIR [WORK_DIR]   15,000 pods, asserted
# For each size (pods; default "2000 20000 150000") it generates, once, a
# cluster of pods/30 nodes, a tenth of them with 8 GPUs and a DCGM
# exporter (150,000 pods: 5,000 nodes, 500 GPU nodes), with a log per
# container ($LOG_LINES lines, default 40) and two events a pod
# (bench/gen_cluster.py); serves it with sb-testapi adding $LATENCY_MS
# (20) to every request; then prints, from one run each on this machine:
#   collect   wall time against the floor the requests impose
#             (requests / parallelism x latency) and their ratio
#             (target <= 1.5), peak RSS (target <= 200 MB, flat in size)
#   analyze   wall time against gzip -dc of the same bundle and their
#             ratio (target <= 2), peak RSS (target <= 300 MB)
#   serve     analyze serve's start-up (until it answers) against gzip -dc
#             (target <= 1.5) and its peak RSS after a GET of every pod
#             (/api/v1/pods): target the serve bench's 150 MB for its
#             335 MB bundle, scaled by this bundle's uncompressed size
#             (never under 150 MB)
# gzip -dc and analyze run $ANALYZE_RUNS times (3) alternated, and their
# medians are compared. Each stage's CPU seconds (user + system) are printed beside its wall
# time, and the load average at its end: on a shared machine the wall
# times stretch with the load, the CPU seconds much less. The stages:
# generating the cluster (once), sb-testapi's load (until it listens),
# collect, gzip -dc, analyze, analyze serve. COLLECT and ANALYZE name
# other binaries to measure (another build's, say); sb-testapi always
# comes from BUILD_DIR.
# With ASSERT=1 (--ci's default) a missed collect target fails the run;
# so do a missed serve target (ASSERT_SERVE=0 leaves it out), analyze's
# peak RSS and, with ASSERT_ANALYZE=1, analyze's time against gzip -dc
# (it meets it on a quiet machine with a margin of a fifth at 15,000
# pods, none on a slow minute). A missed time is measured again, up to
# TIME_RETRIES (2) more times (collect: a fresh API and bundle;
# analyze: a set of runs), each printed, since a slow minute of a shared
# machine stretches a program on two busy cores more than gzip -dc on
# one, or a floor that assumes none (docs/scale.md says where it stands).
# Peak RSS is the largest of all the tries.
# --ci is the 150,000-pod cluster ten times smaller: 15,000 pods on 500
# nodes, 50 with GPUs; CI runs it.
# Needs: python3, GNU time, bc; disk: about 11 KB a pod of cluster at 40
# log lines (1.2 GB at 150,000 pods) plus the bundle; sb-testapi keeps the
# cluster's objects as text in a spool and an index in memory (184 MB when
# it listens at 150,000 pods, about 1.1 GB once collect has read them all,
# most of it the spool's pages) and copies its logs to a spool file in
# $TMPDIR (about 1 GB).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--ci" ]; then
    shift
    SIZES=15000
    ASSERT=${ASSERT:-1}
fi
build=$(cd "${1:?usage: scale_bench.sh [--ci] BUILD_DIR [WORK_DIR]}" && pwd)
work=${2:-${TMPDIR:-/tmp}/sbundle-scale-bench}
sizes=${SIZES:-2000 20000 150000}
latency=${LATENCY_MS:-20}
parallel=${PARALLEL:-16}
lines=${LOG_LINES:-40}
assert=${ASSERT:-0}
assert_analyze=${ASSERT_ANALYZE:-0}
assert_serve=${ASSERT_SERVE:-1}
runs=${ANALYZE_RUNS:-3}
retries=${TIME_RETRIES:-2}
collect=${COLLECT:-$build/collect}
analyze=${ANALYZE:-$build/analyze}
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)"; exit 1; }
mkdir -p "$work"
api=""
serve=""
# sb-testapi flushes requests.log a line at a time and keeps nothing else:
# killed outright, it is spared freeing its index object by object
# (a million objects at 150,000 pods)
stop_api() {
    if [ -n "$api" ]; then
        kill -KILL "$api" 2>/dev/null
        wait "$api" 2>/dev/null || :   # 137, killed: not a failure here
    fi
    api=""
}
stop_serve() {
    [ -n "$serve" ] && kill "$serve" 2>/dev/null && wait "$serve" 2>/dev/null
    serve=""
}
trap 'stop_api; stop_serve' EXIT
# analyze serve on the bundle: start-up until the kubeconfig it writes
# appears (it listens then), one GET of every pod, peak RSS (VmHWM)
serve_bundle() {    # serve_bundle BUNDLE -> sets st srss spods
    local kc=$work/serve.kubeconfig t0 url token
    rm -f "$kc"
    t0=$(date +%s.%N)
    "$analyze" serve "$1" --kubeconfig-out "$kc" >"$work/serve.out" 2>&1 &
    serve=$!
    while [ ! -s "$kc" ]; do
        kill -0 "$serve" 2>/dev/null || { cat "$work/serve.out"; exit 1; }
        sleep 0.02
    done
    st=$(echo "$(date +%s.%N) - $t0" | bc -l)
    scpu=$(cpu_of "$serve")
    url=$(sed -n 's/^ *server: //p' "$kc" | head -1)
    token=$(sed -n 's/^ *token: //p' "$kc" | head -1)
    curl -skf -o "$work/pods.json" -H "Authorization: Bearer $token" \
        "$url/api/v1/pods" || { echo "GET /api/v1/pods failed"; exit 1; }
    # counted as a stream: at 150,000 pods the answer is hundreds of MB,
    # gigabytes as Python objects. In the compact JSON each item has one
    # "kind":"Pod" member between a '{' or ',' and the next one (strings
    # that hold it have their quotes escaped)
    spods=$(tr ',{' '\n\n' <"$work/pods.json" | grep -c '^"kind":"Pod"$' || :)
    srss=$(awk '/^VmHWM:/ {print $2}' "/proc/$serve/status")
    stop_serve
    rm -f "$work/pods.json"
}
# CPU seconds (user + system) a running process has used so far
cpu_of() {
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' \
        "/proc/$1/stat"
}
load() { cut -d' ' -f1 /proc/loadavg; }
# GNU time's record: wall, peak RSS KB, CPU s (user + system)
timed() {   # timed OUT CMD... (its exit status is returned)
    /usr/bin/time -f '%e %M %U %S' -o "$1" "${@:2}"
}
read_time() {   # read_time FILE -> "wall rss_kb cpu"
    tail -n 1 "$1" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }'
}
medians() {   # medians FILE of read_time lines -> "wall rss_kb cpu": the
              # median wall and CPU, the largest RSS
    sort -n -k1,1 "$1" | awk '{ w[NR] = $1 } END { printf "%s ", w[int((NR + 1) / 2)] }'
    sort -n -k2,2 "$1" | tail -n 1 | awk '{ printf "%s ", $2 }'
    sort -n -k3,3 "$1" | awk '{ c[NR] = $3 } END { printf "%s\n", c[int((NR + 1) / 2)] }'
}
failed=0
# gzip -dc and analyze alternated $runs times: the medians of wall and
# CPU, the largest peak RSS (one run's wall time on a shared machine moves
# by a fifth, more than the margin being checked). Sets tg gzcpu at arss
# acpu aload aratio.
analyze_set() {
    : >"$work/gzip.runs"; : >"$work/analyze.runs"
    for _ in $(seq "$runs"); do
        timed "$work/gzip.time" gzip -dc "$work/bundle.tar.gz" >/dev/null
        read_time "$work/gzip.time" >>"$work/gzip.runs"
        timed "$work/analyze.time" "$analyze" -q \
            "$work/bundle.tar.gz" --format json --output "$work/report.json" \
            >/dev/null 2>"$work/analyze.err" || { cat "$work/analyze.err"; exit 1; }
        read_time "$work/analyze.time" >>"$work/analyze.runs"
    done
    read -r tg _ gzcpu < <(medians "$work/gzip.runs")
    read -r at arss acpu < <(medians "$work/analyze.runs")
    aload=$(load)
    aratio=$(echo "$at / $tg" | bc -l)
}
check() {   # check WHAT VALUE LIMIT
    if [ "$(echo "$2 > $3" | bc -l)" = 1 ]; then
        echo "  MISSED: $1 $2 > $3"
        failed=1
    fi
}
# sb-testapi started on $cluster, collect run against it, the API stopped:
# sets lt lcpu lrss lload reqs cload apicpu apirss ct crss ccpu floor
# cratio (and rc, collect's exit status)
collect_run() {
    state=$work/state
    rm -rf "$state" "$work/bundle.tar.gz" "$work/report.json"
    mkdir -p "$state"
    t0=$(date +%s.%N)
    "$build/sb-testapi" "$cluster" --dir "$state" --latency-ms "$latency" \
        >"$work/testapi.log" 2>&1 &
    api=$!
    # sb-testapi loads the whole cluster before it listens: at 150,000
    # pods that took over 10 minutes on a loaded 2-core machine, so the
    # wait grows with the size (10 minutes, plus one per 10,000 pods)
    wait_until=$(( SECONDS + 600 + pods * 6 / 1000 ))
    while [ $SECONDS -lt $wait_until ]; do
        [ -s "$state/port" ] && break
        kill -0 "$api" 2>/dev/null || { cat "$work/testapi.log"; exit 1; }
        sleep 0.1
    done
    [ -s "$state/port" ] || { echo "sb-testapi did not start"; exit 1; }
    lt=$(echo "$(date +%s.%N) - $t0" | bc -l)
    lcpu=$(cpu_of "$api")
    lrss=$(awk '/^VmHWM:/ {print $2}' "/proc/$api/status")
    lload=$(load)

    reqs0=$(wc -l <"$state/requests.log")
    rc=0
    timed "$work/collect.time" "$collect" \
        --quiet --kubeconfig "$state/kubeconfig" --parallel "$parallel" \
        --output "$work/bundle.tar.gz" 2>"$work/collect.err" || rc=$?
    [ $rc = 0 ] || [ $rc = 3 ] || { cat "$work/collect.err"; exit 1; }
    reqs=$(( $(wc -l <"$state/requests.log") - reqs0 ))
    cload=$(load)
    apicpu=$(cpu_of "$api")
    apirss=$(awk '/^VmHWM:/ {print $2}' "/proc/$api/status")
    stop_api
    read -r ct crss ccpu < <(read_time "$work/collect.time")
    floor=$(echo "$reqs / $parallel * $latency / 1000" | bc -l)
    cratio=$(echo "$ct / $floor" | bc -l)
}
# again STAGE RATIO_VAR LIMIT RSS_VAR FN ASSERTED: a slow minute of a
# shared machine stretches a program on two busy cores more than gzip -dc
# on one, or a floor that assumes none, so while the ratio in RATIO_VAR is
# over LIMIT (and ASSERT and ASSERTED are 1), FN measures again, up to
# $retries more times, each miss printed; the first try that meets it
# counts, and RSS_VAR keeps the largest peak RSS of all the tries
again() {
    local stage=$1 rvar=$2 limit=$3 mvar=$4 fn=$5 asserted=$6 try=1 peak
    while [ "$assert" = 1 ] && [ "$asserted" = 1 ] &&
          [ "$(echo "${!rvar} > $limit" | bc -l)" = 1 ] &&
          [ $try -le "$retries" ]; do
        printf '  %s try %d: ratio %.2f (<= %s), load %s: measured again\n' \
            "$stage" "$try" "${!rvar}" "$limit" "$(load)"
        try=$((try + 1))
        peak=${!mvar}
        "$fn"
        [ "$peak" -gt "${!mvar}" ] && printf -v "$mvar" '%s' "$peak"
    done
    return 0
}
printf 'scale bench: %s ms a request, %d in flight, %d log lines a container, %s\n' \
    "$latency" "$parallel" "$lines" "$(nproc) CPUs"
for pods in $sizes; do
    nodes=$(( pods / 30 > 10 ? pods / 30 : 10 ))
    gpus=$(( nodes / 10 > 1 ? nodes / 10 : 1 ))
    cluster=$work/cluster-$pods-$lines
    if [ ! -f "$cluster/manifest.json" ]; then
        echo "generating $cluster (once)"
        NODES=$nodes GPU_NODES=$gpus timed "$work/gen.time" python3 \
            "$here/gen_cluster.py" "$cluster" "$pods" "$lines"
        read -r gt grss gcpu < <(read_time "$work/gen.time")
        printf '  generate %7.2f s  CPU %7.2f s  peak RSS %d MB  load %s\n' \
            "$gt" "$gcpu" $((grss / 1024)) "$(load)"
    fi
    collect_run
    again collect cratio 1.5 crss collect_run "$assert"
    size=$(stat -c %s "$work/bundle.tar.gz")

    # analyze's time (analyze_set); sync first: sb-testapi's spool (1 GB at 150,000 pods) and the new
    # bundle may still be on their way to disk, and analyze, which writes
    # its temporary database (gzip -dc writes nothing), ran 11.1-13.2 s
    # right after collect at 150,000 pods and 9.0-9.8 s after a sync
    sync
    analyze_set
    again analyze aratio 2 arss analyze_set "$assert_analyze"
    raw=$(gzip -dc "$work/bundle.tar.gz" | wc -c)
    serve_bundle "$work/bundle.tar.gz"
    sload=$(load)
    sratio=$(echo "$st / $tg" | bc -l)
    smax=$(( raw * 150 / (335 << 20) > 150 ? raw * 150 / (335 << 20) : 150 ))

    printf '%d pods, %d nodes (%d GPU), bundle %d MB (%d MB uncompressed)%s\n' \
        "$pods" "$nodes" "$gpus" $((size >> 20)) $((raw >> 20)) \
        "$([ $rc = 3 ] && echo ', collect exit 3 (gaps)')"
    printf '  sb-testapi load %7.2f s  CPU %.2f s  RSS %d MB when listening, %d MB after collect (%.2f s CPU in all)  load %s\n' \
        "$lt" "$lcpu" $((lrss / 1024)) $((apirss / 1024)) "$apicpu" "$lload"
    printf '  collect %7.2f s  floor %6.2f s (%d requests / %d x %d ms)  ratio %.2f (<= 1.5)  peak RSS %d MB (<= 200)\n' \
        "$ct" "$floor" "$reqs" "$parallel" "$latency" "$cratio" $((crss / 1024))
    printf '          CPU %.2f s (%.0f us a pod)  load %s\n' \
        "$ccpu" "$(echo "$ccpu * 1000000 / $pods" | bc -l)" "$cload"
    printf '  analyze %7.2f s  gzip -dc %6.2f s  ratio %.2f (<= 2)  peak RSS %d MB (<= 300)\n' \
        "$at" "$tg" "$aratio" $((arss / 1024))
    printf '          CPU %.2f s (%.0f us a pod), gzip -dc %.2f s: ratio %s  load %s\n' \
        "$acpu" "$(echo "$acpu * 1000000 / $pods" | bc -l)" "$gzcpu" \
        "$(awk -v a="$acpu" -v g="$gzcpu" 'BEGIN { printf "%.2f", a / (g > 0.01 ? g : 0.01) }')" \
        "$aload"
    printf '  serve   %7.2f s  gzip -dc %6.2f s  ratio %.2f (<= 1.5)  peak RSS %d MB (<= %d) after GET of %d pods\n' \
        "$st" "$tg" "$sratio" $((srss / 1024)) "$smax" "$spods"
    printf '          CPU %.2f s to start  load %s\n' "$scpu" "$sload"
    if [ "$assert" = 1 ]; then
        check "collect time / floor" "$cratio" 1.5
        check "collect peak RSS MB" $((crss / 1024)) 200
        if [ "$assert_serve" = 1 ]; then
            check "serve start-up / gzip -dc" "$sratio" 1.5
            check "serve peak RSS MB" $((srss / 1024)) "$smax"
        fi
        # analyze's memory has a wide margin and holds on a busy machine
        # too; its time with ASSERT_ANALYZE=1 (see the header)
        check "analyze peak RSS MB" $((arss / 1024)) 300
        if [ "$assert_analyze" = 1 ]; then
            check "analyze time / gzip -dc" "$aratio" 2
        fi
    fi
done
printf 'load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
exit $failed
