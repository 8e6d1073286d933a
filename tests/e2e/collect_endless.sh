# Every wait is bounded without --timeout: an endless continue chain
# (sb-testapi --endless-continue) ends at --max-list-pages, an endless log
# (--endless-log) at --max-log-read, each a gap, the rest complete; with
# --timeout, a log cut by the deadline keeps the tail it read and the run
# ends near the deadline.
. "$(dirname "$0")/lib/collect_env.sh"
LIMIT="timeout 120"
command -v timeout >/dev/null || LIMIT=
start_api chain --endless-continue configmaps
$LIMIT "$COLLECT" --quiet --kubeconfig "$WORK/chain/kubeconfig" \
    --output "$WORK/a.tgz" --max-list-pages 40 2>"$WORK/err"
RC=$?
[ "$RC" = 3 ] || fail "endless chain: exit $RC: $(cat "$WORK/err")"
n=$(grep -c 'configmaps?.*continue=endless-' "$WORK/chain/requests.log")
[ "$n" = 39 ] || fail "endless chain: $n continued pages, expected 39"
json_check "$WORK/a.tgz" "
fx = fixture_files()
gaps = manifest['gaps']
assert len(gaps) == 1, gaps
assert gaps[0]['target'] == 'configmaps', gaps
assert '--max-list-pages' in gaps[0]['error'], gaps
p = 'resources/ml-train/configmaps.json'
assert names(members[p]) == names(fx[p]), 'the first page was lost'
assert names(members['resources/ml-train/pods.json']) == \
    names(fx['resources/ml-train/pods.json'])
"

start_api endless --endless-log
$LIMIT "$COLLECT" --quiet --kubeconfig "$WORK/endless/kubeconfig" \
    --output "$WORK/b.tgz" --max-log-read 300000 2>"$WORK/err"
RC=$?
[ "$RC" = 3 ] || fail "endless log: exit $RC: $(cat "$WORK/err")"
json_check "$WORK/b.tgz" "
logs = [p for p in members if p.startswith('logs/')]
assert len(logs) > 5, logs
for p in logs:
    lines = members[p].decode().splitlines()
    assert 4000 <= len(lines) <= 300000 // 64, (p, len(lines))
    assert all(l.endswith(' endless line %019d' % int(l.split()[-1]))
               for l in lines), p
gaps = [g for g in manifest['gaps'] if g['collector'] == 'logs']
assert len(gaps) == len(logs), (len(gaps), len(logs))
assert all('--max-log-read' in g['error'] for g in gaps), gaps[:2]
"

t0=$(date +%s.%N)
$LIMIT "$COLLECT" --quiet --kubeconfig "$WORK/endless/kubeconfig" \
    --output "$WORK/c.tgz" --timeout 8s 2>"$WORK/err"
RC=$?
t1=$(date +%s.%N)
[ "$RC" = 3 ] || fail "deadline: exit $RC: $(cat "$WORK/err")"
secs=$(echo "$t1 - $t0" | bc 2>/dev/null || python3 -c "print($t1 - $t0)")
echo "--timeout 8s with endless logs took $secs s"
python3 -c "import sys; sys.exit(0 if $secs < 11 else 1)" ||
    fail "--timeout 8s took $secs s"
json_check "$WORK/c.tgz" "
logs = [p for p in members if p.startswith('logs/')]
assert logs, 'the tails read before the deadline were dropped'
for p in logs:
    assert members[p].count(b'endless line') > 0, p
gaps = [g for g in manifest['gaps'] if g['collector'] == 'logs']
assert any('what was read is kept' in g['error'] for g in gaps), gaps[:3]
assert manifest['stopped'] == 'deadline'
"
echo ok
