# Every byte written is redacted, the manifest included: an API server
# whose error body echoes the request's bearer token (sb-testapi
# --echo-token) does not put the token in any member of the bundle.
. "$(dirname "$0")/lib/collect_env.sh"
tok=sbtest-7f3a9c1e.d84b20aa61f95c3e07b2d4f18a6c90e3
start_api echo --token "$tok" --echo-token configmaps
run_collect "$WORK/b.tgz" --kubeconfig "$WORK/echo/kubeconfig"
[ "$RC" = 3 ] || fail "exit $RC, expected 3: $(cat "$WORK/err")"
grep -q "Authorization: Bearer $tok" "$WORK/echo/requests.log" 2>/dev/null &&
    fail "the request log should not hold the token"
json_check "$WORK/b.tgz" "
tok = b'$tok'
for p, d in members.items():
    assert tok not in d, 'the token is in ' + p
    assert tok[7:25] not in d, 'part of the token is in ' + p
gaps = [g for g in manifest['gaps'] if 'configmaps' in g['target']]
assert gaps, manifest['gaps']
for g in gaps:
    assert g['status'] == 403, g
    assert 'Authorization: Bearer' in g['error'], g
col = {c['name']: c for c in manifest['collectors']}
assert tok.decode() not in (col['resources']['error'] or ''), col
"
echo ok
