#!/bin/bash
# The README's demo, step by step with the built binaries: the demo
# cluster (tests/data/demo-cluster) served by sb-testapi, collected, then
# analyzed. Checks that every planted fault is found with its root cause,
# that no healthy pod or node is flagged, that the JSON report has the
# documented shape (docs/report-format.md) and that the HTML and Markdown
# reports are written.
. "${SB_SRC:?}/tests/e2e/lib/served_cluster.sh"

collect_from "$src/tests/data/demo-cluster" "$tmp/demo.tar.gz"
"$build/analyze" -q "$tmp/demo.tar.gz" >"$tmp/analyze.out" 2>&1 ||
    { cat "$tmp/analyze.out"; fail "analyze failed"; }
for f in html md json; do
    [ -s "$tmp/demo.$f" ] || fail "no $f report"
done
[ "$(wc -c <"$tmp/demo.md")" -le 60000 ] || fail "Markdown over 60000 bytes"
grep -q '<section id="gpus">' "$tmp/demo.html" || fail "HTML has no GPU fleet"
grep -q '<section id="incidents">' "$tmp/demo.html" || fail "HTML has no incidents"
grep -q '^## Incidents' "$tmp/demo.md" || fail "Markdown has no incidents"

python3 - "$tmp/demo.json" <<'EOF' || fail "JSON report checks"
import json, sys
d = json.load(open(sys.argv[1]))
problems = []

def need(obj, key, types, where):
    if key not in obj or not isinstance(obj[key], types):
        problems.append("%s: '%s' missing or of the wrong type" % (where, key))
        return None
    return obj[key]

S, N, A, O, B = str, type(None), list, dict, bool
if d.get("schema") != "sbundle.report/v1":
    problems.append("schema is %r" % d.get("schema"))
b = need(d, "bundle", O, "top") or {}
for k in ("path", "format", "cluster", "kubernetes_version"):
    need(b, k, (S, N), "bundle")
need(b, "complete", (B, N), "bundle")
inv = need(d, "inventory", O, "top") or {}
for k in ("nodes", "pods", "containers", "events", "log_lines", "gpus"):
    need(inv, k, (int, float), "inventory")
if inv.get("gpus") != 4 or inv.get("nodes") != 4:
    problems.append("inventory: %r" % inv)
fs = need(d, "findings", A, "top") or []
for f in fs:
    w = "finding %s" % f.get("id")
    for k in ("id", "rule", "severity", "title", "summary"):
        need(f, k, S, w)
    for k in ("first_seen", "last_seen", "remediation", "root_cause"):
        need(f, k, (S, N), w)
    s = need(f, "subject", O, w) or {}
    need(s, "kind", S, w + " subject")
    if "namespace" in s and s["namespace"] is None:
        problems.append(w + ": null namespace instead of none")
    for e in need(f, "evidence", A, w) or []:
        need(e, "source", S, w + " evidence")
        need(e, "text", S, w + " evidence")
    need(f, "affected", A, w)
for t in need(d, "timeline", A, "top") or []:
    need(t, "time", S, "timeline")
    need(t, "text", S, "timeline")
c = need(d, "collection", O, "top") or {}
need(c, "errors", A, "collection")
need(c, "redactions", O, "collection")

byid = {f["id"]: f for f in fs}
def find(rule, name):
    return [f for f in fs if f["rule"] == rule and
            f["subject"].get("name", "").startswith(name)]

def expect(rule, name, root=None):
    hits = find(rule, name)
    if not hits:
        problems.append("not found: %s %s" % (rule, name))
    elif root and not any(byid.get(h["root_cause"], {}).get("rule") == root
                          for h in hits):
        problems.append("%s %s not explained by %s" % (rule, name, root))
    return hits

xid = expect("gpu-xid", "gpu-node-1")
if xid and not any("Xid" in e["text"] for e in xid[0]["evidence"]):
    problems.append("gpu-xid evidence does not quote the Xid line")
