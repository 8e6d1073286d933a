# A kubernetes.io/tls Secret whose certificate expires in 3 days: the
# bundle keeps the certificate's public dates and names (never the key,
# never the certificate itself) and analyze reports cert-expiry from them.
. "$(dirname "$0")/lib/collect_env.sh"
command -v openssl >/dev/null || { echo "skip: needs openssl"; exit 77; }
openssl req -x509 -newkey rsa:2048 -nodes -days 3 -subj /CN=llm.example \
    -keyout "$WORK/k.pem" -out "$WORK/c.pem" >/dev/null 2>&1 ||
    fail "openssl cannot make a certificate"
copy_fixture "$WORK/fx" "
import base64, json
crt = base64.b64encode(open('$WORK/c.pem', 'rb').read()).decode()
key = base64.b64encode(open('$WORK/k.pem', 'rb').read()).decode()
p = 'resources/default/secrets.json'
d = json.load(open(p))
d['items'].append({'apiVersion': 'v1', 'kind': 'Secret', 'type': 'kubernetes.io/tls',
    'metadata': {'name': 'llm-tls', 'namespace': 'default',
                 'creationTimestamp': '2026-11-01T00:00:00Z', 'uid': 'tls-1'},
    'data': {'tls.crt': crt, 'tls.key': key}})
json.dump(d, open(p, 'w'))
"
FIXTURE=$WORK/fx
start_api tls
run_collect "$WORK/b.tgz" --kubeconfig "$WORK/tls/kubeconfig"
[ "$RC" = 0 ] || fail "exit $RC: $(cat "$WORK/err")"
KEYB64=$(base64 -w0 "$WORK/k.pem")
CRTB64=$(base64 -w0 "$WORK/c.pem")
for needle in "$KEYB64" "$CRTB64" "PRIVATE KEY"; do
    if gzip -dc "$WORK/b.tgz" | grep -qF -- "$needle"; then
        fail "the bundle carries Secret material: ${needle%${needle#????????}}..."
    fi
done
json_check "$WORK/b.tgz" '
s = [i for i in json.loads(members["resources/default/secrets.json"])["items"]
     if i["metadata"]["name"] == "llm-tls"][0]
assert sorted(s["data"]) == ["tls.crt", "tls.key"], s["data"]
assert all(v in (None, "") for v in s["data"].values()), s["data"]
c = s["certificate"]
assert "llm.example" in c["subject"], c
assert c["notAfter"] > c["notBefore"], c
'
"$SB_BUILD/analyze" "$WORK/b.tgz" --format json --output "$WORK/r.json" \
    2>"$WORK/aerr" || fail "analyze failed: $(cat "$WORK/aerr")"
python3 - "$WORK/r.json" <<'PY' || fail "no cert-expiry finding for llm-tls"
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
hits = [f for f in fs if f["rule"] == "cert-expiry"
        and f["subject"]["name"] == "llm-tls"]
assert hits, [(f["rule"], f["subject"]) for f in fs]
PY
echo ok
