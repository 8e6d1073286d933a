#!/bin/bash
# collect --dry-run ends with an estimate of the bundle and of the run:
# the objects and log streams it counts are those a real run then
# collects (the counts come from the lists' remainingItemCount and a page
# of pods), the size is within a factor of the real bundle's, the time is
# given with the requests and parallelism it comes from, and --max-size
# caps the size. Nothing is written.
. "$(dirname "$0")/lib/collect_env.sh"
FIXTURE=$SB_SRC/tests/data/demo-cluster
[ -d "$FIXTURE" ] || { echo "skip: no demo cluster"; exit 77; }
start_api demo --latency-ms 5
KC=$WORK/demo/kubeconfig

cd "$WORK" || fail "cd"
"$COLLECT" --kubeconfig "$KC" --dry-run >"$WORK/plan" 2>"$WORK/err"
RC=$?
[ "$RC" = 0 ] || fail "--dry-run: exit $RC: $(cat "$WORK/err")"
[ -s "$WORK/err" ] && fail "--dry-run: stderr: $(cat "$WORK/err")"
ls "$WORK"/*.tar.gz >/dev/null 2>&1 && fail "--dry-run wrote a bundle"
grep -q '^estimate: ' "$WORK/plan" || fail "no estimate: $(cat "$WORK/plan")"

"$COLLECT" --kubeconfig "$KC" --output "$WORK/b.tgz" 2>"$WORK/sum"
RC=$?
[ "$RC" = 0 ] || [ "$RC" = 3 ] || fail "collect: exit $RC: $(cat "$WORK/sum")"
python3 - "$WORK/plan" "$WORK/sum" "$WORK/b.tgz" <<'PY' || fail "estimate checks"
import os, re, sys
plan = open(sys.argv[1]).read()
summ = open(sys.argv[2]).read()
size = os.path.getsize(sys.argv[3])
m = re.search(r"estimate: (\d+) objects in (\d+) lists .*?, (\d+) log "
              r"streams \(([^,]+), ([^)]*)\), (\d+) GPU nodes", plan)
assert m, plan
objects, streams, gpus = int(m.group(1)), int(m.group(3)), int(m.group(6))
assert "from a sample of logs" in m.group(5) or "kubelet" in m.group(5), plan
real_objects = int(re.search(r"(\d+) objects", summ).group(1))
real_streams = int(re.search(r"(\d+) log streams", summ).group(1))
assert objects == real_objects, (objects, real_objects)
assert streams == real_streams, (streams, real_streams)
assert gpus == 2, gpus          # gpu-node-1 and gpu-node-2
m = re.search(r"estimate: bundle about ([\d.]+) (KiB|MiB|GiB) compressed.*"
              r"about (\d+) requests, ([\d.]+) s at (\d+) in flight", plan)
assert m, plan
est = float(m.group(1)) * {"KiB": 1 << 10, "MiB": 1 << 20,
                           "GiB": 1 << 30}[m.group(2)]
assert size / 10 <= est <= size * 10, (est, size)
assert int(m.group(3)) >= objects // 250 + streams, m.group(3)
assert int(m.group(5)) == 16 and float(m.group(4)) > 0, m.groups()
print("ok: estimate %d objects, %d streams, %.0f bytes (real %d)"
      % (objects, streams, est, size))
PY

# logs of half a megabyte each: the sampled logs say so, and a budget caps the
# estimate and says that logs will be trimmed
copy_fixture "$WORK/fx" "
import os, random
r = random.Random(1)
for d, _, fs in os.walk('logs'):
    for f in fs:
        with open(os.path.join(d, f), 'a') as out:
            for i in range(8000):
                out.write('2026-11-23T09:00:00.000000000Z %032x\\n'
                          % r.getrandbits(128))
"
start_api big
"$COLLECT" --kubeconfig "$WORK/big/kubeconfig" --dry-run >"$WORK/plan2" \
    2>&1 || fail "--dry-run on big logs: $(cat "$WORK/plan2")"
grep -qE 'log streams \(([4-9]\.[0-9]|[1-9][0-9]+) MiB, from a sample' \
    "$WORK/plan2" || fail "big logs not seen: $(cat "$WORK/plan2")"
"$COLLECT" --kubeconfig "$WORK/big/kubeconfig" --dry-run --max-size 1M \
    >"$WORK/plan3" 2>&1 || fail "--dry-run --max-size: $(cat "$WORK/plan3")"
grep -q 'bundle about 1.0 MiB compressed (--max-size' "$WORK/plan3" ||
    fail "--max-size not in the estimate: $(cat "$WORK/plan3")"
echo "ok: --dry-run estimate"
