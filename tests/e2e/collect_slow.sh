# Slow responses: with 200 ms added to every request, requests overlap
# (--parallel), so the run takes a fraction of the sum of latencies.
. "$(dirname "$0")/lib/collect_env.sh"
start_api slow --latency-ms 200
t0=$(date +%s%N)
run_collect "$WORK/b.tgz" --kubeconfig "$WORK/slow/kubeconfig" --parallel 16
t1=$(date +%s%N)
[ "$RC" = 0 ] || fail "exit $RC: $(cat "$WORK/err")"
n=$(wc -l <"$WORK/slow/requests.log")
ms=$(((t1 - t0) / 1000000))
echo "$n requests of 200 ms each in $ms ms"
[ "$n" -gt 20 ] || fail "only $n requests"
[ $((n * 200)) -ge $((ms * 2)) ] ||
    fail "$n requests took $ms ms: not concurrent enough"
echo ok
