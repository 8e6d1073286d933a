#!/bin/bash
# analyze NEW --baseline OLD: two bundles of one simulated cluster, before
# and after a fault, each served by the test API server and collected.
# The "after" cluster is the demo cluster (a GPU fell off the bus on
# gpu-node-1, a bad image tag was rolled out to rag-indexer, ...); the
# "before" one is the same cluster ten minutes earlier: both GPUs
# allocatable, no Xid, rag-indexer on its previous image, fewer restarts,
# a third GPU node still there and an old failing pod since removed.
# The report must say what changed, the changes of the new GPU incident
# first, in all three formats.
. "${SB_SRC:?}/tests/e2e/lib/served_cluster.sh"

cp -r "$src/tests/data/demo-cluster" "$tmp/after"
cp -r "$src/tests/data/demo-cluster" "$tmp/before"
python3 - "$tmp/before" "$tmp/after" <<'PY' || fail "cannot build the clusters"
import copy, json, os, re, sys
before, after = sys.argv[1], sys.argv[2]

def edit(top, rel, fn):
    p = os.path.join(top, rel)
    d = json.load(open(p))
    fn(d)
    json.dump(d, open(p, "w"), indent=1)

def template(image, gen):
    def fn(d):
        for x in d["items"]:
            if x["metadata"]["name"] == "rag-indexer":
                x["metadata"]["generation"] = gen
                x["spec"]["template"].setdefault("spec", {})["containers"] = [
                    {"name": "indexer", "image": image}]
    return fn

# the rollout: rag-indexer's image tag changed between the two bundles
edit(after, "resources/llm/deployments.apps.json",
     template("registry.acme.internal/rag/indexer:v2.3.1-rc", 2))
edit(before, "resources/llm/deployments.apps.json",
     template("registry.acme.internal/rag/indexer:v2.3.0", 1))

def nodes(d):
    extra = None
    for n in d["items"]:
        if n["metadata"]["name"] == "gpu-node-1":
            n["status"]["allocatable"]["nvidia.com/gpu"] = "2"
        if n["metadata"]["name"] == "gpu-node-2":
            extra = copy.deepcopy(n)
    extra["metadata"]["name"] = "gpu-node-3"
    extra["metadata"]["uid"] = "6f1c2d3e-0000-4000-8000-0000000000f3"
    d["items"].append(extra)
edit(before, "resources/_cluster/nodes.json", nodes)

def pods(d):
    keep = []
    for p in d["items"]:
        name = p["metadata"]["name"]
        if name == "vllm-llama-9270e4d474-h7c4m":
            continue                      # not yet created
        for c in p["status"].get("containerStatuses", []):
            if name.startswith("vllm-llama-9270e4d474-5xk8d"):
                c["restartCount"] = 0
                c["ready"] = True
                c["state"] = {"running": {"startedAt": "2026-11-23T08:41:00Z"}}
                c.pop("lastState", None)
            if name.startswith("tokenizer-worker"):
                c["restartCount"] = 4
            if name.startswith("rag-indexer"):
                c["image"] = "registry.acme.internal/rag/indexer:v2.3.0"
                c["ready"] = True
                c["state"] = {"running": {"startedAt": "2026-11-23T08:41:00Z"}}
        if name.startswith("vllm-llama-9270e4d474-5xk8d") or \
                name.startswith("rag-indexer"):
            p["status"]["phase"] = "Running"
            for cond in p["status"].get("conditions", []):
                if cond["type"] in ("Ready", "ContainersReady"):
                    cond["status"] = "True"
        if name.startswith("rag-indexer"):
            for c in p["spec"]["containers"]:
                c["image"] = "registry.acme.internal/rag/indexer:v2.3.0"
            # an old one-off pod stuck on a missing image, deleted later
            old = copy.deepcopy(p)
            old["metadata"]["name"] = "legacy-indexer-0"
            old["metadata"]["uid"] = "6f1c2d3e-0000-4000-8000-0000000000f4"
            old["metadata"].pop("ownerReferences", None)
            old["status"]["phase"] = "Pending"
            old["spec"]["containers"][0]["image"] = "registry.acme.internal/rag/indexer:v1.0-gone"
            for c in old["status"]["containerStatuses"]:
                c["image"] = "registry.acme.internal/rag/indexer:v1.0-gone"
                c["ready"] = False
                c["state"] = {"waiting": {"reason": "ImagePullBackOff",
                    "message": "Back-off pulling image \"registry.acme.internal/rag/indexer:v1.0-gone\""}}
            for cond in old["status"].get("conditions", []):
                if cond["type"] in ("Ready", "ContainersReady"):
                    cond["status"] = "False"
            keep.append(old)
        keep.append(p)
    d["items"] = keep
edit(before, "resources/llm/pods.json", pods)

def events(d):
    d["items"] = [e for e in d["items"]
                  if (e.get("lastTimestamp") or "") < "2026-11-23T10:02:00Z"]
edit(before, "resources/llm/events.json", events)

