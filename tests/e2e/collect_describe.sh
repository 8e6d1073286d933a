# Describe text carries what kubectl describe fetches besides the object:
# a Deployment's replica sets, the pods behind a ReplicaSet, StatefulSet
# or claim, a Service's and an Ingress's endpoints, a node's Lease. The
# expected values come from the fixture, not from this script. With the
# related lists forbidden, the text is still written with what there is.
. "$(dirname "$0")/lib/collect_env.sh"
start_api desc
run_collect "$WORK/b.tgz" --kubeconfig "$WORK/desc/kubeconfig"
[ "$RC" = 0 ] || fail "exit $RC: $(cat "$WORK/err")"
json_check "$WORK/b.tgz" '
import re
fx = fixture_files()
def items(path):
    return json.loads(fx[path])["items"]
def text(path):
    assert path in members, "missing " + path
    return members[path].decode()
def field(t, name):
    m = re.search(r"^%s:[ \t]*(.*)$" % re.escape(name), t, re.M)
    assert m, "no %s line in:\n%s" % (name, t)
    return m.group(1).strip()
def owned(kids, owner):
    return [k for k in kids
            if any(r.get("controller") and r["uid"] == owner["metadata"]["uid"]
                   for r in k["metadata"].get("ownerReferences", []))]

# a Deployment names its ReplicaSet
dep = [d for d in items("resources/default/deployments.apps.json")
       if d["metadata"]["name"] == "web"][0]
rs = owned(items("resources/default/replicasets.apps.json"), dep)
assert len(rs) == 1, rs
rs = rs[0]
t = text("describe/default/deployments/web.txt")
new = field(t, "NewReplicaSet")
assert new == "%s (%d/%d replicas created)" % (rs["metadata"]["name"],
    rs["status"]["replicas"], rs["spec"]["replicas"]), new
assert field(t, "OldReplicaSets") == "<none>"

# a ReplicaSet counts its running pods
pods = owned(items("resources/default/pods.json"), rs)
running = sum(p["status"]["phase"] == "Running" for p in pods)
assert running > 0, "the fixture has no running web pod"
t = text("describe/default/replicasets/%s.txt" % rs["metadata"]["name"])
assert field(t, "Pods Status") == \
    "%d Running / 0 Waiting / 0 Succeeded / 0 Failed" % running, t

# so do a StatefulSet and a DaemonSet
for ns, plural, name in (("ml-train", "statefulsets", "trainer"),
                         ("gpu-operator", "daemonsets", "nvidia-dcgm-exporter")):
    t = text("describe/%s/%s/%s.txt" % (ns, plural, name))
    assert field(t, "Pods Status").startswith("1 Running /"), t

# a Service lists its ready endpoints (from its EndpointSlices) with the port
ready = []
for s in items("resources/default/endpointslices.discovery.k8s.io.json"):
    if s["metadata"]["labels"].get("kubernetes.io/service-name") != "web":
        continue
    for e in s["endpoints"]:
        if e["conditions"]["ready"]:
            ready.append("%s:%d" % (e["addresses"][0], s["ports"][0]["port"]))
assert ready == ["10.244.1.20:80"], ready
t = text("describe/default/services/web.txt")
assert field(t, "Endpoints") == ",".join(ready), t
t = text("describe/default/ingresses/web.txt")
assert re.search(r"^ +/ +web:80 \(10\.244\.1\.20:80\)$", t, re.M), t
assert "not found" not in t, t

# a claim names the pod that mounts it
t = text("describe/ml-train/persistentvolumeclaims/data-trainer-0.txt")
assert field(t, "Used By") == "trainer-0", t

# a node shows its Lease
for l in items("resources/kube-node-lease/leases.coordination.k8s.io.json"):
    t = text("describe/_cluster/nodes/%s.txt" % l["metadata"]["name"])
    assert re.search(r"^Lease:\n  HolderIdentity: +%s\n  AcquireTime: +<unset>\n"
                     r"  RenewTime: +Fri, 20 Nov 2026 09:59:52 \+0000$"
                     % l["spec"]["holderIdentity"], t, re.M), t
'

# forbidden related lists: the text is still there, with what there is
start_api nope --forbid replicasets,services,endpointslices,leases
run_collect "$WORK/f.tgz" --kubeconfig "$WORK/nope/kubeconfig"
[ "$RC" = 3 ] || fail "exit $RC, want 3: $(cat "$WORK/err")"
json_check "$WORK/f.tgz" '
import re
gaps = {g["target"] for g in manifest["gaps"]}
assert "services" in gaps and "replicasets.apps" in gaps, gaps
t = members["describe/default/deployments/web.txt"].decode()
assert "NewReplicaSet" not in t and t.startswith("Name:"), t
t = members["describe/default/ingresses/web.txt"].decode()
# services unknown, not missing: no "not found" error
assert re.search(r"^ +/ +web:80 \(<none>\)$", t, re.M), t
assert "not found" not in t, t
t = members["describe/_cluster/nodes/node-gpu-1.txt"].decode()
assert "\nLease:" not in t and "Non-terminated Pods:" in t, t
t = members["describe/ml-train/statefulsets/trainer.txt"].decode()
assert re.search(r"^Pods Status: +1 Running /", t, re.M), t
'

# one namespace asked for: its related lists still come, leases do not
run_collect "$WORK/n.tgz" --kubeconfig "$WORK/desc/kubeconfig" \
    --namespace default
[ "$RC" = 0 ] || fail "exit $RC: $(cat "$WORK/err")"
json_check "$WORK/n.tgz" '
t = members["describe/default/services/web.txt"].decode()
assert "Endpoints:             10.244.1.20:80\n" in t, t
t = members["describe/default/deployments/web.txt"].decode()
assert "NewReplicaSet:   web-" in t, t
assert "\nLease:" not in members["describe/_cluster/nodes/node-cpu-1.txt"].decode()
'
# the deadline before every list is in: what came is still described
start_api slow --latency-ms 300
run_collect "$WORK/d.tgz" --kubeconfig "$WORK/slow/kubeconfig" \
    --timeout 5s --parallel 2
[ "$RC" = 3 ] || fail "exit $RC, want 3: $(cat "$WORK/err")"
json_check "$WORK/d.tgz" '
assert manifest["stopped"] == "deadline", manifest["stopped"]
plural = {"pods": "pods", "nodes": "nodes", "deployments.apps": "deployments",
          "replicasets.apps": "replicasets", "statefulsets.apps": "statefulsets",
          "daemonsets.apps": "daemonsets", "jobs.batch": "jobs",
          "services": "services", "persistentvolumeclaims": "persistentvolumeclaims",
          "ingresses.networking.k8s.io": "ingresses"}
seen = 0
for p, d in members.items():
    parts = p.split("/")
    if parts[0] != "resources" or parts[2][:-5] not in plural:
        continue
    for i in json.loads(d)["items"]:
        seen += 1
        want = "describe/%s/%s/%s.txt" % (parts[1], plural[parts[2][:-5]],
                                          i["metadata"]["name"])
        assert want in members, "missing " + want
assert seen, "nothing describable came before the deadline"
'
echo ok
