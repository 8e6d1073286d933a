# collect redact IN OUT on an sbundle: a bundle collected with
# --no-redact comes out with every planted secret masked, the same
# members, a manifest that lists each member's new size and hash, says
# it is redacted and counts the masks, and analyze reads it as it read
# the input (same findings).
. "$(dirname "$0")/lib/collect_env.sh"
ANALYZE=$SB_BUILD/analyze
[ -x "$ANALYZE" ] || { echo "skip: no analyze"; exit 77; }
copy_fixture "$WORK/fx" "
import json, random, string
g = random.Random(5)
r = lambda n: ''.join(g.choice(string.ascii_letters + string.digits) for _ in range(n))
sec = {'env': r(14), 'log': r(15), 'pat': 'ghp_' + r(36)}
p = json.load(open('resources/ml-train/pods.json'))
t = [i for i in p['items'] if i['metadata']['name'] == 'trainer-0'][0]
t['spec']['containers'][0]['env'] = [{'name': 'DB_PASSWORD', 'value': sec['env']},
                                     {'name': 'MAX_NEW_TOKENS', 'value': '512'}]
json.dump(p, open('resources/ml-train/pods.json', 'w'))
with open('logs/ml-train/trainer-0/trainer.log', 'a') as f:
    f.write('2026-11-20T09:58:00Z login password=%s\n' % sec['log'])
    f.write('2026-11-20T09:58:01Z pushing with %s\n' % sec['pat'])
json.dump(sec, open('../secrets.json', 'w'))
"
start_api s
run_collect "$WORK/raw.tgz" --kubeconfig "$WORK/s/kubeconfig" --no-redact
[ "$RC" = 0 ] || fail "collect exit $RC: $(cat "$WORK/err")"
"$COLLECT" redact "$WORK/raw.tgz" "$WORK/clean.tgz" >"$WORK/out" 2>"$WORK/rerr" ||
    fail "redact: $(cat "$WORK/rerr")"
[ ! -s "$WORK/rerr" ] || fail "stderr: $(cat "$WORK/rerr")"
grep -q "values masked; written to" "$WORK/out" || fail "$(cat "$WORK/out")"
python3 - "$WORK" <<'PY' || fail "the redacted sbundle is wrong"
import base64, hashlib, json, sys, tarfile
w = sys.argv[1]
sec = json.load(open(w + '/secrets.json'))
def read(p):
    out = {}
    with tarfile.open(p) as t:
        for m in t.getmembers():
            if m.isfile():
                out[m.name.partition('/')[2]] = t.extractfile(m).read()
    return out
raw, clean = read(w + '/raw.tgz'), read(w + '/clean.tgz')
rawtext = b'\n'.join(raw.values()).decode('utf-8', 'replace')
text = b'\n'.join(clean.values()).decode('utf-8', 'replace')
for k, v in sec.items():
    assert v in rawtext, 'the input lacks %s' % k
    for form in (v, base64.b64encode(v.encode()).decode()):
        assert form not in text, '%s leaked' % k
assert 'MAX_NEW_TOKENS' in text and '"512"' in text
assert sorted(raw) == sorted(clean), set(raw) ^ set(clean)
man = json.loads(clean['manifest.json'])
assert man['parameters']['redact'] is True, man['parameters']
assert sum(man['redactions'].values()) >= 3, man['redactions']
assert man['redacted_from'].endswith('raw.tgz')
files = {f['path']: f for f in man['files']}
for p, d in clean.items():
    if p == 'manifest.json':
        continue
    assert p in files, '%s not in the manifest' % p
    assert files[p]['size'] == len(d), p
    assert files[p]['sha256'] == hashlib.sha256(d).hexdigest(), p
    if p.endswith('.json'):
        json.loads(d)
PY
for b in raw clean; do
    "$ANALYZE" -q "$WORK/$b.tgz" --format json --output "$WORK/$b.json" \
        >/dev/null 2>"$WORK/aerr" || fail "analyze $b: $(cat "$WORK/aerr")"
done
python3 - "$WORK/raw.json" "$WORK/clean.json" <<'PY' || fail "analyze differs"
import json, sys
a, b = (sorted((f['rule'], json.dumps(f['subject'], sort_keys=True))
               for f in json.load(open(p))['findings']) for p in sys.argv[1:])
assert a, 'no findings at all'
assert a == b, (a, b)
PY
echo ok
