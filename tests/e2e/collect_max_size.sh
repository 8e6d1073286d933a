#!/bin/bash
# collect --max-size: a cluster whose logs are several times the budget.
# The bundle comes out under the budget; every log stream keeps its
# newest lines (a suffix of what an unbudgeted run writes, starting at a
# line); the streams are trimmed fairly (every trimmed stream keeps about
# the same bytes, and no untrimmed stream is longer than that share); the
# manifest's log_budget lists exactly the trimmed streams with what each
# lost; and analyze still finds the demo cluster's planted faults, whose
# evidence is in the newest lines. A budget too small for the objects
# alone is a gap, not a crash (not testable above the 1M minimum: the
# smallest budget is checked instead); a bad SIZE is a usage error.
. "$(dirname "$0")/lib/collect_env.sh"
FIXTURE=$SB_SRC/tests/data/demo-cluster
ANALYZE=$SB_BUILD/analyze
[ -x "$ANALYZE" ] || { echo "skip: no analyze"; exit 77; }
[ -d "$FIXTURE" ] || { echo "skip: no demo cluster"; exit 77; }

# Older lines before each log's own (its own stay the newest): random hex
# so they do not compress away, a different amount per stream so that
# some are trimmed and some are not.
copy_fixture "$WORK/fx" "
import os, random
rnd = random.Random(21)
paths = sorted(os.path.join(d, f) for top in ('logs', 'nodes')
               for d, _, fs in os.walk(top) for f in fs
               if f.endswith('.log') and os.path.getsize(os.path.join(d, f)))
