#!/bin/bash
# Causal chains end to end: the demo cluster with more faults planted, one
# chain each, served by the test API server, collected and analyzed. Each
# chain must come out as one incident with its root, and its members
# linked by the documented relation (docs/rules.md, reports/links/):
#   - cpu-node-2 stops posting status; the pod deleted on it cannot finish
#     terminating (node-not-ready-pods);
#   - a claim whose storage class does not exist keeps the pod that mounts
#     it Pending (pvc-pending-pods);
#   - the training job's rank on healthy gpu-node-2 times out in NCCL after
#     its peer's GPU on gpu-node-1 fell off the bus (nccl-rank-xid);
#   - CoreDNS crash-loops, and an app that needs a name crash-loops on
#     "no such host" (dns-connection-errors).
. "${SB_SRC:?}/tests/e2e/lib/served_cluster.sh"

cp -r "$src/tests/data/demo-cluster" "$tmp/c"
python3 - "$tmp/c" <<'PY' || fail "cannot build the cluster"
import copy, json, os, sys
top = sys.argv[1]
uid = [100]

def new_uid():
    uid[0] += 1
    return "6f1c2d3e-0000-4000-8000-%012d" % uid[0]

def load(rel):
    return json.load(open(os.path.join(top, rel)))

def save(rel, d):
    p = os.path.join(top, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    json.dump(d, open(p, "w"), indent=1)

def log(ns, pod, container, lines, previous=False):
    p = os.path.join(top, "logs", ns, pod,
                     container + (".previous.log" if previous else ".log"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "w").write("".join("%s.000000000 %s\n" % l for l in lines))

nodes = load("resources/_cluster/nodes.json")
cpu = [n for n in nodes["items"] if n["metadata"]["name"] == "cpu-node-1"][0]
n2 = copy.deepcopy(cpu)
n2["metadata"]["name"] = "cpu-node-2"
n2["metadata"]["uid"] = new_uid()
n2["metadata"]["labels"]["kubernetes.io/hostname"] = "cpu-node-2"
for c in n2["status"]["conditions"]:
    c["status"] = "Unknown"
    c["reason"] = "NodeStatusUnknown"
    c["message"] = "Kubelet stopped posting node status."
    c["lastTransitionTime"] = "2026-11-23T10:05:00Z"
    c["lastHeartbeatTime"] = "2026-11-23T10:04:20Z"
n2["spec"]["taints"] = [{"key": "node.kubernetes.io/unreachable",
                         "effect": "NoExecute",
                         "timeAdded": "2026-11-23T10:05:00Z"}]
nodes["items"].append(n2)
save("resources/_cluster/nodes.json", nodes)

pods = load("resources/llm/pods.json")
proto = [p for p in pods["items"]
         if p["metadata"]["name"].startswith("llm-gateway-")][0]

def pod(name, node, phase, ready, owner=None, **status):
    p = copy.deepcopy(proto)
    p["metadata"]["name"] = name
    p["metadata"]["uid"] = new_uid()
    p["metadata"]["labels"] = {"app": name.rsplit("-", 1)[0]}
    p["metadata"].pop("ownerReferences", None)
    if owner:
        p["metadata"]["ownerReferences"] = [{"apiVersion": "batch/v1",
            "kind": owner[0], "name": owner[1], "uid": owner[2],
            "controller": True, "blockOwnerDeletion": True}]
    if node:
        p["spec"]["nodeName"] = node
    else:
        p["spec"].pop("nodeName", None)
    p["status"]["phase"] = phase
    for c in p["status"].get("conditions", []):
        if c["type"] in ("Ready", "ContainersReady"):
            c["status"] = "True" if ready else "False"
    cs = p["status"]["containerStatuses"][0]
    cs["ready"] = ready
    cs.update(status)
    pods["items"].append(p)
    return p

# chain: node NotReady -> its pod stuck terminating
p = pod("batch-api-7f6d5-x2x9q", "cpu-node-2", "Running", False)
p["metadata"]["deletionTimestamp"] = "2026-11-23T10:06:00Z"
p["metadata"]["deletionGracePeriodSeconds"] = 30

# chain: claim Pending -> pod Pending on it
p = pod("loader-0", None, "Pending", False)
p["spec"]["volumes"] = [{"name": "data",
                         "persistentVolumeClaim": {"claimName": "datasets"}}]
p["status"]["conditions"] = [{"type": "PodScheduled", "status": "False",
    "reason": "Unschedulable", "lastTransitionTime": "2026-11-23T10:04:00Z",
    "message": "0/5 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling."}]
p["status"].pop("containerStatuses", None)
p["metadata"]["creationTimestamp"] = "2026-11-23T10:04:00Z"
pvcs = load("resources/llm/persistentvolumeclaims.json")
claim = copy.deepcopy(pvcs["items"][0])
claim["metadata"]["name"] = "datasets"
claim["metadata"]["uid"] = new_uid()
claim["metadata"]["creationTimestamp"] = "2026-11-23T10:04:00Z"
claim["spec"]["storageClassName"] = "premium-rwo"
claim["spec"].pop("volumeName", None)
claim["status"] = {"phase": "Pending"}
pvcs["items"].append(claim)
save("resources/llm/persistentvolumeclaims.json", pvcs)
events = load("resources/llm/events.json")
ev = copy.deepcopy(events["items"][0])
ev["metadata"] = {"name": "datasets.1", "namespace": "llm", "uid": new_uid()}
ev.update({"type": "Warning", "reason": "ProvisioningFailed", "count": 12,
           "message": 'storageclass.storage.k8s.io "premium-rwo" not found',
           "firstTimestamp": "2026-11-23T10:04:00Z",
           "lastTimestamp": "2026-11-23T10:14:00Z",
           "involvedObject": {"apiVersion": "v1",
                              "kind": "PersistentVolumeClaim",
                              "name": "datasets", "namespace": "llm",
                              "uid": claim["metadata"]["uid"]}})
events["items"].append(ev)
save("resources/llm/events.json", events)

# chain: Xid 79 on gpu-node-1 -> NCCL timeout in the rank on gpu-node-2
job = ("Job", "train-llama", new_uid())
for rank, node in ((0, "gpu-node-1"), (1, "gpu-node-2")):
    pod("train-llama-%d" % rank, node, "Failed", False, owner=job,
        restartCount=0, state={"terminated": {"exitCode": 1,
            "reason": "Error", "startedAt": "2026-11-23T09:00:00Z",
            "finishedAt": "2026-11-23T10:12:30Z"}})
log("llm", "train-llama-1", "gateway", [
    ("2026-11-23T10:12:20", "step 3100 loss 1.71"),
    ("2026-11-23T10:12:21", "[rank1]:[E ProcessGroupNCCL.cpp:563] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=3101, OpType=ALLREDUCE, NumelIn=1048576) ran for 600032 milliseconds before timing out."),
    ("2026-11-23T10:12:22", "terminate called after throwing an instance of 'c10::DistBackendError'")])

# chain: CoreDNS down -> an app cannot resolve its queue
ks = load("resources/kube-system/pods.json")
for p in ks["items"]:
    cs = p["status"]["containerStatuses"][0]
    cs.update(ready=False, restartCount=14,
              state={"waiting": {"reason": "CrashLoopBackOff",
                     "message": "back-off 5m0s restarting failed container"}},
              lastState={"terminated": {"exitCode": 1, "reason": "Error",
                         "startedAt": "2026-11-23T10:06:00Z",
                         "finishedAt": "2026-11-23T10:06:01Z"}})
    for c in p["status"].get("conditions", []):
        if c["type"] in ("Ready", "ContainersReady"):
            c["status"] = "False"
    log("kube-system", p["metadata"]["name"], "coredns", [
        ("2026-11-23T10:06:01", '[FATAL] plugin/loop: Loop (127.0.0.1:51426 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting.')],
        previous=True)
save("resources/kube-system/pods.json", ks)
dep = load("resources/kube-system/deployments.apps.json")
for d in dep["items"]:
    d["status"].update(readyReplicas=0, availableReplicas=0,
                       unavailableReplicas=2)
    for c in d["status"]["conditions"]:
        if c["type"] == "Available":
            c.update(status="False", reason="MinimumReplicasUnavailable",
                     message="Deployment does not have minimum availability.",
                     lastTransitionTime="2026-11-23T10:06:00Z")
save("resources/kube-system/deployments.apps.json", dep)
pod("ingest-5c4d7-q8w2e", "cpu-node-1", "Running", False, restartCount=6,
    state={"waiting": {"reason": "CrashLoopBackOff",
           "message": "back-off 2m40s restarting failed container"}},
    lastState={"terminated": {"exitCode": 1, "reason": "Error",
               "startedAt": "2026-11-23T10:08:00Z",
               "finishedAt": "2026-11-23T10:08:10Z"}})
log("llm", "ingest-5c4d7-q8w2e", "gateway", [
    ("2026-11-23T10:08:10", "FATAL: cannot connect to queue: dial tcp: lookup rabbitmq.llm.svc.cluster.local on 10.96.0.10:53: no such host")],
    previous=True)
save("resources/llm/pods.json", pods)
PY

collect_from "$tmp/c" "$tmp/chains.tar.gz"
"$build/analyze" -q "$tmp/chains.tar.gz" -f json -o "$tmp/chains.json" \
    >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "analyze failed"; }

python3 - "$tmp/chains.json" <<'PY' || fail "chain checks"
import json, sys
d = json.load(open(sys.argv[1]))
fs = {f["id"]: f for f in d["findings"]}
problems = []

def incident_of(rule, name):
    for i in d["incidents"]:
        for m in i["members"]:
            f = fs[m["finding"]]
            if f["rule"] == rule and f["subject"].get("name", "").startswith(name):
                return i, m
    return None, None

def chain(root_rule, root_name, rule, name, relation_text):
    i, m = incident_of(rule, name)
    if not i:
        problems.append("no incident holds %s %s" % (rule, name))
        return
    r = fs[i["root"]]
    if r["rule"] != root_rule or not r["subject"]["name"].startswith(root_name):
        problems.append("%s %s: incident root is %s %s" % (
            rule, name, r["rule"], r["subject"]["name"]))
    if not m["reason"] or relation_text not in m["reason"]:
        problems.append("%s %s: reason %r" % (rule, name, m["reason"]))

chain("node-not-ready", "cpu-node-2", "pod-terminating-stuck",
      "batch-api-7f6d5-x2x9q", "runs on cpu-node-2, NotReady since")
chain("pvc-pending", "datasets", "pod-pending-unschedulable", "loader-0",
      "mounts claim datasets")
chain("gpu-xid", "gpu-node-1", "nccl-failure", "train-llama-1",
      "its peer train-llama-0 on gpu-node-1 lost its GPU (Xid 79)")
chain("dns-failure", "coredns", "pod-crashloop", "ingest-5c4d7-q8w2e",
      "cannot resolve names")
# the demo's own chain is still one story
chain("gpu-xid", "gpu-node-1", "gpu-insufficient", "vllm-llama",
      "lost 1 of its 2 GPUs")
roots = sorted((fs[i["root"]]["rule"], fs[i["root"]]["subject"]["name"])
               for i in d["incidents"])
for want in (("dns-failure", "coredns"), ("gpu-xid", "gpu-node-1"),
             ("node-not-ready", "cpu-node-2"), ("pvc-pending", "datasets")):
    if want not in roots:
        problems.append("no incident rooted at %r: %r" % (want, roots))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
echo "ok: every planted chain is one incident with its documented links"
