#!/bin/bash
# sb-testapi speaks the Kubernetes API over HTTPS with a bearer token and
# injects the faults collect's tests rely on: 403, 429, 503, 410, page size,
# latency, client certificates, plain HTTP. Bad bundles are refused.
set -u
B=${SB_BUILD:?}/sb-testapi
FIX=${SB_SRC:?}/tests/data/mini-cluster
command -v python3 >/dev/null || { echo "python3 missing: skip"; exit 77; }
T=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; { wait "$p"; } 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT

# start NAME ARGS...: sb-testapi with its state in $T/NAME
start() {
    local name=$1; shift
    "$B" "$FIX" --dir "$T/$name" "$@" >"$T/$name.out" 2>&1 &
    PIDS+=($!)
}
start plain
start forbid --forbid secrets,configmaps
start throttle --throttle-every 3
start flaky --flaky 0.5 --seed 7
start expire --expire-continue
start maxlimit --max-limit 3
start slow --latency-ms 300
start cert --client-cert
start insecure --insecure --token secret-1
# the same fixture as a tar.gz with a top folder, as collect writes bundles
mkdir -p "$T/tgz/sbundle-mini-cluster-20261120T100000Z"
cp -r "$FIX"/. "$T/tgz/sbundle-mini-cluster-20261120T100000Z/"
tar -czf "$T/mini.tar.gz" -C "$T/tgz" sbundle-mini-cluster-20261120T100000Z
"$B" "$T/mini.tar.gz" --dir "$T/tarball" >"$T/tarball.out" 2>&1 &
PIDS+=($!)
for name in plain forbid throttle flaky expire maxlimit slow cert insecure tarball; do
    for _ in $(seq 1 200); do [ -s "$T/$name/port" ] && break; sleep 0.1; done
    [ -s "$T/$name/port" ] || { echo "server $name did not start"; cat "$T/$name.out"; exit 1; }
done

fail=0
python3 - "$T" <<'PY' || fail=1
import json, os, re, ssl, sys, threading, time, urllib.request, urllib.error
T = sys.argv[1]
bad = 0

def check(name, want, got):
    global bad
    if want != got:
        print("FAIL %s: expected %r got %r" % (name, want, got)); bad = 1
    else:
        print("ok", name)

def token(s):
    m = re.search(r"^\s*token: (\S+)", open(os.path.join(T, s, "kubeconfig")).read(), re.M)
    return m.group(1) if m else ""

def port(s):
    return open(os.path.join(T, s, "port")).read().strip()

def ctx(s, cert=False):
    c = ssl.create_default_context(cafile=os.path.join(T, s, "ca.crt"))
    if cert:
        c.load_cert_chain(os.path.join(T, s, "client.crt"), os.path.join(T, s, "client.key"))
    return c

def req(s, path, method="GET", headers=None, auth=True, cert=False, body=None, scheme="https"):
    """Returns (status, headers, body bytes)."""
    h = dict(headers or {})
    if auth:
        h["Authorization"] = "Bearer " + (auth if isinstance(auth, str) else token(s))
    r = urllib.request.Request("%s://127.0.0.1:%s%s" % (scheme, port(s), path), data=body, method=method, headers=h)
    try:
        with urllib.request.urlopen(r, context=ctx(s, cert) if scheme == "https" else None, timeout=30) as f:
            return f.status, f.headers, f.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()

def js(s, path, **kw):
    st, _, b = req(s, path, **kw)
    return st, json.loads(b)

def code(s, path, **kw):
    return req(s, path, **kw)[0]

st, v = js("plain", "/version")
check("version", "v1.30.4", v["gitVersion"])
check("no-token", 401, code("plain", "/api/v1/pods", auth=False))
check("wrong-token", 401, code("plain", "/api/v1/pods", auth="nope"))
try:
    urllib.request.urlopen("https://127.0.0.1:%s/version" % port("plain"), timeout=10)
    check("unknown-ca", "refused", "accepted")
except urllib.error.URLError as e:
    check("unknown-ca", True, "CERTIFICATE_VERIFY_FAILED" in str(e))
kc = open(os.path.join(T, "plain", "kubeconfig")).read()
check("kubeconfig-context", True, 'current-context: "mini-cluster"' in kc)
check("kubeconfig-ca", True, "certificate-authority-data: " in kc)
check("pods-all", 11, len(js("plain", "/api/v1/pods")[1]["items"]))
check("pods-ns", 6, len(js("plain", "/api/v1/namespaces/ml-train/pods")[1]["items"]))
d = js("plain", "/api/v1/pods")[1]
check("list-kind", "PodList v1 1000", "%s %s %s" % (d["kind"], d["apiVersion"], d["metadata"]["resourceVersion"]))
check("items-have-kind", True, all(i.get("kind") == "Pod" for i in d["items"]))