for i, p in enumerate(paths):
    own = open(p).read()
    n = [100, 2000, 6000, 9500][i % 4]
    kern = p.startswith('nodes/')
    old = []
    for k in range(n):
        h = '%032x%032x' % (rnd.getrandbits(128), rnd.getrandbits(128))
        if kern:
            old.append('Nov 20 %02d:%02d:%02d node kernel: [%d.000000] '
                       'filler %s' % (k // 3600 % 24, k // 60 % 60, k % 60,
                                      k, h))
        else:
            old.append('2026-11-20T%02d:%02d:%02d.%09dZ old line %d %s'
                       % (k // 3600 % 24, k // 60 % 60, k % 60, k, k, h))
    open(p, 'w').write('\n'.join(old) + '\n' + own)
"
start_api big
KC=$WORK/big/kubeconfig

run_collect "$WORK/full.tgz" --kubeconfig "$KC"
[ "$RC" = 0 ] || [ "$RC" = 3 ] || fail "unbudgeted run: exit $RC: $(cat "$WORK/err")"
full=$(stat -c %s "$WORK/full.tgz")
budget=1500000
[ "$full" -gt $((budget * 2)) ] ||
    fail "the test's logs are too small to need trimming ($full bytes)"

run_collect "$WORK/cut.tgz" --kubeconfig "$KC" --max-size 1500000
[ "$RC" = 0 ] || [ "$RC" = 3 ] || fail "--max-size: exit $RC: $(cat "$WORK/err")"
[ -s "$WORK/err" ] && fail "--max-size: unexpected stderr: $(cat "$WORK/err")"
size=$(stat -c %s "$WORK/cut.tgz")
echo "unbudgeted: $full bytes; --max-size $budget: $size bytes"
[ "$size" -le "$budget" ] || fail "bundle is $size bytes, over $budget"
# the budget is used, not wasted: at least half of it
[ "$size" -ge $((budget / 2)) ] || fail "bundle is only $size bytes"

python3 - "$WORK/full.tgz" "$WORK/cut.tgz" <<'PY' || fail "trimming checks"
import json, sys, tarfile

def read(path):
    out = {}
    with tarfile.open(path, "r:gz") as t:
        for m in t.getmembers():
            if m.isfile():
                out[m.name.partition("/")[2]] = t.extractfile(m).read()
    return out, json.loads(out["manifest.json"])

full, _ = read(sys.argv[1])
cut, man = read(sys.argv[2])
lb = man["log_budget"]
assert man["parameters"]["max_size"] == 1500000, man["parameters"]
logs = sorted(p for p in full if p.endswith(".log"))
assert logs and lb["streams"] == len(logs), (lb["streams"], len(logs))
trimmed = {t["path"]: t for t in lb["trimmed"]}
share = lb["share_bytes"]
assert share and trimmed, "nothing was trimmed: %s" % lb
longest_line = max(len(l) + 1 for p in logs for l in full[p].splitlines())
for p in logs:
    a, b = full[p], cut[p]
    assert a.endswith(b), "%s: not the newest lines" % p
    dropped = a[:len(a) - len(b)]
    assert not dropped or dropped.endswith(b"\n"), "%s: a line was cut" % p
    if p not in trimmed:
        assert a == b, "%s changed but is not listed as trimmed" % p
        assert len(a) <= share, "%s (%d bytes) is over the share %d kept " \
            "whole" % (p, len(a), share)
        continue
    t = trimmed[p]
    assert b, "%s kept nothing" % p
    assert t["bytes_kept"] == len(b) and t["bytes_dropped"] == len(dropped)
    assert t["lines_dropped"] == dropped.count(b"\n"), (p, t)
    assert t["lines_kept"] == len(b.splitlines()), (p, t)
    # fair: within one line of the share
    assert share - longest_line < len(b) <= share, (p, len(b), share)
assert set(trimmed) <= set(logs)
assert lb["streams_trimmed"] == len(trimmed)
assert lb["bytes_dropped"] == sum(t["bytes_dropped"] for t in trimmed.values())
# the other members are those of the unbudgeted run, untouched
for p in full:
    if not p.endswith(".log") and p != "manifest.json":
        assert p in cut, "%s is missing" % p
print("ok: %d of %d streams trimmed to %d bytes each, %d lines dropped"
      % (len(trimmed), len(logs), share, lb["lines_dropped"]))
PY

"$ANALYZE" -q "$WORK/cut.tgz" --format json --output "$WORK/report.json" \
    >/dev/null 2>"$WORK/analyze.err" || fail "analyze: $(cat "$WORK/analyze.err")"
python3 - "$WORK/report.json" <<'PY' || fail "planted faults not found"
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
def found(rule, name):
    return any(f["rule"] == rule and name in json.dumps(f["subject"])
               for f in fs)
for rule, name in [("gpu-xid", "gpu-node-1"), ("pod-crashloop", "vllm-llama"),
                   ("pod-oomkilled", "tokenizer-worker"),
                   ("pod-image-pull", "rag-indexer"),
                   ("service-no-endpoints", "llm-gateway")]:
    assert found(rule, name), "not found: %s %s" % (rule, name)
PY

# the smallest budget: under it, and the manifest adds up
run_collect "$WORK/tiny.tgz" --kubeconfig "$KC" --max-size 1M
[ "$RC" = 3 ] || [ "$RC" = 0 ] || fail "--max-size 1M: exit $RC: $(cat "$WORK/err")"
json_check "$WORK/tiny.tgz" "
lb = manifest['log_budget']
assert lb['streams'] > 0, lb
kept = sum(len(v) for k, v in members.items() if k.endswith('.log'))
assert kept == lb['bytes_kept'], (kept, lb['bytes_kept'])
"
[ "$(stat -c %s "$WORK/tiny.tgz")" -le 1048576 ] ||
    grep -q 'larger than --max-size' "$WORK/err" ||
    fail "over 1M with no warning"

for bad in 0 1000 12Q -5 ''; do
    run_collect "$WORK/bad.tgz" --kubeconfig "$KC" --max-size "$bad"
    [ "$RC" = 2 ] || fail "--max-size '$bad': exit $RC"
    grep -q "max-size" "$WORK/err" || fail "--max-size '$bad': $(cat "$WORK/err")"
done
echo "ok: --max-size"
