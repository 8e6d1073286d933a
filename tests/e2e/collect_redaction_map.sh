# collect --redaction-map keeps the token -> original map beside the
# bundle, encrypted with a passphrase: collect reveal answers each token
# with its value under the right passphrase and nothing under a wrong
# one, and neither the map nor its values are in the bundle.
. "$(dirname "$0")/lib/collect_env.sh"
copy_fixture "$WORK/fx" "
import json, random, string
g = random.Random(7)
r = lambda n: ''.join(g.choice(string.ascii_letters + string.digits) for _ in range(n))
sec = {'mk1': 'ghp_' + r(36), 'mk2': r(14), 'mk3': r(18)}
p = json.load(open('resources/ml-train/pods.json'))
t = [i for i in p['items'] if i['metadata']['name'] == 'trainer-0'][0]
c = t['spec']['containers'][0]
c['env'] = [{'name': 'NOTE', 'value': 'mk1 ' + sec['mk1']},
            {'name': 'DB_PASSWORD', 'value': sec['mk2']}]
json.dump(p, open('resources/ml-train/pods.json', 'w'))
with open('logs/ml-train/trainer-0/trainer.log', 'a') as f:
    f.write('2026-11-20T09:58:00Z mk3 password=%s\n' % sec['mk3'])
json.dump(sec, open('../secrets.json', 'w'))
"
start_api m
printf 'correct horse battery staple\n' >"$WORK/pass"
printf 'wrong horse\n' >"$WORK/bad"
run_collect "$WORK/b.tgz" --kubeconfig "$WORK/m/kubeconfig" \
    --redaction-map "$WORK/map" --redaction-map-pass-file "$WORK/pass"
[ "$RC" = 0 ] || fail "collect exit $RC: $(cat "$WORK/err")"
[ -s "$WORK/map" ] || fail "no map written"
[ "$(stat -c %a "$WORK/map")" = 600 ] || fail "map mode $(stat -c %a "$WORK/map")"
# the tokens, found in the bundle beside their markers or keys
json_check "$WORK/b.tgz" "
import re
sec = json.load(open('$WORK/secrets.json'))
text = '\n'.join(d.decode('utf-8', 'replace') for d in members.values())
for v in sec.values():
    assert v not in text, 'secret in the bundle'
m = open('$WORK/map', 'rb').read()
for v in sec.values():
    assert v.encode() not in m, 'secret in clear in the map'
assert not any(d.startswith(b'SBRMAP1') for d in members.values()), 'map in the bundle'
tok = {}
tok['mk1'] = re.search(r'mk1 (<redacted:[a-z0-9-]+:[0-9a-f]{10}>)', text).group(1)
tok['mk2'] = re.search(r'\"DB_PASSWORD\",\s*\"value\":\s*\"(<redacted:[a-z0-9-]+:[0-9a-f]{10}>)', text).group(1)
tok['mk3'] = re.search(r'mk3 password=(<redacted:[a-z0-9-]+:[0-9a-f]{10}>)', text).group(1)
json.dump(tok, open('$WORK/tokens.json', 'w'))
"
for k in mk1 mk2 mk3; do
    t=$(python3 -c "import json; print(json.load(open('$WORK/tokens.json'))['$k'])")
    want=$(python3 -c "import json; print(json.load(open('$WORK/secrets.json'))['$k'])")
    out=$("$COLLECT" reveal --redaction-map "$WORK/map" \
          --redaction-map-pass-file "$WORK/pass" "$t" 2>"$WORK/rerr") ||
        fail "reveal $k: $(cat "$WORK/rerr")"
    [ "$out" = "$(printf '%s\t%s' "$t" "$want")" ] ||
        fail "reveal $k gave '$out'"
    out=$("$COLLECT" reveal --redaction-map "$WORK/map" \
          --redaction-map-pass-file "$WORK/bad" "$t" 2>"$WORK/rerr")
    [ $? = 1 ] || fail "a wrong passphrase did not fail"
    [ -z "$out" ] || fail "a wrong passphrase revealed '$out'"
    grep -q "wrong passphrase" "$WORK/rerr" || fail "stderr: $(cat "$WORK/rerr")"
    grep -qF "$want" "$WORK/rerr" && fail "a wrong passphrase leaked the value"
done
"$COLLECT" reveal --redaction-map "$WORK/map" --redaction-map-pass-file \
    "$WORK/pass" "<redacted:kv-secret:0123456789>" >"$WORK/out" 2>"$WORK/rerr"
[ $? = 1 ] && [ ! -s "$WORK/out" ] || fail "an unknown token was answered"
run_collect "$WORK/c.tgz" --kubeconfig "$WORK/m/kubeconfig" --no-redact \
    --redaction-map "$WORK/map2"
[ "$RC" = 2 ] || fail "--redaction-map with --no-redact: exit $RC"
echo ok
