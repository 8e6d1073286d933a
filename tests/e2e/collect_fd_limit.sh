# Under a low open-file limit (ulimit -n 64, soft and hard, so collect
# cannot raise it) a cluster of thousands of pods is collected whole: the
# files collect holds open do not grow with the cluster.
. "$(dirname "$0")/lib/collect_env.sh"
PODS=${SB_FD_TEST_PODS:-3000}
gen_cluster "$WORK/big" "$PODS" 3
start_api big
( ulimit -n 64 && exec "$COLLECT" --quiet --output "$WORK/b.tgz" \
    --kubeconfig "$WORK/big/kubeconfig" ) 2>"$WORK/err"
RC=$?
[ "$RC" = 0 ] || fail "exit $RC: $(head -c 2000 "$WORK/err")"
[ -s "$WORK/err" ] && fail "stderr not empty: $(head -c 2000 "$WORK/err")"
json_check "$WORK/b.tgz" "
fx = fixture_files()
pods = [json.loads(d)['items'] for p, d in members.items()
        if p.startswith('resources/') and p.endswith('/pods.json')]
assert sum(len(i) for i in pods) == $PODS, sum(len(i) for i in pods)
for p, d in fx.items():
    if p.startswith('resources/') and p.endswith('.json') and \\
            not p.endswith('secrets.json') and json.loads(d)['items']:
        assert p in members, 'missing ' + p
        assert names(members[p]) == names(d), 'items differ in ' + p
    if p.startswith('logs/'):
        assert p in members, 'missing ' + p
nlogs = sum(1 for p in fx if p.startswith('logs/'))
assert nlogs > $PODS, nlogs
assert manifest['complete'] is True, manifest['gaps'][:3]
assert manifest['gaps'] == []
"
echo ok
