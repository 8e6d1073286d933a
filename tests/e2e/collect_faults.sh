# Pagination through faults: small pages, expired continue tokens (410),
# throttling (429 with Retry-After) and flaky 503s; every list complete.
. "$(dirname "$0")/lib/collect_env.sh"
start_api faults --max-limit 2 --throttle-every 7 --flaky 0.2 --seed 11 \
    --expire-continue
run_collect "$WORK/b.tgz" --kubeconfig "$WORK/faults/kubeconfig"
[ "$RC" = 0 ] || fail "exit $RC: $(cat "$WORK/err")"
log=$WORK/faults/requests.log
for s in 410 429 503; do
    awk -v s=$s '$3 == s { f = 1 } END { exit !f }' "$log" ||
        fail "the server never answered $s: the fault was not exercised"
done
grep -q 'continue=' "$log" || fail "no request followed a continue token"
json_check "$WORK/b.tgz" '
fx = fixture_files()
n = 0
for p, d in fx.items():
    if not p.startswith("resources/") or p.endswith("secrets.json"):
        continue
    assert p in members, "missing " + p
    assert names(members[p]) == names(d), "items differ in " + p
    n += 1
assert n > 5, "too few resource files compared"
assert manifest["complete"] is True and manifest["gaps"] == []
'
echo ok