# pagination: pages of 4, 4, 3 that together list every pod once
names, cont, pages = [], "", []
while True:
    d = js("plain", "/api/v1/pods?limit=4" + ("&continue=" + cont if cont else ""))[1]
    pages.append((len(d["items"]), d["metadata"].get("remainingItemCount")))
    names += [i["metadata"]["namespace"] + "/" + i["metadata"]["name"] for i in d["items"]]
    cont = d["metadata"].get("continue")
    if not cont:
        break
check("pages", [(4, 7), (4, 3), (3, None)], pages)
check("pages-complete", sorted(set(names)), names)
check("pages-count", 11, len(names))
check("bad-continue", 400, code("plain", "/api/v1/pods?limit=4&continue=%25%25"))
check("bad-limit", 400, code("plain", "/api/v1/pods?limit=abc"))
sel = lambda q: [i["metadata"]["name"] for i in js("plain", "/api/v1/pods?" + q)[1]["items"]]
check("label-eq", ["trainer-0"], sel("labelSelector=app%3Dtrainer"))
check("label-in", ["data-loader-acdfalblga-9fz2q", "trainer-0"], sel("labelSelector=app%20in%20(trainer,data-loader)"))
check("label-exists-notin", ["preprocess-x8v2n"], sel("labelSelector=job-name,job-name%20notin%20(big-job)"))
check("field-node", 5, len(sel("fieldSelector=spec.nodeName%3Dnode-gpu-1")))
check("field-unscheduled", ["big-job-7mx4k"], sel("fieldSelector=status.phase%3DPending,spec.nodeName%3D"))
check("field-neq", 9, len(sel("fieldSelector=status.phase!%3DFailed,status.phase!%3DSucceeded")))
ev = js("plain", "/api/v1/namespaces/ml-train/events?fieldSelector=involvedObject.name%3Dtrainer-0,involvedObject.kind%3DPod")[1]
check("field-events", ["BackOff", "Pulled"], sorted(e["reason"] for e in ev["items"]))
check("bad-selector", 400, code("plain", "/api/v1/pods?labelSelector=a%20in%20(b"))
check("get-one", "trainer-0", js("plain", "/api/v1/namespaces/ml-train/pods/trainer-0")[1]["metadata"]["name"])
st, d = js("plain", "/api/v1/namespaces/ml-train/pods/nope")
check("get-missing", (404, 'pods "nope" not found', "NotFound"), (st, d["message"], d["reason"]))
check("get-cluster-scoped", "node-gpu-1", js("plain", "/api/v1/nodes/node-gpu-1")[1]["metadata"]["name"])
check("get-namespace", "ml-train", js("plain", "/api/v1/namespaces/ml-train")[1]["metadata"]["name"])
check("unknown-group", 404, code("plain", "/apis/nope.example.com/v1/things"))
check("unknown-path", 404, code("plain", "/nope"))
st, d = js("plain", "/api/v1/namespaces/ml-train/pods/trainer-0", method="DELETE")
check("delete-405", (405, "MethodNotAllowed", "Status"), (st, d["reason"], d["kind"]))
check("post-405", 405, code("plain", "/api/v1/namespaces/ml-train/pods", method="POST", body=b'{"kind":"Pod"}'))
check("patch-405", 405, code("plain", "/api/v1/nodes/node-gpu-1", method="PATCH", body=b'{}'))
check("api", ["v1"], js("plain", "/api")[1]["versions"])
check("discovery-apps", ["daemonsets", "deployments", "replicasets", "statefulsets"],
      [r["name"] for r in js("plain", "/apis/apps/v1")[1]["resources"]])
groups = [g["name"] for g in js("plain", "/apis")[1]["groups"]]
check("discovery-groups", True, "serving.kserve.io" in groups and "metrics.k8s.io" in groups)
check("crd-list", ["llama-chat"], [i["metadata"]["name"] for i in js("plain", "/apis/serving.kserve.io/v1beta1/namespaces/ml-train/inferenceservices")[1]["items"]])
check("metrics", 2, len(js("plain", "/apis/metrics.k8s.io/v1beta1/nodes")[1]["items"]))
check("empty-list", [], js("plain", "/apis/coordination.k8s.io/v1/namespaces/default/leases")[1]["items"])

