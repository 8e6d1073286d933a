# collect redact IN OUT re-redacts what another tool wrote: a Replicated
# troubleshoot support bundle (.tar.gz) and a kubectl cluster-info dump
# folder come out with the same members, every planted secret masked,
# what must survive intact, and the counts in manifest.json.
set -u
: "${SB_BUILD:?SB_BUILD must name the build folder}"
COLLECT=$SB_BUILD/collect
command -v python3 >/dev/null || { echo "skip: needs python3"; exit 77; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sb-redact-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 - "$WORK" <<'PY' || fail "cannot make the inputs"
import json, os, random, string, sys, tarfile
w = sys.argv[1]
g = random.Random(11)
r = lambda n: ''.join(g.choice(string.ascii_letters + string.digits) for _ in range(n))
sec = {'env': r(14), 'log': r(15), 'pat': 'ghp_' + r(36), 'cm': r(16),
       'cmd': r(13)}
keep = ['sha256:' + ''.join(g.choice('0123456789abcdef') for _ in range(64)),
        '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', 'db-secret', 'MAX_NEW_TOKENS']
pods = {'kind': 'PodList', 'items': [{'metadata': {'name': 'api-0',
        'namespace': 'shop', 'uid': keep[1]}, 'spec': {'containers': [{
        'image': 'reg.example.com/api@' + keep[0], 'command': ['mysql', '-p' + sec['cmd']],
        'env': [{'name': 'DB_PASSWORD', 'value': sec['env']},
                {'name': 'MAX_NEW_TOKENS', 'value': '512'}]}],
        'volumes': [{'name': 's', 'secret': {'secretName': 'db-secret'}}]}}]}
cms = {'kind': 'ConfigMapList', 'items': [{'metadata': {'name': 'cfg'},
       'data': {'app.properties': 'db.password=%s\n' % sec['cm']}}]}
log = 'INFO start\nlogin ok password=%s\npushing with %s\n' % (sec['log'], sec['pat'])
# troubleshoot: support-bundle-*/cluster-resources/..., pod logs
ts = os.path.join(w, 'support-bundle-2026-12-07T04_00_00')
for p, d in [('cluster-resources/pods/shop.json', json.dumps(pods, indent=2)),
             ('cluster-resources/configmaps/shop.json', json.dumps(cms)),
             ('shop/api-0/api.log', log)]:
    os.makedirs(os.path.dirname(os.path.join(ts, p)), exist_ok=True)
    open(os.path.join(ts, p), 'w').write(d)
with tarfile.open(os.path.join(w, 'ts.tar.gz'), 'w:gz') as t:
    t.add(ts, arcname=os.path.basename(ts))
# kubectl cluster-info dump --output-directory
ci = os.path.join(w, 'dump')
for p, d in [('shop/pods.json', json.dumps(pods, indent=4)),
             ('shop/configmaps.json', json.dumps(cms, indent=4)),
             ('shop/api-0/logs.txt', log), ('nodes.json', '{"kind":"NodeList","items":[]}')]:
    os.makedirs(os.path.dirname(os.path.join(ci, p)), exist_ok=True)
    open(os.path.join(ci, p), 'w').write(d)
json.dump({'sec': sec, 'keep': keep}, open(os.path.join(w, 'plan.json'), 'w'))
PY

check() {   # check OUT MEMBER...
    local out=$1
    shift
    python3 - "$WORK" "$out" "$@" <<'PY' || fail "check failed on $out"
import base64, json, sys, tarfile
w, out, want = sys.argv[1], sys.argv[2], sys.argv[3:]
plan = json.load(open(w + '/plan.json'))
members = {}
with tarfile.open(out) as t:
    for m in t.getmembers():
        if m.isfile():
            members[m.name.partition('/')[2]] = t.extractfile(m).read().decode()
text = '\n'.join(members.values())
for k, v in plan['sec'].items():
    for form in (v, json.dumps(v)[1:-1], base64.b64encode(v.encode()).decode()):
        assert form not in text, '%s leaked in %s' % (k, out)
for v in plan['keep']:
    assert v in text, '%s lost in %s' % (v, out)
assert sorted(want) == sorted(p for p in members if p != 'manifest.json'), \
    sorted(members)
for p, d in members.items():
    if p.endswith('.json'):
        json.loads(d)
man = json.loads(members['manifest.json'])
assert sum(man['redactions'].values()) >= 5, man['redactions']
PY
}

"$COLLECT" redact "$WORK/ts.tar.gz" "$WORK/ts-clean.tar.gz" >"$WORK/out" 2>"$WORK/err" ||
    fail "troubleshoot bundle: $(cat "$WORK/err")"
[ ! -s "$WORK/err" ] || fail "stderr: $(cat "$WORK/err")"
grep -q "values masked; written to" "$WORK/out" || fail "$(cat "$WORK/out")"
check "$WORK/ts-clean.tar.gz" cluster-resources/pods/shop.json \
    cluster-resources/configmaps/shop.json shop/api-0/api.log

"$COLLECT" redact "$WORK/dump" "$WORK/dump-clean.tar.gz" >/dev/null 2>"$WORK/err" ||
    fail "cluster-info dump: $(cat "$WORK/err")"
check "$WORK/dump-clean.tar.gz" shop/pods.json shop/configmaps.json \
    shop/api-0/logs.txt nodes.json

"$COLLECT" redact "$WORK/ts.tar.gz" "$WORK/ts.tar.gz" 2>"$WORK/err"
[ $? = 2 ] || fail "OUT naming the input was not refused"
"$COLLECT" redact "$WORK/missing.tgz" "$WORK/x.tgz" 2>"$WORK/err"
[ $? = 1 ] || fail "a missing input did not fail"
grep -q "missing.tgz" "$WORK/err" || fail "error: $(cat "$WORK/err")"
[ ! -e "$WORK/x.tgz" ] || fail "a failed run left an output"
echo ok