expect("pod-crashloop", "vllm-llama", root="gpu-xid")
if not (find("pod-pending-unschedulable", "vllm-llama") or
        find("gpu-insufficient", "vllm-llama")):
    problems.append("the GPU-starved pending pod is not found")
expect("service-no-endpoints", "llm-gateway")
expect("pod-oomkilled", "tokenizer-worker")
expect("pod-image-pull", "rag-indexer")
healthy = ("coredns-", "nvidia-dcgm-exporter-", "nvidia-device-plugin-",
           "llm-gateway-", "embeddings-", "eval-nightly-",
           "vllm-llama-9270e4d474-q2wfn")
for f in fs:
    n = f["subject"].get("name", "")
    # The device plugin reports the Xid'd GPU unhealthy: that finding is
    # about the GPU, allowed only as a member of the Xid's chain.
    if (f["rule"] == "device-plugin-health" and
            n.startswith("nvidia-device-plugin-") and
            f.get("root_cause") not in (None, f["id"])):
        continue
    if f["severity"] in ("critical", "warning") and (
            (f["subject"].get("kind") == "Pod" and n.startswith(healthy)) or
            (f["subject"].get("kind") == "Node" and
             n in ("cp-1", "cpu-node-1", "gpu-node-2"))):
        problems.append("healthy %s %s flagged by %s" % (
            f["subject"]["kind"], n, f["rule"]))
# Incidents: the 7 roots of the findings are 4 stories. The GPU that fell
# off the bus takes the node's lost GPU, the crash-looping and the Pending
# replicas and the degraded Deployment with it; each link has its reason.
incs = need(d, "incidents", A, "top") or []
for i in incs:
    w = "incident %s" % i.get("id")
    for k in ("id", "root", "severity", "narrative"):
        need(i, k, S, w)
    need(i, "start", (S, N), w)
    imp = need(i, "impact", O, w) or {}
    for k in ("score", "subjects", "pods"):
        need(imp, k, (int, float), w + " impact")
    for m in need(i, "members", A, w) or []:
        need(m, "finding", S, w + " member")
        need(m, "parent", (S, N), w + " member")
        need(m, "reason", (S, N), w + " member")
roots = [byid.get(i.get("root"), {}).get("rule") for i in incs]
if sorted(roots) != sorted(["gpu-xid", "pod-image-pull", "pod-oomkilled",
                            "service-no-endpoints"]):
    problems.append("incidents: roots %r" % roots)
elif roots[0] != "gpu-xid":
    problems.append("incidents: the GPU incident does not come first")
else:
    gpu = incs[0]
    got = set((byid[m["finding"]]["rule"],
               byid[m["finding"]]["subject"].get("name", "")[:10])
              for m in gpu["members"])
    for want in (("gpu-unavailable", "gpu-node-1"),
                 ("pod-crashloop", "vllm-llama"),
                 ("pod-pending-unschedulable", "vllm-llama"),
                 ("gpu-insufficient", "vllm-llama"),
                 ("deployment-unavailable", "vllm-llama")):
        if want not in got:
            problems.append("GPU incident lacks %s %s" % want)
    if "lost 1 of its 2 GPUs at 10:02:11" not in gpu["narrative"]:
        problems.append("GPU incident narrative: %r" % gpu["narrative"])
    for m in gpu["members"][1:]:
        if not m["reason"] or m["parent"] is None:
            problems.append("GPU incident member %s has no reason" %
                            m["finding"])
# Evidence with context: the CUDA error of the crash-looping replica is
# quoted with the traceback above it, the quoted line marked.
ctx = [e for f in find("pod-crashloop", "vllm-llama") for e in f["evidence"]
       if e.get("context")]
if not ctx:
    problems.append("pod-crashloop evidence has no context")
else:
    e = ctx[0]
    m = e.get("context_match")
    if (not isinstance(m, int) or len(e["context"]) > 12 or
            e["context"][m] != e["text"] or
            not any("Traceback" in l for l in e["context"][:m])):
        problems.append("pod-crashloop evidence context: %r" % e)
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
echo "ok: demo cluster collected and analyzed, every fault found"