# logs
log = lambda q, s="plain": req(s, "/api/v1/namespaces/ml-train/pods/" + q)
check("log-tail", b"RuntimeError: CUDA error: an illegal memory access was encountered\n", log("trainer-0/log?container=trainer&tailLines=1")[2])
check("log-prev-ts", b"2026-11-20T09:52:35.123457789Z ERROR trainer exited with code 1\n", log("trainer-0/log?previous=true&timestamps=true&tailLines=1")[2])
check("log-limit", b"INFO st", log("trainer-0/log?limitBytes=7")[2])
check("log-since", 2, len(log("trainer-0/log?sinceSeconds=137")[2].splitlines()))
st, _, b = log("preprocess-x8v2n/log?previous=true")
check("log-no-prev", (400, 'previous terminated container "preprocess" in pod "preprocess-x8v2n" not found'), (st, json.loads(b)["message"]))
st, _, b = log("inference-cehmabhkgd-h8d7w/log")
check("log-waiting", 'container "inference" in pod "inference-cehmabhkgd-h8d7w" is waiting to start: trying and failing to pull image', json.loads(b)["message"])
st, _, b = req("plain", "/api/v1/namespaces/default/pods/web-calgdcfgfb-5c8vt/log")
check("log-choose", "a container name must be specified for pod web-calgdcfgfb-5c8vt, choose one of: [nginx log-shipper]", json.loads(b)["message"])
st, _, b = req("plain", "/api/v1/namespaces/default/pods/web-calgdcfgfb-5c8vt/log?container=nope")
check("log-bad-container", "container nope is not valid for pod web-calgdcfgfb-5c8vt", json.loads(b)["message"])
st, _, b = log("etl-6b7f9-ddx2k/log")
check("log-not-available", (400, 'container "etl" in pod "etl-6b7f9-ddx2k" is not available'), (st, json.loads(b)["message"]))
check("log-unscheduled", (200, b""), log("big-job-7mx4k/log")[::2])
check("log-bad-tail", 400, log("trainer-0/log?tailLines=x")[0])

# a watch stays open and quiet (a bundle never changes) until its timeout
t0 = time.time()
st, _, b = req("plain", "/api/v1/namespaces/ml-train/pods?watch=true&resourceVersion=1000&timeoutSeconds=1")
check("watch", (200, b"", True), (st, b, 0.9 <= time.time() - t0 < 10))

# node proxy and pod proxy
st, h, b = req("plain", "/api/v1/nodes/node-gpu-1/proxy/logs/")
check("node-logs-dir", ['<a href="kern.log">kern.log</a>', '<a href="syslog">syslog</a>'],
      [l for l in b.decode().splitlines() if l.startswith("<a ")])
check("node-logs-dir-type", "text/html; charset=utf-8", h["Content-Type"])
check("node-kern-xid", 1, req("plain", "/api/v1/nodes/node-gpu-1/proxy/logs/kern.log")[2].count(b"Xid (PCI:0000:3b:00): 79"))
check("node-missing-file", 404, code("plain", "/api/v1/nodes/node-gpu-1/proxy/logs/messages"))
check("node-missing", 404, code("plain", "/api/v1/nodes/nope/proxy/logs/"))
st, h, b = req("plain", "/api/v1/namespaces/gpu-operator/pods/nvidia-dcgm-exporter-4xq8z:9400/proxy/metrics")
check("dcgm", (200, 8), (st, b.count(b"\nDCGM_FI_DEV_GPU_TEMP{")))
check("pod-proxy-other", 503, code("plain", "/api/v1/namespaces/default/pods/web-calgdcfgfb-5c8vt:80/proxy/"))

# Table
st, d = js("plain", "/api/v1/namespaces/ml-train/pods", headers={"Accept": "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"})
check("table-cols", "Table Name,Ready,Status,Restarts,Age,IP,Node,Nominated Node,Readiness Gates",
      d["kind"] + " " + ",".join(c["name"] for c in d["columnDefinitions"]))
check("table-status", {"trainer-0": "CrashLoopBackOff", "etl-6b7f9-ddx2k": "Evicted"},
      {r["cells"][0]: r["cells"][2] for r in d["rows"] if r["cells"][0] in ("trainer-0", "etl-6b7f9-ddx2k")})
check("table-object", "PartialObjectMetadata", d["rows"][0]["object"]["kind"])
reqlog = open(os.path.join(T, "plain", "requests.log")).read().splitlines()
check("request-log", True, any(re.match(r"^GET /api/v1/pods\?limit=4 200 \d+$", l) for l in reqlog))
check("request-log-405", True, any(re.match(r"^DELETE /api/v1/namespaces/ml-train/pods/trainer-0 405 \d+$", l) for l in reqlog))

