# collect --obfuscate: node names, host names and every IP address of the
# demo cluster are replaced by pseudonyms in every member and member
# path, consistently, so analyze finds the same faults on the same
# (pseudonymous) nodes; images, API groups and loopback survive; the
# kept map answers a pseudonym with collect reveal.
. "$(dirname "$0")/lib/collect_env.sh"
FIXTURE=$SB_SRC/tests/data/demo-cluster
ANALYZE=$SB_BUILD/analyze
[ -x "$ANALYZE" ] || { echo "skip: no analyze"; exit 77; }
[ -d "$FIXTURE" ] || { echo "skip: no demo cluster"; exit 77; }
# IPv6 and what must survive, in a log line
copy_fixture "$WORK/fx" "
import os
p = sorted(os.path.join(d, f) for d, _, fs in os.walk('logs') for f in fs
           if f.endswith('.log'))[0]
with open(p, 'a') as f:
    f.write('2026-11-23T10:00:00Z peer fd00:10:20::1a and [2001:470:1:2::5]:443 '
            'local ::1 127.0.0.1 0.0.0.0 at 09:58:00 mac aa:bb:cc:dd:ee:ff\\n')
open('../v6log', 'w').write(p)
"
start_api o
KC=$WORK/o/kubeconfig
printf 'obfuscation pass\n' >"$WORK/pass"
run_collect "$WORK/plain.tgz" --kubeconfig "$KC"
[ "$RC" = 0 ] || fail "collect exit $RC: $(cat "$WORK/err")"
run_collect "$WORK/obf.tgz" --kubeconfig "$KC" --obfuscate \
    --redaction-map "$WORK/map" --redaction-map-pass-file "$WORK/pass"
[ "$RC" = 0 ] || fail "collect --obfuscate exit $RC: $(cat "$WORK/err")"

python3 - "$WORK" "$FIXTURE" <<'PY' || fail "identities left in the bundle"
import ipaddress, json, os, re, sys, tarfile
w, fx = sys.argv[1], sys.argv[2]
def read(p):
    out = {}
    with tarfile.open(p) as t:
        for m in t.getmembers():
            if m.isfile():
                out[m.name.partition('/')[2]] = t.extractfile(m).read()
    return out
plain, obf = read(w + '/plain.tgz'), read(w + '/obf.tgz')
nodes = json.load(open(fx + '/resources/_cluster/nodes.json'))['items']
names, ips = set(), set()
for n in nodes:
    names.add(n['metadata']['name'])
    for a in n['status'].get('addresses', []):
        (ips if a['type'].endswith('IP') else names).add(a['address'])
# every address the plain bundle holds in an address field
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ('podIP', 'hostIP', 'clusterIP', 'ip', 'address',
                     'loadBalancerIP') and isinstance(v, str):
                ips.add(v)
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
for p, d in plain.items():
    if p.endswith('.json'):
        walk(json.loads(d))
def isip(v):
    try:
        ipaddress.ip_address(v)
        return True
    except ValueError:
        return False
names |= {i for i in ips if i and not isip(i)}
ips = {i for i in ips if isip(i)}
ips = {i for i in ips if not ipaddress.ip_address(i).is_loopback
       and not ipaddress.ip_address(i).is_unspecified}
# and the cluster's name, as the plain run's manifest has it
names.add(json.loads(plain['manifest.json'])['cluster'])
assert len(names) >= 5 and len(ips) >= 8, (names, ips)
ptext = b'\n'.join(plain.values()).decode('utf-8', 'replace')
for v in names | ips:
    assert v in ptext, 'the plain bundle lacks %s' % v
for p, d in obf.items():
    t = d.decode('utf-8', 'replace')
    for v in names:
        assert v not in p, 'node name %s in path %s' % (v, p)
        assert v not in t, 'node name %s in %s' % (v, p)
    for v in ips:
        assert not re.search(r'(?<![0-9.])%s(?![0-9])' % re.escape(v), t), \
            'address %s in %s' % (v, p)
    if p.endswith('.json'):
        json.loads(d)
text = b'\n'.join(obf.values()).decode('utf-8', 'replace')
# what must survive
imgs = set(re.findall(r'"image":\s*"([^"]+)"', ptext))
assert imgs
for v in ('fd00:10:20::1a', '2001:470:1:2::5'):
    assert v in ptext and v not in text, v
assert re.search(r'peer 2001:db8::[0-9a-f:]+ and \[2001:db8::[0-9a-f:]+\]:443 '
                 r'local ::1 127\.0\.0\.1 0\.0\.0\.0 at 09:58:00 '
                 r'mac aa:bb:cc:dd:ee:ff', text), 'the IPv6 line'
for v in imgs | {'nvidia.com/gpu', 'apps/v1', 'kubernetes.io/hostname'}:
    assert v in text, '%s lost' % v
# the same node is the same pseudonym everywhere: nodes.json in order
on = json.loads(obf['resources/_cluster/nodes.json'])['items']
pseudo = {a['metadata']['name']: b['metadata']['name']
          for a, b in zip(nodes, on)}
for o, p in pseudo.items():
    assert re.fullmatch(r'[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?', p), p
    assert o != p
    assert any(k.startswith('nodes/%s/' % p) for k in obf) or \
        not any(k.startswith('nodes/%s/' % o) for k in plain), p
# every pod's node is one of the pseudonymous nodes
bound = set(re.findall(r'"nodeName":\s*"([^"]+)"', text))
assert bound and bound <= set(pseudo.values()), bound
for a in on:
    for ad in a['status'].get('addresses', []):
        if ad['type'].endswith('IP'):
            ipaddress.ip_address(ad['address'])
man = json.loads(obf['manifest.json'])
assert man.get('obfuscated') is True
json.dump(pseudo, open(w + '/pseudo.json', 'w'))
PY

for b in plain obf; do
    "$ANALYZE" -q "$WORK/$b.tgz" --format json --output "$WORK/$b.json" \
        >/dev/null 2>"$WORK/aerr" || fail "analyze $b: $(cat "$WORK/aerr")"
done
python3 - "$WORK" <<'PY' || fail "analyze does not correlate the same"
import json, sys
w = sys.argv[1]
pseudo = json.load(open(w + '/pseudo.json'))
def subj(f):
    s = json.dumps(f['subject'], sort_keys=True)
    for o, p in pseudo.items():
        s = s.replace(p, o)
    return s
a, b = (json.load(open('%s/%s.json' % (w, n)))['findings']
        for n in ('plain', 'obf'))
ra = sorted(f['rule'] for f in a)
rb = sorted(f['rule'] for f in b)
assert ra == rb, (ra, rb)
xa = [f for f in b if f['rule'] == 'gpu-xid']
assert xa, 'no gpu-xid finding'
assert any(pseudo['gpu-node-1'] in json.dumps(f['subject']) for f in xa), xa
PY

p=$(python3 -c "import json; print(json.load(open('$WORK/pseudo.json'))['gpu-node-1'])")
out=$("$COLLECT" reveal --redaction-map "$WORK/map" \
      --redaction-map-pass-file "$WORK/pass" "$p" 2>"$WORK/rerr") ||
    fail "reveal $p: $(cat "$WORK/rerr")"
[ "$out" = "$(printf '%s\tgpu-node-1' "$p")" ] || fail "reveal gave '$out'"
echo ok
