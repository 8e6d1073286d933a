#!/bin/bash
# collect's benchmark (issue 3): one run, same machine, printed figures.
#   bench/collect_bench.sh BUILD_DIR [WORK_DIR]
# Generates (once) a ~2,000-pod cluster with logs as a bundle folder in
# WORK_DIR (default $TMPDIR/sbundle-collect-bench, bench/gen_cluster.py),
# serves it with sb-testapi adding 20 ms to every request (a remote
# cluster over a VPN), then times, against the same server:
#   1 collect --output B.tar.gz               (peak RSS via GNU time)
#   2 kubectl cluster-info dump --all-namespaces --output-directory D
#     (which fetches much less: no events of cluster scope, no previous
#     logs, no CRDs, no node logs, no GPU metrics, no describe text)
# and prints both times, the ratio (target: collect at least 8x faster)
# and collect's peak RSS (target: under 100 MB).
# Env: PODS (2000), LOG_LINES (200), LATENCY_MS (20), PARALLEL (16),
# KUBECTL (kubectl on PATH).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: collect_bench.sh BUILD_DIR [WORK_DIR]}" && pwd)
work=${2:-${TMPDIR:-/tmp}/sbundle-collect-bench}
pods=${PODS:-2000}
kubectl=${KUBECTL:-kubectl}
mkdir -p "$work"
cluster=$work/cluster-$pods
if [ ! -f "$cluster/manifest.json" ]; then
    echo "generating $cluster (once)"
    python3 "$here/gen_cluster.py" "$cluster" "$pods" "${LOG_LINES:-200}"
fi
state=$work/state
rm -rf "$state" "$work/dump" "$work/bundle.tar.gz"
mkdir -p "$state"
"$build/sb-testapi" "$cluster" --dir "$state" \
    --latency-ms "${LATENCY_MS:-20}" >"$work/testapi.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null; wait $api 2>/dev/null' EXIT
for _ in $(seq 1 600); do
    [ -s "$state/port" ] && break
    kill -0 $api 2>/dev/null || { cat "$work/testapi.log"; exit 1; }
    sleep 0.1
done
[ -s "$state/port" ] || { echo "sb-testapi did not start"; exit 1; }
kc=$state/kubeconfig
now() { date +%s.%N; }

reqs0=$(wc -l <"$state/requests.log")
t0=$(now)
/usr/bin/time -f '%U %S %M' -o "$work/collect.time" "$build/collect" --quiet \
    --kubeconfig "$kc" --parallel "${PARALLEL:-16}" \
    --output "$work/bundle.tar.gz" 2>"$work/collect.err" || {
    rc=$?
    # 3 is a bundle with gaps: still timed, but say so
    [ $rc = 3 ] || { cat "$work/collect.err"; exit 1; }
    echo "note: collect exited 3 (gaps in the manifest)"
}
t1=$(now)
reqs1=$(wc -l <"$state/requests.log")
/usr/bin/time -f '%U %S %M' -o "$work/kubectl.time" \
    "$kubectl" --kubeconfig "$kc" cluster-info dump --all-namespaces \
    --output-directory "$work/dump" >/dev/null 2>"$work/kubectl.err" ||
    { cat "$work/kubectl.err"; exit 1; }
t2=$(now)
reqs2=$(wc -l <"$state/requests.log")

tc=$(echo "$t1 - $t0" | bc -l)
tk=$(echo "$t2 - $t1" | bc -l)
read -r cu cs crss < <(tail -n 1 "$work/collect.time")
read -r ku ks krss < <(tail -n 1 "$work/kubectl.time")
rss=$((crss / 1024))
printf 'cluster: %d pods, %s ms added per request\n' "$pods" "${LATENCY_MS:-20}"
printf 'collect:                      %7.2f s  %5d requests  %4d MB bundle  cpu %5.1f s  peak RSS %d MB (target < 100)\n' \
    "$tc" $((reqs1 - reqs0)) $(( $(stat -c %s "$work/bundle.tar.gz") >> 20 )) \
    "$(echo "$cu + $cs" | bc -l)" "$rss"
printf 'kubectl cluster-info dump -A: %7.2f s  %5d requests  %4d MB folder  cpu %5.1f s  peak RSS %d MB\n' \
    "$tk" $((reqs2 - reqs1)) $(( $(du -sk "$work/dump" | cut -f1) >> 10 )) \
    "$(echo "$ku + $ks" | bc -l)" $((krss / 1024))
printf 'load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'ratio: collect is %.1fx faster (target >= 8x)\n' "$(echo "$tk / $tc" | bc -l)"