# faults
check("forbid-list", 403, code("forbid", "/api/v1/namespaces/ml-train/secrets"))
check("forbid-msg", 'secrets is forbidden: User "system:serviceaccount:default:sbundle" cannot list resource "secrets" in API group "" at the cluster scope',
      js("forbid", "/api/v1/secrets")[1]["message"])
check("forbid-get", 403, code("forbid", "/api/v1/namespaces/ml-train/configmaps/trainer-config"))
check("forbid-other", 200, code("forbid", "/api/v1/pods"))
res = [req("throttle", "/version") for _ in range(6)]
check("throttle", [200, 200, 429, 200, 200, 429], [r[0] for r in res])
check("retry-after", "1", res[2][1]["Retry-After"])
n503 = sum(code("flaky", "/version") == 503 for _ in range(40))
check("flaky", True, 8 <= n503 <= 32)
c = js("expire", "/api/v1/pods?limit=2")[1]["metadata"]["continue"]
st, d = js("expire", "/api/v1/pods?limit=2&continue=" + c)
check("expire-first", (410, "Expired"), (st, d["reason"]))
check("expire-other-list", 410, code("expire", "/api/v1/namespaces/ml-train/pods?limit=2&continue=" + c))
check("expire-second", 200, code("expire", "/api/v1/pods?limit=2&continue=" + c))
check("max-limit-absent", 3, len(js("maxlimit", "/api/v1/pods")[1]["items"]))
check("max-limit-larger", 3, len(js("maxlimit", "/api/v1/pods?limit=500")[1]["items"]))
check("max-limit-smaller", 2, len(js("maxlimit", "/api/v1/pods?limit=2")[1]["items"]))
t0 = time.time(); code("slow", "/version"); ms = (time.time() - t0) * 1000
check("latency", True, ms >= 300)
kc = open(os.path.join(T, "cert", "kubeconfig")).read()
check("cert-kubeconfig", (True, True, False), ("client-certificate-data" in kc, "client-key-data" in kc, "token:" in kc))
check("cert-none", 401, code("cert", "/version", auth=False))
check("cert-ok", 200, code("cert", "/version", auth=False, cert=True))
check("insecure", 200, code("insecure", "/version", auth="secret-1", scheme="http"))
check("tarball-pods", 11, len(js("tarball", "/api/v1/pods")[1]["items"]))
check("tarball-log", b"INFO st", req("tarball", "/api/v1/namespaces/ml-train/pods/trainer-0/log?limitBytes=7")[2])
check("insecure-kubeconfig", True, "server: http://127.0.0.1:" in open(os.path.join(T, "insecure", "kubeconfig")).read())

# 32 concurrent clients, each on its own connection, against a slow server
out = []
def worker():
    out.append(code("slow", "/api/v1/pods"))
ths = [threading.Thread(target=worker) for _ in range(32)]
t0 = time.time()
[t.start() for t in ths]; [t.join() for t in ths]
el = time.time() - t0
check("concurrent", [200] * 32, out)
check("concurrent-parallel", True, el < 0.3 * 32 / 2)
sys.exit(bad)
PY

# every server stops cleanly on SIGTERM, with nothing on stderr (under the
# sanitizers: no leak, no undefined behaviour)
for i in "${!PIDS[@]}"; do
    kill "${PIDS[$i]}"; wait "${PIDS[$i]}"; rc=$?
    [ $rc -eq 0 ] || { echo "FAIL server ${PIDS[$i]} exited $rc"; fail=1; }
done
PIDS=()
for f in "$T"/*.out; do
    if [ "$(grep -cv '^listening https\?://127.0.0.1:[0-9]*$' "$f")" != 0 ]; then
        echo "FAIL unexpected output in $f:"; cat "$f"; fail=1
    fi
done
echo "ok servers stopped cleanly"

# bad bundles are refused with a clear error and no crash
: >"$T/empty.tar.gz"
echo "not a tarball" >"$T/junk.tar.gz"
mkdir -p "$T/emptydir"
for b in empty.tar.gz junk.tar.gz emptydir nonexistent; do
    "$B" "$T/$b" --dir "$T/bad-$b" >"$T/bad-$b.out" 2>&1
    rc=$?
    if [ $rc -ne 1 ] || ! grep -q "^sb-testapi: .*$b" "$T/bad-$b.out"; then
        echo "FAIL bad bundle $b: rc=$rc: $(cat "$T/bad-$b.out")"; fail=1
    else
        echo "ok bad bundle $b: $(cat "$T/bad-$b.out")"
    fi
done
"$B" "$FIX" --dir "$T/usage" --flaky lots >"$T/usage.out" 2>&1
rc=$?
[ $rc -eq 2 ] && echo "ok usage error" || { echo "FAIL usage error rc=$rc"; fail=1; }
exit $fail