# no Xid yet: the kernel log and the exporter's last-Xid gauge are clean
kern = os.path.join(before, "nodes/gpu-node-1/logs/kern.log")
lines = open(kern).read().splitlines(True)
open(kern, "w").write("".join(l for l in lines if "Xid" not in l))
for node in ("gpu-node-1", "gpu-node-2"):
    prom = os.path.join(before, "nodes", node, "dcgm-exporter.prom")
    text = open(prom).read()
    text = re.sub(r"^(DCGM_FI_DEV_XID_ERRORS\{[^}]*\}) \S+$", r"\1 0", text,
                  flags=re.M)
    open(prom, "w").write(text)
# the gateway's configuration: one key edited, one added
def configmaps(top, data):
    json.dump({"apiVersion": "v1", "kind": "List", "metadata": {},
               "items": [{"apiVersion": "v1", "kind": "ConfigMap",
                          "metadata": {"name": "gateway-config",
                                       "namespace": "llm",
                                       "uid": "6f1c2d3e-0000-4000-8000-0000000000f5",
                                       "creationTimestamp": "2026-11-23T08:00:00Z"},
                          "data": data}]},
              open(os.path.join(top, "resources/llm/configmaps.json"), "w"))
configmaps(before, {"upstream": "http://vllm-llama:8000", "timeout": "30s"})
configmaps(after, {"upstream": "http://vllm-llama:8000", "timeout": "5s",
                   "retries": "0"})
os.remove(os.path.join(before,
          "logs/llm/vllm-llama-9270e4d474-5xk8d/vllm.previous.log"))
PY

collect_from "$tmp/before" "$tmp/before.tar.gz"
collect_from "$tmp/after" "$tmp/after.tar.gz"

"$build/analyze" -q "$tmp/after.tar.gz" --baseline "$tmp/before.tar.gz" \
    >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "analyze --baseline failed"; }
grep -q '^## What changed' "$tmp/after.md" || fail "Markdown has no changes"
grep -q '<section id="changes">' "$tmp/after.html" ||
    fail "HTML has no changes"
grep -q 'images indexer=registry.acme.internal/rag/indexer:v2.3.0 -&gt; indexer=registry.acme.internal/rag/indexer:v2.3.1-rc' "$tmp/after.html" ||
    fail "HTML lacks the image change"

python3 - "$tmp/after.json" <<'PY' || fail "JSON changes checks"
import json, sys
d = json.load(open(sys.argv[1]))
problems = []
ch = d.get("changes")
if not isinstance(ch, dict):
    print("no changes object"); sys.exit(1)
if not ch["baseline"] or not ch["baseline"][0]["path"].endswith("before.tar.gz"):
    problems.append("baseline: %r" % ch["baseline"])
items = ch["items"]
def has(cat, change, name, text=""):
    return [i for i in items if i["category"] == cat and i["change"] == change
            and i["subject"].get("name", "").startswith(name)
            and text in i["text"]]
for want in (("finding", "new", "gpu-node-1", "gpu-xid"),
             ("finding", "new", "rag-indexer-", "pod-image-pull"),
             ("finding", "persisting", "tokenizer-worker-", "pod-oomkilled"),
             ("finding", "resolved", "legacy-indexer-0", "pod-image-pull"),
             ("restarts", "changed", "tokenizer-worker-", "(4 -> 9)"),
             ("restarts", "changed", "vllm-llama-9270e4d474-5xk8d", "(0 -> 7)"),
             ("spec", "changed", "rag-indexer", "indexer:v2.3.0 -> indexer=registry.acme.internal/rag/indexer:v2.3.1-rc"),
             ("node", "left", "gpu-node-3", ""),
             ("config", "changed", "gateway-config", "keys retries, timeout"),
             ("gpu", "changed", "gpu-node-1", "allocatable nvidia.com/gpu 2 -> 1 of 2"),
             ("gpu", "changed", "gpu-node-1", "Xid 79")):
    if not has(*want):
        problems.append("missing change %r" % (want,))
# nothing that did not change
for i in items:
    if i["subject"].get("name", "").startswith(("embeddings-", "coredns-",
                                                 "cp-1", "cpu-node-1")):
        problems.append("unchanged subject listed: %r" % i)
# the new GPU incident's changes come first, then other incidents', then
# the rest
gpu = [x for x in d["incidents"]
       if any(f["id"] == x["root"] and f["rule"] == "gpu-xid"
              for f in d["findings"])]
if not gpu:
    problems.append("no GPU incident")
else:
    first = items[0]
    if first["incident"] != gpu[0]["id"]:
        problems.append("first change is not the GPU incident's: %r" % first)
    gi = [i for i in items if i["incident"] == gpu[0]["id"]]
    if not any(i["category"] == "gpu" for i in gi):
        problems.append("the allocatable drop is not tied to the incident")
seen_none = False
for i in items:
    if i["incident"] is None:
        seen_none = True
    elif seen_none:
        problems.append("a change of an incident after unrelated ones: %r" % i)
        break
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY

# the baseline must be a bundle: a missing one is a clear error
rc=0
"$build/analyze" -q "$tmp/after.tar.gz" --baseline "$tmp/nope.tar.gz" \
    -f json -o "$tmp/x.json" 2>"$tmp/err" || rc=$?
[ $rc -ne 0 ] || fail "a missing baseline was accepted"
grep -q "nope.tar.gz" "$tmp/err" || fail "missing baseline message: $(cat "$tmp/err")"
echo "ok: what changed since the baseline, the new incident's changes first"
