#!/bin/bash
# analyze serve on the bench bundle (issue 17): one run, same machine.
#   bench/serve_bench.sh BUILD_DIR [WORK_DIR]
# Generates (once) the bench bundle of run_bench.sh (3,000 pods, 30,000
# events, 300 MB of logs; PODS, EVENTS, LOG_MB change it) in WORK_DIR
# (default $TMPDIR/sbundle-bench-serve), then prints:
#   1 gzip -dc BUNDLE > /dev/null          (the baseline)
#   2 analyze serve start-up: until its kubeconfig is written, the ratio
#     against 1 (target <= 1.5x), and the CPU seconds of each (all threads)
#   3 GET /api/v1/pods (kubectl get pods -A's request) timed at the client
#     on 127.0.0.1, and the bytes and items answered (target < 0.5 s)
#   4 peak RSS of the server after 2 and 3, from /proc VmHWM (target
#     <= 150 MB), and its RSS now
# BASE=OLD_ANALYZE measures that binary too, first, in the same run on the
# same bundle (the ratios of one run compare; a loaded machine's wall
# times do not carry over between runs). BUNDLE=FILE serves that bundle
# instead of the generated one (a scale bench bundle, say).
set -euo pipefail
build=$(cd "${1:?usage: serve_bench.sh BUILD_DIR [WORK_DIR]}" && pwd)
work=${2:-${TMPDIR:-/tmp}/sbundle-bench-serve}
mkdir -p "$work"
bundle=${BUNDLE:-$work/bench.tar.gz}
if [ ! -f "$bundle" ]; then
    echo "generating $bundle (once)"
    "$build/bench_gen_bundle" "$bundle" "${PODS:-3000}" "${EVENTS:-30000}" \
        "${LOG_MB:-300}" >/dev/null
fi
raw=$(gzip -dc "$bundle" | wc -c)
printf 'bundle: %s, %d MB compressed, %d MB uncompressed\n' "$bundle" \
    $(( $(stat -c %s "$bundle") >> 20 )) $(( raw >> 20 ))
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }

t0=$(now); /usr/bin/time -f '%U %S' -o "$work/gzcpu" gzip -dc "$bundle" >/dev/null; t1=$(now)
gz=$(secs "$t0" "$t1")
gzcpu=$(awk '{print $1 + $2}' "$work/gzcpu")
printf '1 gzip -dc                 %8.3f s  (CPU %.2f s)\n' "$gz" "$gzcpu"

# serve_one LABEL ANALYZE: steps 2 to 4 for one binary
serve_one() {
    local label=$1 analyze=$2 kc=$work/kubeconfig t0 t1 st scpu url token
    local items hwm rss tck
    rm -f "$kc"
    echo "$label: $analyze"
    t0=$(now)
    "$analyze" serve "$bundle" --kubeconfig-out "$kc" >"$work/serve.out" 2>&1 &
    pid=$!
    while [ ! -s "$kc" ]; do
        kill -0 $pid 2>/dev/null || { cat "$work/serve.out"; exit 1; }
        sleep 0.02
    done
    t1=$(now)
    st=$(secs "$t0" "$t1")
    # CPU time too: on a loaded machine the wall clock says little
    tck=$(getconf CLK_TCK)
    scpu=$(awk -v t="$tck" '{print ($14 + $15) / t}' /proc/$pid/stat)
    printf '2 analyze serve start-up   %8.3f s  %.2fx gzip (target <= 1.5); CPU %.2f s, %.2fx gzip'"'"'s\n' \
        "$st" "$(echo "$st / $gz" | bc -l)" "$scpu" "$(echo "$scpu / $gzcpu" | bc -l)"
    url=$(sed -n 's/^ *server: //p' "$kc" | head -1)
    token=$(sed -n 's/^ *token: //p' "$kc" | head -1)
    curl -sk -o "$work/pods.json" -w '%{time_total}\n' -H "Authorization: Bearer $token" \
        "$url/api/v1/pods" >"$work/t" 2>/dev/null
    items=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$work/pods.json")
    printf '3 GET /api/v1/pods         %8.3f s  %d items, %d MB (target < 0.5 s)\n' \
        "$(cat "$work/t")" "$items" $(( $(stat -c %s "$work/pods.json") >> 20 ))
    hwm=$(awk '/^VmHWM:/ {print $2}' /proc/$pid/status)
    rss=$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status)
    printf '4 serve peak RSS           %8d MB  (now %d MB; target <= 150)\n' \
        $(( hwm / 1024 )) $(( rss / 1024 ))
    kill $pid 2>/dev/null
    wait $pid 2>/dev/null || true
    pid=""
}
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null || true' EXIT
if [ -n "${BASE:-}" ]; then
    serve_one before "$BASE"
fi
label=build
[ -n "${BASE:-}" ] && label=after
serve_one "$label" "$build/analyze"
