# collect review BUNDLE lists, per file and rule, what was masked, and
# what still looks like a credential (high-entropy strings outside an
# assignment, which redaction leaves), with file and line; a bundle made
# with --no-redact shows its secrets as suspects.
. "$(dirname "$0")/lib/collect_env.sh"
copy_fixture "$WORK/fx" "
import json
p = json.load(open('resources/ml-train/pods.json'))
t = [i for i in p['items'] if i['metadata']['name'] == 'trainer-0'][0]
t['spec']['containers'][0]['env'] = [{'name': 'DB_PASSWORD', 'value': 'Rv9pw1xx'}]
json.dump(p, open('resources/ml-train/pods.json', 'w'))
with open('logs/ml-train/trainer-0/trainer.log') as f:
    n = sum(1 for _ in f)
with open('logs/ml-train/trainer-0/trainer.log', 'a') as f:
    f.write('2026-11-20T09:58:00Z saw Zk3Qp9Rm2Xv7Lw8Nt4Yb6Hc1Df5G in passing\n')
open('../line', 'w').write(str(n + 1))
"
start_api rv
run_collect "$WORK/b.tgz" --kubeconfig "$WORK/rv/kubeconfig"
[ "$RC" = 0 ] || fail "collect exit $RC: $(cat "$WORK/err")"
"$COLLECT" review "$WORK/b.tgz" >"$WORK/out" 2>"$WORK/rerr"
RC=$?
[ "$RC" = 3 ] || fail "review exit $RC: $(cat "$WORK/rerr")"
[ ! -s "$WORK/rerr" ] || fail "review stderr: $(cat "$WORK/rerr")"
grep -qP "^  resources/ml-train/pods.json\tenv-value\t1$" "$WORK/out" ||
    fail "no masked count for pods.json: $(cat "$WORK/out")"
grep -qP "^  logs/ml-train/trainer-0/trainer.log:$(cat "$WORK/line")\thigh-entropy\tZk3Qp9Rm2Xv7Lw8Nt4Yb6Hc1Df5G$" "$WORK/out" ||
    fail "the unmasked value is not listed with its line: $(cat "$WORK/out")"
grep -q "Rv9pw1xx" "$WORK/out" && fail "review printed a masked value"
tail -n 1 "$WORK/out" | grep -q "^[0-9]* values masked; 1 strings look" ||
    fail "summary: $(tail -n 1 "$WORK/out")"

# the summary at the end of every collect (not under --quiet): masks per
# rule and the count of suspects, pointing at collect review
"$COLLECT" --output "$WORK/s.tgz" --kubeconfig "$WORK/rv/kubeconfig" \
    >"$WORK/sout" 2>"$WORK/serr" || fail "collect exit $?: $(cat "$WORK/serr")"
"$COLLECT" review "$WORK/s.tgz" >"$WORK/sreview" 2>&1
python3 - "$WORK/sreview" "$WORK/serr" <<'PY' || fail "per-rule summary: $(cat "$WORK/serr")"
import re, sys
want = {}
for l in open(sys.argv[1]):
    m = re.match(r'^  [^\t:]+\t([a-z0-9-]+)\t(\d+)$', l)
    if m:
        want[m.group(1)] = want.get(m.group(1), 0) + int(m.group(2))
line = [l for l in open(sys.argv[2]) if l.startswith('collect: masked per rule:')]
assert len(line) == 1, line
got = dict((r, int(n)) for r, n in
           re.findall(r' ([a-z0-9-]+) (\d+)', line[0].split(':', 2)[2]))
assert want and got == want, (got, want)
PY
grep -qF "collect: 1 strings look like credentials and are not masked; see 'collect review $WORK/s.tgz'" \
    "$WORK/serr" || fail "no suspects summary: $(cat "$WORK/serr")"
grep -q "Rv9pw1xx" "$WORK/serr" "$WORK/sout" && fail "the summary printed a value"
grep -q "masked per rule\|look like credentials" "$WORK/err" &&
    fail "--quiet printed the summary"

# unredacted: the password is a suspect now, by its key
run_collect "$WORK/n.tgz" --kubeconfig "$WORK/rv/kubeconfig" --no-redact
[ "$RC" = 0 ] || fail "collect --no-redact exit $RC"
"$COLLECT" review "$WORK/n.tgz" >"$WORK/out2" 2>&1
[ $? = 3 ] || fail "review of an unredacted bundle did not find suspects"
grep -qP "^  resources/ml-train/pods.json:\d+\tkey-secret\tRv9pw1xx$" "$WORK/out2" ||
    fail "the unmasked password is not listed: $(cat "$WORK/out2")"
"$COLLECT" review "$WORK/none.tgz" >/dev/null 2>"$WORK/rerr"
[ $? = 1 ] || fail "a missing bundle did not fail"
grep -q "none.tgz" "$WORK/rerr" || fail "error does not name the bundle"
echo ok
