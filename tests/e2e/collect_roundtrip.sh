# Round trip: serve the fixture bundle, collect it back, and find the same
# objects, logs, events, node logs and GPU metrics; Secret values never.
. "$(dirname "$0")/lib/collect_env.sh"
# plant Secret values: the bundle must hold their key names, never them
copy_fixture "$WORK/fx" '
import base64, json
p = "resources/default/secrets.json"
d = json.load(open(p))
for i, s in enumerate(d["items"]):
    s["data"] = {k: base64.b64encode(b"canary-value-%d-%s" % (i, k.encode())).decode()
                 for k in (s.get("data") or {"password": ""})}
json.dump(d, open(p, "w"))
'
start_api rt
run_collect "$WORK/b.tgz" --kubeconfig "$WORK/rt/kubeconfig"
[ "$RC" = 0 ] || fail "exit $RC: $(cat "$WORK/err")"
json_check "$WORK/b.tgz" '
import hashlib
fx = fixture_files()
# kernel logs and exporter metrics are fetched for GPU nodes
gpu = set()
for n in json.loads(fx["resources/_cluster/nodes.json"])["items"]:
    cap = n.get("status", {}).get("capacity", {})
    lab = n["metadata"].get("labels", {})
    if cap.get("nvidia.com/gpu", "0") != "0" or lab.get("nvidia.com/gpu.present") == "true":
        gpu.add(n["metadata"]["name"])
assert gpu, "the fixture has no GPU node"
for p, d in fx.items():
    if p.startswith("nodes/") and p.split("/")[1] not in gpu:
        continue
    if p.startswith("resources/"):
        assert p in members, "missing " + p
        assert names(members[p]) == names(d), "items differ in " + p
    elif p.startswith("logs/") or p.startswith("nodes/"):
        assert p in members, "missing " + p
        got = members[p].decode().splitlines()
        want = d.decode().splitlines()
        assert len(got) == len(want), "%s: %d lines, want %d" % (p, len(got), len(want))
import base64
values = set()
for p, d in fx.items():
    if p.endswith("/secrets.json"):
        for s in json.loads(d)["items"]:
            for v in (s.get("data") or {}).values():
                if v:
                    values.add(v.encode())
                    values.add(base64.b64decode(v))
            for v in (s.get("stringData") or {}).values():
                values.add(v.encode())
values = {v for v in values if len(v) >= 6}
assert values, "the fixture has no Secret values to look for"
for p, d in members.items():
    for v in values:
        assert v not in d, "a Secret value is in " + p
    if p.endswith("/secrets.json"):
        for s in json.loads(d)["items"]:
            for k in ("data", "stringData"):
                for v in (s.get(k) or {}).values():
                    assert not v or v.startswith("<redacted"), (p, v)
                assert s.get("data"), "key names lost in " + p
    if p.startswith("resources/"):
        for it in json.loads(d)["items"]:
            assert it.get("kind") and it.get("apiVersion"), p
pods = [i for p, d in members.items() if p.endswith("/pods.json")
        for i in json.loads(d)["items"]]
for i in pods:
    md = i["metadata"]
    assert "describe/%s/pods/%s.txt" % (md["namespace"], md["name"]) in members
for p in members:
    if p.startswith("resources/_cluster/nodes.json"):
        for n in json.loads(members[p])["items"]:
            assert "describe/_cluster/nodes/%s.txt" % n["metadata"]["name"] in members
for f in manifest["files"]:
    assert hashlib.sha256(members[f["path"]]).hexdigest() == f["sha256"]
assert set(f["path"] for f in manifest["files"]) == set(members) - {"manifest.json"}
assert manifest["complete"] is True and manifest["gaps"] == []
assert manifest["kubernetes_version"]
assert "cluster/version.json" in members
assert isinstance(json.loads(members["cluster/api-resources.json"]), list)
'
echo ok
