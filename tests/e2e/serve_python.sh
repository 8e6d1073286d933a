#!/bin/bash
# The official Python client (Debian's python3-kubernetes) against
# `analyze serve` on the mini-cluster fixture: it loads the kubeconfig
# serve writes, lists pods in every namespace, reads one, reads its logs
# (current and previous, with tail_lines), lists services and the
# EndpointSlices made from Endpoints, and gets the API server's 404 Status
# for a missing pod. Values are compared with the fixture's own files.
set -u
A=${SB_BUILD:?}/analyze
FIX=${SB_SRC:?}/tests/data/mini-cluster
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import kubernetes' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "python3-kubernetes missing: skip"; exit 77; }
T=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && { wait "$PID"; } 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

# only Endpoints, as older collectors gather: slices are made from them
cp -r "$FIX" "$T/b"
rm -f "$T"/b/resources/*/endpointslices.discovery.k8s.io.json
"$A" serve "$T/b" --kubeconfig-out "$T/kubeconfig" >"$T/serve.out" 2>&1 &
PID=$!
for _ in $(seq 1 200); do [ -s "$T/kubeconfig" ] && break; sleep 0.1; done
[ -s "$T/kubeconfig" ] || { echo "analyze serve did not start"; cat "$T/serve.out"; exit 1; }

HOME=$T "$PY" - "$T/kubeconfig" "$FIX" <<'PYEOF'
import json, os, sys
from kubernetes import client, config
from kubernetes.client.rest import ApiException

kc, fix = sys.argv[1], sys.argv[2]
config.load_kube_config(config_file=kc)
core = client.CoreV1Api()

def items(path):
    with open(os.path.join(fix, path)) as f:
        return json.load(f)["items"]

want = sorted((p["metadata"]["namespace"], p["metadata"]["name"])
              for ns in os.listdir(os.path.join(fix, "resources"))
              if os.path.exists(os.path.join(fix, "resources", ns, "pods.json"))
              for p in items(os.path.join("resources", ns, "pods.json")))
pods = core.list_pod_for_all_namespaces()
got = sorted((p.metadata.namespace, p.metadata.name) for p in pods.items)
assert got == want, (got, want)
print("ok list pods: %d" % len(got))

p = core.read_namespaced_pod("trainer-0", "ml-train")
assert p.status.container_statuses[0].restart_count == 7, p.status
print("ok read pod")

# the bundle keeps each line with its timestamp, as --timestamps shows it
def log_lines(name, stamps=False):
    with open(os.path.join(fix, "logs", "ml-train", "trainer-0", name)) as f:
        return [l if stamps else l.split(" ", 1)[1] for l in f.read().splitlines()]
log = core.read_namespaced_pod_log("trainer-0", "ml-train")
assert log.splitlines() == log_lines("trainer.log"), log[:200]
prev = core.read_namespaced_pod_log("trainer-0", "ml-train", previous=True,
                                    tail_lines=2, timestamps=True)
assert prev.splitlines() == log_lines("trainer.previous.log", True)[-2:], prev
print("ok logs")

svcs = core.list_service_for_all_namespaces()
assert "web" in [s.metadata.name for s in svcs.items]
slices = client.DiscoveryV1Api().list_namespaced_endpoint_slice(
    "default", label_selector="kubernetes.io/service-name=web")
ips = sorted(a for s in slices.items for e in s.endpoints for a in e.addresses)
want = sorted(a["ip"] for e in items("resources/default/endpoints.json")
              if e["metadata"]["name"] == "web"
              for s in e["subsets"]
              for a in s.get("addresses", []) + s.get("notReadyAddresses", []))
assert ips == want and ips, (ips, want)
print("ok endpointslices from endpoints: %s" % ",".join(ips))

try:
    core.read_namespaced_pod("nope", "ml-train")
    raise SystemExit("FAIL missing pod was found")
except ApiException as e:
    assert e.status == 404 and json.loads(e.body)["reason"] == "NotFound", e
print("ok missing pod 404")
PYEOF
rc=$?
exit $rc
