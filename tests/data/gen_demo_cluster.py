#!/usr/bin/env python3
"""Writes tests/data/demo-cluster/: the demo's broken GPU cluster as an
sbundle bundle folder (docs/bundle-format.md), which `scripts/demo` serves
as a Kubernetes API, collects and analyzes.

The story, at 2026-11-23 (UTC), cluster "llm-prod", an LLM-serving cluster:
- 10:02:11 GPU 1 of gpu-node-1 falls off the bus (Xid 79 in kern.log); the
  device plugin marks it unhealthy, allocatable nvidia.com/gpu drops to 1.
- the vLLM replica that held that GPU crashloops with CUDA errors;
- a third vLLM replica stays Pending: no free nvidia.com/gpu anywhere;
- the llm-gateway Service selects "app: llm-gatway" (typo): no endpoints;
- tokenizer-worker is OOMKilled over and over (512Mi limit);
- rag-indexer cannot pull its image (tag does not exist).
Everything else is healthy, so the report must not flag it.

Run it again after editing; it rewrites the folder and manifest.json."""
import hashlib
import json
import os
import shutil
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo-cluster")
CLUSTER = "llm-prod"
K8S = "v1.30.4"
END = "2026-11-23T10:15:00Z"
START = "2026-11-23T10:14:52Z"
DAY = "2026-11-23T"
uid_n = [0]


def uid():
    uid_n[0] += 1
    return "6f1c2d3e-0000-4000-8000-%012d" % uid_n[0]


def t(hms):
    return DAY + hms + "Z"


def meta(name, ns=None, labels=None, created="08:00:00", owner=None,
         annotations=None):
    m = {"name": name, "uid": uid(), "resourceVersion": str(1000 + uid_n[0]),
         "creationTimestamp": t(created)}
    if ns:
        m["namespace"] = ns
    if labels:
        m["labels"] = labels
    if annotations:
        m["annotations"] = annotations
    if owner:
        kind, oname, ouid = owner
        m["ownerReferences"] = [{"apiVersion": "apps/v1" if kind != "Job"
                                 else "batch/v1", "kind": kind,
                                 "name": oname, "uid": ouid,
                                 "controller": True,
                                 "blockOwnerDeletion": True}]
    return m


# ---- nodes ---------------------------------------------------------------

def node(name, role, itype, cpu, mem_gi, gpus=0, gpus_alloc=None,
         product=None, ip="10.20.1.10", created="2026-11-01T08:00:00Z"):
    labels = {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
              "kubernetes.io/arch": "amd64",
              "node.kubernetes.io/instance-type": itype}
    if role == "control-plane":
        labels["node-role.kubernetes.io/control-plane"] = ""
    else:
        labels["node-role.kubernetes.io/worker"] = ""
    cap = {"cpu": str(cpu), "memory": "%dGi" % mem_gi, "pods": "110",
           "ephemeral-storage": "488Gi"}
    alloc = {"cpu": "%dm" % (cpu * 1000 - 250),
             "memory": "%dGi" % (mem_gi - 2), "pods": "110",
             "ephemeral-storage": "449Gi"}
    if gpus:
        labels.update({"nvidia.com/gpu.present": "true",
                       "nvidia.com/gpu.product": product,
                       "nvidia.com/gpu.count": str(gpus),
                       "nvidia.com/gpu.memory": "81920",
                       "nvidia.com/cuda.driver.major": "550"})
        cap["nvidia.com/gpu"] = str(gpus)
        alloc["nvidia.com/gpu"] = str(gpus if gpus_alloc is None
                                      else gpus_alloc)
    m = meta(name, labels=labels)
    m["creationTimestamp"] = created
    spec = {"podCIDR": "10.244.%s.0/24" % ip.split(".")[-1]}
    if role == "control-plane":
        spec["taints"] = [{"key": "node-role.kubernetes.io/control-plane",
                           "effect": "NoSchedule"}]
    cond = []
    for ctype, reason, msg in (
            ("MemoryPressure", "KubeletHasSufficientMemory",
             "kubelet has sufficient memory available"),
            ("DiskPressure", "KubeletHasNoDiskPressure",
             "kubelet has no disk pressure"),
            ("PIDPressure", "KubeletHasSufficientPID",
             "kubelet has sufficient PID available")):
        cond.append({"type": ctype, "status": "False", "reason": reason,
                     "message": msg, "lastHeartbeatTime": t("10:14:40"),
                     "lastTransitionTime": "2026-11-01T08:01:00Z"})
    cond.append({"type": "Ready", "status": "True", "reason": "KubeletReady",
                 "message": "kubelet is posting ready status",
                 "lastHeartbeatTime": t("10:14:40"),
                 "lastTransitionTime": "2026-11-01T08:01:30Z"})
    status = {"capacity": cap, "allocatable": alloc, "conditions": cond,
              "addresses": [{"type": "InternalIP", "address": ip},
                            {"type": "Hostname", "address": name}],
              "nodeInfo": {"kubeletVersion": K8S,
                           "kubeProxyVersion": K8S,
                           "osImage": "Ubuntu 22.04.4 LTS",
                           "kernelVersion": "5.15.0-122-generic",
                           "containerRuntimeVersion": "containerd://1.7.20",
                           "operatingSystem": "linux",
                           "architecture": "amd64"}}
    return {"apiVersion": "v1", "kind": "Node", "metadata": m, "spec": spec,
            "status": status}


NODES = [
    node("cp-1", "control-plane", "m6i.xlarge", 4, 16, ip="10.20.1.10"),
    node("cpu-node-1", "worker", "m6i.4xlarge", 16, 64, ip="10.20.1.21"),
    node("gpu-node-1", "worker", "p4de.24xlarge", 96, 1152, gpus=2,
         gpus_alloc=1, product="NVIDIA-A100-SXM4-80GB", ip="10.20.1.31"),
    node("gpu-node-2", "worker", "p4de.24xlarge", 96, 1152, gpus=2,
         product="NVIDIA-A100-SXM4-80GB", ip="10.20.1.32"),
]


# ---- workloads and pods ---------------------------------------------------

class W:
    """A workload and its pods, with logs and events."""
    def __init__(self):
        self.objs = {}      # (ns, plural) -> [objects]
        self.logs = {}      # path -> text
        self.events = []

    def add(self, ns, plural, obj):
        self.objs.setdefault((ns, plural), []).append(obj)


w = W()
pod_ip = [10]


def container(name, image, cpu="500m", mem="1Gi", gpu=0, ports=None,
              env=None, mem_limit=None, args=None):
    res = {"requests": {"cpu": cpu, "memory": mem},
           "limits": {"memory": mem_limit or mem}}
    if gpu:
        res["requests"]["nvidia.com/gpu"] = str(gpu)
        res["limits"]["nvidia.com/gpu"] = str(gpu)
    c = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent",
         "resources": res, "terminationMessagePath": "/dev/termination-log",
         "terminationMessagePolicy": "File"}
    if ports:
        c["ports"] = [{"name": pn, "containerPort": pp, "protocol": "TCP"}
                      for pn, pp in ports]
    if env:
        c["env"] = [{"name": k, "value": v} for k, v in env]
    if args:
        c["args"] = args
    return c


def running(name, image, started, restarts=0, ready=True):
    return {"name": name, "image": image,
            "imageID": image.split(":")[0] + "@sha256:" +
            hashlib.sha256(image.encode()).hexdigest(),
            "containerID": "containerd://" +
            hashlib.sha256((name + started).encode()).hexdigest(),
            "ready": ready, "started": True, "restartCount": restarts,
            "state": {"running": {"startedAt": t(started)}},
            "lastState": {}}


def pod(ns, name, labels, node_name, containers, statuses, phase="Running",
        owner=None, created="09:00:00", conditions_ready=True,
        scheduled=True, sched_msg=None, tolerations=None, volumes=None):
    pod_ip[0] += 1
    spec = {"containers": containers, "restartPolicy": "Always",
            "serviceAccountName": "default", "schedulerName":
            "default-scheduler", "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst"}
    if node_name:
        spec["nodeName"] = node_name
    if tolerations:
        spec["tolerations"] = tolerations
    if volumes:
        spec["volumes"] = volumes
    conds = [{"type": "PodScheduled", "status": "True" if scheduled else
              "False", "lastTransitionTime": t(created)}]
    if not scheduled:
        conds[0].update({"reason": "Unschedulable", "message": sched_msg})
    else:
        rs = "True" if conditions_ready else "False"
        conds += [{"type": "Initialized", "status": "True",
                   "lastTransitionTime": t(created)},
                  {"type": "ContainersReady", "status": rs,
                   "lastTransitionTime": t(created)},
                  {"type": "Ready", "status": rs,
                   "lastTransitionTime": t(created)}]
        if not conditions_ready:
            for c in conds[2:]:
                c["reason"] = "ContainersNotReady"
                c["message"] = "containers with unready status: [%s]" % \
                    ",".join(s["name"] for s in statuses if not s["ready"])
    status = {"phase": phase, "conditions": conds, "qosClass": "Burstable"}
    if scheduled:
        node_ip = {n["metadata"]["name"]: n["status"]["addresses"][0]
                   ["address"] for n in NODES}[node_name]
        status.update({"hostIP": node_ip, "podIP": "10.244.%d.%d" %
                       (int(node_ip.split(".")[-1]), pod_ip[0]),
                       "startTime": t(created), "containerStatuses":
                       statuses})
    p = {"apiVersion": "v1", "kind": "Pod",
         "metadata": meta(name, ns, labels, created, owner), "spec": spec,
         "status": status}
    w.add(ns, "pods", p)
    return p


def event(ns, kind, name, reason, message, first, last, count=1,
          etype="Warning", component="kubelet", host=None, obj_uid=None):
    w.events.append((ns, {
        "apiVersion": "v1", "kind": "Event",
        "metadata": meta("%s.%x" % (name, 0x17a0000000 + len(w.events)), ns,
                         created=first),
        "involvedObject": {"kind": kind, "namespace": ns if kind != "Node"
                           else None, "name": name, "uid": obj_uid or uid(),
                           "apiVersion": "v1"},
        "reason": reason, "message": message, "type": etype,
        "count": count, "firstTimestamp": t(first),
        "lastTimestamp": t(last),
        "source": {"component": component, "host": host} if host else
        {"component": component},
        "reportingComponent": component, "reportingInstance": host or ""}))


def log(ns, podname, cname, lines, previous=False):
    path = "logs/%s/%s/%s%s.log" % (ns, podname, cname,
                                    ".previous" if previous else "")
    w.logs[path] = "".join("%s%s %s\n" % (DAY, ts, text)
                           for ts, text in lines)


def deployment(ns, name, labels, replicas, ready, created="08:30:00",
               gen=1, cond_ok=True, msg=None):
    d_uid, rs_uid = uid(), uid()
    rs_name = name + "-" + hashlib.sha1(name.encode()).hexdigest()[:10]
    tmpl = {"metadata": {"labels": labels}}
    dep = {"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": meta(name, ns, labels, created),
           "spec": {"replicas": replicas, "selector": {"matchLabels":
                                                       labels},
                    "template": tmpl, "strategy": {"type": "RollingUpdate"}},
           "status": {"observedGeneration": gen, "replicas": replicas,
                      "updatedReplicas": replicas, "readyReplicas": ready,
                      "availableReplicas": ready,
                      "unavailableReplicas": replicas - ready or None,
                      "conditions": [
                          {"type": "Available",
                           "status": "True" if cond_ok else "False",
                           "reason": "MinimumReplicasAvailable" if cond_ok
                           else "MinimumReplicasUnavailable",
                           "message": "Deployment has minimum availability."
                           if cond_ok else "Deployment does not have "
                           "minimum availability.",
                           "lastTransitionTime": t("10:03:00")
                           if not cond_ok else t(created)},
                          {"type": "Progressing", "status": "True",
                           "reason": "NewReplicaSetAvailable",
                           "message": msg or 'ReplicaSet "%s" has '
                           'successfully progressed.' % rs_name,
                           "lastTransitionTime": t(created)}]}}
    dep["metadata"]["uid"] = d_uid
    dep["metadata"]["generation"] = gen
    if dep["status"]["unavailableReplicas"] is None:
        del dep["status"]["unavailableReplicas"]
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
          "metadata": meta(rs_name, ns, dict(labels, **{
              "pod-template-hash": rs_name[-10:]}), created,
              ("Deployment", name, d_uid)),
          "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                   "template": tmpl},
          "status": {"replicas": replicas, "readyReplicas": ready,
                     "availableReplicas": ready, "fullyLabeledReplicas":
                     replicas, "observedGeneration": gen}}
    rs["metadata"]["uid"] = rs_uid
    w.add(ns, "deployments.apps", dep)
    w.add(ns, "replicasets.apps", rs)
    return ("ReplicaSet", rs_name, rs_uid), rs_name


def daemonset(ns, name, labels, nodes_):
    ds_uid = uid()
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet",
          "metadata": meta(name, ns, labels, "08:10:00"),
          "spec": {"selector": {"matchLabels": labels},
                   "template": {"metadata": {"labels": labels}}},
          "status": {"desiredNumberScheduled": len(nodes_),
                     "currentNumberScheduled": len(nodes_),
                     "numberReady": len(nodes_),
                     "numberAvailable": len(nodes_),
                     "updatedNumberScheduled": len(nodes_),
                     "numberMisscheduled": 0, "observedGeneration": 1}}
    ds["metadata"]["uid"] = ds_uid
    ds["metadata"]["generation"] = 1
    w.add(ns, "daemonsets.apps", ds)
    return ("DaemonSet", name, ds_uid)


def service(ns, name, selector, port, target, labels=None):
    w.add(ns, "services", {
        "apiVersion": "v1", "kind": "Service",
        "metadata": meta(name, ns, labels or {"app": name}, "08:30:00"),
        "spec": {"type": "ClusterIP", "clusterIP": "10.96.%d.%d" %
                 (len(w.objs.get((ns, "services"), [])) + 10, uid_n[0] % 250),
                 "selector": selector, "ports": [
                     {"name": "http", "port": port, "targetPort": target,
                      "protocol": "TCP"}]},
        "status": {"loadBalancer": {}}})


def endpoints(ns, name, pods_, port):
    subsets = []
    ready = [p for p in pods_ if all(s["ready"] for s in
                                     p["status"].get("containerStatuses",
                                                     [{"ready": False}]))]
    notready = [p for p in pods_ if p not in ready and
                p["status"].get("podIP")]

    def addr(p):
        return {"ip": p["status"]["podIP"], "nodeName": p["spec"]["nodeName"],
                "targetRef": {"kind": "Pod", "namespace": ns,
                              "name": p["metadata"]["name"],
                              "uid": p["metadata"]["uid"]}}
    if ready or notready:
        s = {"ports": [{"name": "http", "port": port, "protocol": "TCP"}]}
        if ready:
            s["addresses"] = [addr(p) for p in ready]
        if notready:
            s["notReadyAddresses"] = [addr(p) for p in notready]
        subsets.append(s)
    ep = {"apiVersion": "v1", "kind": "Endpoints",
          "metadata": meta(name, ns, {"app": name}, "08:30:00")}
    if subsets:
        ep["subsets"] = subsets
    w.add(ns, "endpoints", ep)


# kube-system -----------------------------------------------------------------
CORE = "registry.k8s.io/coredns/coredns:v1.11.1"
owner, rsn = deployment("kube-system", "coredns", {"k8s-app": "kube-dns"}, 2,
                        2, created="08:00:00")
dns_pods = []
for i, (n, sfx) in enumerate((("cp-1", "7db6d8ff4d-2xkqp"),
                              ("cpu-node-1", "7db6d8ff4d-9wz4r"))):
    dns_pods.append(pod("kube-system", "coredns-" + sfx,
                        {"k8s-app": "kube-dns"}, n,
                        [container("coredns", CORE, "100m", "70Mi",
                                   ports=[("dns", 53), ("metrics", 9153)])],
                        [running("coredns", CORE, "08:00:30")], owner=owner,
                        created="08:00:10",
                        tolerations=[{"key": "node-role.kubernetes.io/"
                                      "control-plane",
                                      "effect": "NoSchedule"}]))
    log("kube-system", "coredns-" + sfx, "coredns", [
        ("08:00:31.102334112", ".:53"),
        ("08:00:31.102401938", "[INFO] plugin/reload: Running configuration "
         "SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9"),
        ("08:00:31.102433021", "CoreDNS-1.11.1"),
        ("08:00:31.102450187", "linux/amd64, go1.20.7, ae2bbc2")])
service("kube-system", "kube-dns", {"k8s-app": "kube-dns"}, 53, 53,
        {"k8s-app": "kube-dns"})
endpoints("kube-system", "kube-dns", dns_pods, 53)

# gpu-operator: device plugin and DCGM exporter on both GPU nodes --------------
DP = "nvcr.io/nvidia/k8s-device-plugin:v0.15.0"
DCGM = "nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5-3.4.1-ubuntu22.04"
dp_owner = daemonset("gpu-operator", "nvidia-device-plugin-daemonset",
                     {"app": "nvidia-device-plugin-daemonset"},
                     ["gpu-node-1", "gpu-node-2"])
dcgm_owner = daemonset("gpu-operator", "nvidia-dcgm-exporter",
                       {"app": "nvidia-dcgm-exporter"},
                       ["gpu-node-1", "gpu-node-2"])
dcgm_pods = []
for n, sfx_dp, sfx_dc in (("gpu-node-1", "x7k2p", "4hq9d"),
                          ("gpu-node-2", "m3n8v", "t6w2c")):
    pod("gpu-operator", "nvidia-device-plugin-daemonset-" + sfx_dp,
        {"app": "nvidia-device-plugin-daemonset"}, n,
        [container("nvidia-device-plugin", DP, "50m", "64Mi")],
        [running("nvidia-device-plugin", DP, "08:12:00")], owner=dp_owner,
        created="08:11:50")
    dcgm_pods.append(pod(
        "gpu-operator", "nvidia-dcgm-exporter-" + sfx_dc,
        {"app": "nvidia-dcgm-exporter"}, n,
        [container("nvidia-dcgm-exporter", DCGM, "100m", "512Mi",
                   ports=[("metrics", 9400)])],
        [running("nvidia-dcgm-exporter", DCGM, "08:12:10")],
        owner=dcgm_owner, created="08:11:50"))
    log("gpu-operator", "nvidia-dcgm-exporter-" + sfx_dc,
        "nvidia-dcgm-exporter", [
            ("08:12:11.301928374", 'time="2026-11-23T08:12:11Z" level=info '
             'msg="Starting dcgm-exporter"'),
            ("08:12:12.882710022", 'time="2026-11-23T08:12:12Z" level=info '
             'msg="DCGM successfully initialized!"'),
            ("08:12:13.004411930", 'time="2026-11-23T08:12:13Z" level=info '
             'msg="Starting webserver"')] + ([
            ("10:02:14.551020334", 'time="2026-11-23T10:02:14Z" level=error '
             'msg="Failed to watch metrics: Error watching fields: GPU is '
             'lost" gpu=1'),
            ("10:02:44.551090117", 'time="2026-11-23T10:02:44Z" level=error '
             'msg="GPU 1 is unreachable, skipping its metrics"')]
            if n == "gpu-node-1" else []))
    log("gpu-operator", "nvidia-device-plugin-daemonset-" + sfx_dp,
        "nvidia-device-plugin", [
            ("08:12:01.118203344", "I1123 08:12:01.118150       1 main.go:"
             "279] Retrieving plugins."),
            ("08:12:01.402711930", "I1123 08:12:01.402688       1 server.go:"
             "216] Starting GRPC server for 'nvidia.com/gpu'"),
            ("08:12:01.403001872", "I1123 08:12:01.402963       1 server.go:"
             "147] Starting to serve 'nvidia.com/gpu' on /var/lib/kubelet/"
             "device-plugins/nvidia-gpu.sock"),
            ("08:12:01.404519003", "I1123 08:12:01.404497       1 server.go:"
             "154] Registered device plugin for 'nvidia.com/gpu' with "
             "Kubelet")] + ([
            ("10:02:11.927113846", "I1123 10:02:11.927090       1 health.go:"
             "130] XidCriticalError: Xid=79 on Device=GPU-8c4a1e2f-93b1-"
             "4c6e-b7a0-5d2f9e1c3a47; marking device as unhealthy."),
            ("10:02:11.927300112", "I1123 10:02:11.927288       1 server.go:"
             "246] 'nvidia.com/gpu' device marked unhealthy: GPU-8c4a1e2f-"
             "93b1-4c6e-b7a0-5d2f9e1c3a47")] if n == "gpu-node-1" else []))

# llm: the serving stack ------------------------------------------------------
VLLM = "vllm/vllm-openai:v0.6.3"
vllm_labels = {"app": "vllm-llama", "model": "llama-3-1-8b-instruct"}
owner, rsn = deployment("llm", "vllm-llama", vllm_labels, 3, 1,
                        created="08:40:00", cond_ok=False)
vllm_env = [("MODEL", "meta-llama/Llama-3.1-8B-Instruct"),
            ("HF_TOKEN", "hf_q8ZrVbXkYw2LmN4pTf6JdC1sHgA9uE3oKi"),
            ("VLLM_PORT", "8000")]
vllm_c = container("vllm", VLLM, "8", "64Gi", gpu=1,
                   ports=[("http", 8000)], env=vllm_env,
                   args=["--model", "meta-llama/Llama-3.1-8B-Instruct",
                         "--gpu-memory-utilization", "0.90",
                         "--max-model-len", "8192"])
vol = [{"name": "model-cache", "persistentVolumeClaim":
        {"claimName": "model-cache"}}]
crash = running("vllm", VLLM, "10:13:02", restarts=7, ready=False)
crash["state"] = {"waiting": {"reason": "CrashLoopBackOff",
                              "message": "back-off 5m0s restarting failed "
                              "container=vllm pod=vllm-llama-" + rsn[-10:] +
                              "-5xk8d_llm(%s)" % "6f1c2d3e"}}
crash["lastState"] = {"terminated": {
    "exitCode": 1, "reason": "Error", "startedAt": t("10:12:40"),
    "finishedAt": t("10:13:01"), "containerID": crash["containerID"]}}
crash["started"] = False
v_crash = pod("llm", "vllm-llama-%s-5xk8d" % rsn[-10:], vllm_labels,
              "gpu-node-1", [vllm_c], [crash], owner=owner,
              created="08:40:05", conditions_ready=False, volumes=vol)
v_ok = pod("llm", "vllm-llama-%s-q2wfn" % rsn[-10:], vllm_labels,
           "gpu-node-2", [vllm_c], [running("vllm", VLLM, "08:41:30")],
           owner=owner, created="08:40:05", volumes=vol)
v_pend_msg = ("0/4 nodes are available: 1 node(s) had untolerated taint "
              "{node-role.kubernetes.io/control-plane: }, 3 Insufficient "
              "nvidia.com/gpu. preemption: 0/4 nodes are available: 1 "
              "Preemption is not helpful for scheduling, 3 No preemption "
              "victims found for incoming pod.")
v_pend = pod("llm", "vllm-llama-%s-h7c4m" % rsn[-10:], vllm_labels, None,
             [vllm_c], [], phase="Pending", owner=owner, created="10:03:10",
             scheduled=False, sched_msg=v_pend_msg, volumes=vol)
v_crash_name = v_crash["metadata"]["name"]
v_ok_name = v_ok["metadata"]["name"]

boot = [
    ("INFO 11-23 %s api_server.py:528] vLLM API server version 0.6.3"),
    ("INFO 11-23 %s api_server.py:529] args: Namespace(model='meta-llama/"
     "Llama-3.1-8B-Instruct', gpu_memory_utilization=0.9, "
     "max_model_len=8192)"),
    ("INFO 11-23 %s llm_engine.py:237] Initializing an LLM engine (v0.6.3) "
     "with config: model='meta-llama/Llama-3.1-8B-Instruct', dtype=torch."
     "bfloat16, tensor_parallel_size=1, device_config=cuda"),
    ("INFO 11-23 %s model_runner.py:1056] Starting to load model "
     "meta-llama/Llama-3.1-8B-Instruct..."),
    ("INFO 11-23 %s model_runner.py:1067] Loading model weights took "
     "14.9888 GB"),
    ("INFO 11-23 %s gpu_executor.py:122] # GPU blocks: 27713, # CPU "
     "blocks: 2048"),
    ("INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to "
     "quit)%s"),
]


def boot_lines(start_h, start_m, start_s, n=len(boot)):
    out = []
    for i, b in enumerate(boot[:n]):
        s = start_s + 3 * i
        hms = "%02d:%02d:%02d" % (start_h, start_m + s // 60, s % 60)
        out.append(("%s.%09d" % (hms, 123456789 + i * 1000),
                    b % (hms if "%s" in b and "Uvicorn" not in b else "")))
    return out


log("llm", v_ok_name, "vllm", boot_lines(8, 41, 31) + [
    ("10:14:31.220187334", 'INFO:     10.244.32.7:51822 - "POST /v1/chat/'
     'completions HTTP/1.1" 200 OK'),
    ("10:14:49.006712093", "INFO 11-23 10:14:49 metrics.py:351] Avg prompt "
     "throughput: 912.4 tokens/s, Avg generation throughput: 88.1 tokens/s,"
     " Running: 6 reqs, GPU KV cache usage: 41.2%")])
cuda_fail = [
    ("ERROR 11-23 10:13:01 engine.py:160] RuntimeError: CUDA error: "
     "unspecified launch failure"),
    ("ERROR 11-23 10:13:01 engine.py:160] CUDA kernel errors might be "
     "asynchronously reported at some other API call, so the stacktrace "
     "below might be incorrect."),
    ("ERROR 11-23 10:13:01 engine.py:160] For debugging consider passing "
     "CUDA_LAUNCH_BLOCKING=1"),
    ("Traceback (most recent call last):"),
    ('  File "/usr/local/lib/python3.12/dist-packages/vllm/worker/'
     'worker.py", line 179, in init_device'),
    ("    torch.cuda.set_device(self.device)"),
    ("RuntimeError: CUDA error: no CUDA-capable device is detected"),
]
log("llm", v_crash_name, "vllm", boot_lines(10, 12, 40, 3) + [
    ("10:13:01.%09d" % (400000000 + i), x) for i, x in
    enumerate(cuda_fail)], previous=True)
log("llm", v_crash_name, "vllm", boot_lines(10, 13, 2, 2))

service("llm", "vllm-llama", {"app": "vllm-llama"}, 8000, "http")
endpoints("llm", "vllm-llama", [v_ok, v_crash], 8000)

GW = "ghcr.io/acme/llm-gateway:1.8.2"
gw_labels = {"app": "llm-gateway"}
owner, rsn = deployment("llm", "llm-gateway", gw_labels, 2, 2)
gw_pods = []
for sfx, n in (("b8kx2", "cpu-node-1"), ("r4jz7", "cpu-node-1")):
    name = "llm-gateway-%s-%s" % (rsn[-10:], sfx)
    gw_pods.append(pod("llm", name, gw_labels, n,
                       [container("gateway", GW, "250m", "256Mi",
                                  ports=[("http", 8080)],
                                  env=[("UPSTREAM", "http://vllm-llama.llm."
                                        "svc:8000")])],
                       [running("gateway", GW, "08:31:00")], owner=owner,
                       created="08:30:40"))
    log("llm", name, "gateway", [
        ("08:31:01.552781933", '{"level":"info","ts":"2026-11-23T08:31:01Z",'
         '"msg":"listening","addr":":8080"}'),
        ("10:14:31.219873210", '{"level":"info","ts":"2026-11-23T10:14:31Z",'
         '"msg":"request","path":"/v1/chat/completions","status":200,'
         '"upstream_ms":1804}')])
# the typo: "llm-gatway" selects no pod, so the Service has no endpoints
service("llm", "llm-gateway", {"app": "llm-gatway"}, 80, "http",
        {"app": "llm-gateway"})
endpoints("llm", "llm-gateway", [], 80)

TOK = "ghcr.io/acme/tokenizer-worker:2.4.0"
tok_labels = {"app": "tokenizer-worker"}
owner, rsn = deployment("llm", "tokenizer-worker", tok_labels, 1, 0,
                        cond_ok=False)
oom = running("worker", TOK, "10:14:05", restarts=9, ready=False)
oom["state"] = {"waiting": {"reason": "CrashLoopBackOff", "message":
                            "back-off 5m0s restarting failed container="
                            "worker"}}
oom["lastState"] = {"terminated": {"exitCode": 137, "reason": "OOMKilled",
                                   "startedAt": t("10:13:20"),
                                   "finishedAt": t("10:14:04"),
                                   "containerID": oom["containerID"]}}
oom["started"] = False
tok_name = "tokenizer-worker-%s-v9pld" % rsn[-10:]
pod("llm", tok_name, tok_labels, "cpu-node-1",
    [container("worker", TOK, "1", "512Mi", mem_limit="512Mi",
               env=[("BATCH_SIZE", "4096"), ("SHARDS", "16")])], [oom],
    owner=owner, created="08:30:40", conditions_ready=False)
log("llm", tok_name, "worker", [
    ("10:13:20.884120937", "2026-11-23 10:13:20,884 INFO worker: starting "
     "tokenizer worker, batch_size=4096 shards=16"),
    ("10:13:41.101920388", "2026-11-23 10:13:41,101 INFO worker: loaded "
     "vocabulary (128256 tokens)"),
    ("10:14:03.600481022", "2026-11-23 10:14:03,600 INFO worker: shard 7/16"
     " buffered 498 MiB")], previous=True)
log("llm", tok_name, "worker", [])

RAG = "registry.acme.internal/rag/indexer:v2.3.1-rc"
rag_labels = {"app": "rag-indexer"}
owner, rsn = deployment("llm", "rag-indexer", rag_labels, 1, 0,
                        created="09:40:00", cond_ok=False,
                        msg='ReplicaSet "rag-indexer" is progressing.')
pull = {"name": "indexer", "image": RAG, "imageID": "", "ready": False,
        "started": False, "restartCount": 0,
        "state": {"waiting": {"reason": "ImagePullBackOff", "message":
                              'Back-off pulling image "%s"' % RAG}},
        "lastState": {}}
rag_name = "rag-indexer-%s-k2m5s" % rsn[-10:]
pod("llm", rag_name, rag_labels, "cpu-node-1",
    [container("indexer", RAG, "500m", "1Gi")], [pull], phase="Pending",
    owner=owner, created="09:40:02", conditions_ready=False)

# a finished batch job: Completed pods are healthy
job_uid = uid()
w.add("llm", "jobs.batch", {
    "apiVersion": "batch/v1", "kind": "Job",
    "metadata": dict(meta("eval-nightly-29391840", "llm",
                          {"app": "eval-nightly"}, "02:00:00"),
                     uid=job_uid),
    "spec": {"completions": 1, "parallelism": 1, "backoffLimit": 2},
    "status": {"succeeded": 1, "startTime": t("02:00:00"),
               "completionTime": t("02:41:10"), "conditions": [
                   {"type": "Complete", "status": "True",
                    "lastTransitionTime": t("02:41:10")}]}})
done = running("eval", "ghcr.io/acme/eval:0.9.1", "02:00:20")
done["ready"] = False
done["started"] = False
done["state"] = {"terminated": {"exitCode": 0, "reason": "Completed",
                                "startedAt": t("02:00:20"),
                                "finishedAt": t("02:41:08")}}
p = pod("llm", "eval-nightly-29391840-8wq2d", {"app": "eval-nightly"},
        "gpu-node-2", [container("eval", "ghcr.io/acme/eval:0.9.1", "2",
                                 "8Gi")], [done], phase="Succeeded",
        owner=("Job", "eval-nightly-29391840", job_uid), created="02:00:00",
        conditions_ready=False)
p["spec"]["restartPolicy"] = "Never"
for c in p["status"]["conditions"]:
    if c["type"] in ("Ready", "ContainersReady"):
        c["reason"] = "PodCompleted"
        c.pop("message", None)

# embedding server holds the healthy GPU 0 of gpu-node-1
EMB = "ghcr.io/huggingface/text-embeddings-inference:1.5"
owner, rsn = deployment("llm", "embeddings", {"app": "embeddings"}, 1, 1)
emb_name = "embeddings-%s-f5g7h" % rsn[-10:]
pod("llm", emb_name, {"app": "embeddings"}, "gpu-node-1",
    [container("tei", EMB, "2", "16Gi", gpu=1, ports=[("http", 80)])],
    [running("tei", EMB, "08:31:10")], owner=owner, created="08:30:40")
log("llm", emb_name, "tei", [
    ("08:31:14.019283746", "2026-11-23T08:31:14.019221Z  INFO text_"
     "embeddings_router: router/src/main.rs:175: Args { model_id: "
     "\"BAA/bge-large-en-v1.5\", max_batch_tokens: 16384 }"),
    ("08:31:29.883100294", "2026-11-23T08:31:29.883044Z  INFO text_"
     "embeddings_router: router/src/lib.rs:250: Starting HTTP server: "
     "0.0.0.0:80"),
    ("10:14:12.448120933", "2026-11-23T10:14:12.448071Z  INFO embed: "
     "router/src/http/server.rs:706: Success")])
service("llm", "embeddings", {"app": "embeddings"}, 80, "http")
endpoints("llm", "embeddings", [w.objs[("llm", "pods")][-1]], 80)

# storage: the model cache is bound and fine
w.add("llm", "persistentvolumeclaims", {
    "apiVersion": "v1", "kind": "PersistentVolumeClaim",
    "metadata": meta("model-cache", "llm", None, "08:20:00"),
    "spec": {"accessModes": ["ReadWriteMany"], "storageClassName": "efs",
             "resources": {"requests": {"storage": "500Gi"}},
             "volumeName": "pvc-2f9e1c3a"},
    "status": {"phase": "Bound", "accessModes": ["ReadWriteMany"],
               "capacity": {"storage": "500Gi"}}})
w.add("_cluster", "persistentvolumes", {
    "apiVersion": "v1", "kind": "PersistentVolume",
    "metadata": meta("pvc-2f9e1c3a", None, None, "08:20:01"),
    "spec": {"capacity": {"storage": "500Gi"}, "accessModes":
             ["ReadWriteMany"], "persistentVolumeReclaimPolicy": "Retain",
             "storageClassName": "efs", "claimRef": {
                 "kind": "PersistentVolumeClaim", "namespace": "llm",
                 "name": "model-cache"},
             "csi": {"driver": "efs.csi.aws.com", "volumeHandle":
                     "fs-0a1b2c3d"}},
    "status": {"phase": "Bound"}})
w.add("_cluster", "storageclasses.storage.k8s.io", {
    "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
    "metadata": meta("efs", None, None, "2026-11-01T08:00:00Z"[11:19]),
    "provisioner": "efs.csi.aws.com", "reclaimPolicy": "Retain",
    "volumeBindingMode": "Immediate"})

# ---- events --------------------------------------------------------------------
ev_pod = lambda n: next(p for p in w.objs[("llm", "pods")]
                        if p["metadata"]["name"] == n)
event("llm", "Pod", v_crash_name, "BackOff", "Back-off restarting failed "
      "container vllm in pod %s_llm(%s)" % (v_crash_name,
                                           ev_pod(v_crash_name)["metadata"]
                                           ["uid"]), "10:02:40", "10:14:10",
      count=31, host="gpu-node-1",
      obj_uid=ev_pod(v_crash_name)["metadata"]["uid"])
event("llm", "Pod", v_crash_name, "Unhealthy", "Readiness probe failed: Get "
      "\"http://10.244.31.17:8000/health\": dial tcp 10.244.31.17:8000: "
      "connect: connection refused", "10:02:13", "10:13:00", count=14,
      host="gpu-node-1", obj_uid=ev_pod(v_crash_name)["metadata"]["uid"])
event("llm", "Pod", v_pend["metadata"]["name"], "FailedScheduling",
      v_pend_msg, "10:03:10", "10:14:20", count=12, component=
      "default-scheduler", obj_uid=v_pend["metadata"]["uid"])
event("llm", "Deployment", "vllm-llama", "ScalingReplicaSet", "Scaled up "
      "replica set vllm-llama-%s to 3 from 2" % "5d9f8b7c6a", "10:03:10",
      "10:03:10", etype="Normal", component="deployment-controller")
event("llm", "Pod", tok_name, "BackOff", "Back-off restarting failed "
      "container worker in pod %s_llm" % tok_name, "09:31:40", "10:14:05",
      count=44, host="cpu-node-1",
      obj_uid=ev_pod(tok_name)["metadata"]["uid"])
event("llm", "Pod", tok_name, "Pulled", 'Container image "%s" already '
      "present on machine" % TOK, "08:30:45", "10:13:20", count=10,
      etype="Normal", host="cpu-node-1",
      obj_uid=ev_pod(tok_name)["metadata"]["uid"])
event("llm", "Pod", rag_name, "Failed", 'Failed to pull image "%s": rpc '
      'error: code = NotFound desc = failed to pull and unpack image "%s": '
      'failed to resolve reference "%s": %s: not found' % (RAG, RAG, RAG,
                                                          RAG),
      "09:40:05", "10:12:31", count=9, host="cpu-node-1",
      obj_uid=ev_pod(rag_name)["metadata"]["uid"])
event("llm", "Pod", rag_name, "Failed", "Error: ErrImagePull", "09:40:05",
      "10:12:31", count=9, host="cpu-node-1",
      obj_uid=ev_pod(rag_name)["metadata"]["uid"])
event("llm", "Pod", rag_name, "BackOff", 'Back-off pulling image "%s"' %
      RAG, "09:40:20", "10:14:30", count=140, etype="Normal",
      host="cpu-node-1", obj_uid=ev_pod(rag_name)["metadata"]["uid"])
event("llm", "Pod", rag_name, "Failed", "Error: ImagePullBackOff",
      "09:40:20", "10:14:30", count=140, host="cpu-node-1",
      obj_uid=ev_pod(rag_name)["metadata"]["uid"])
event("default", "Node", "gpu-node-1", "GPUUnhealthy" , "GPU "
      "GPU-8c4a1e2f-93b1-4c6e-b7a0-5d2f9e1c3a47 marked unhealthy by the "
      "device plugin (Xid 79)", "10:02:12", "10:02:12",
      component="nvidia-device-plugin", host="gpu-node-1")

# ---- node logs and GPU metrics ----------------------------------------------------
KERN_BOOT = [
    "Nov 23 08:05:12 {n} kernel: [    0.000000] Linux version 5.15.0-122-"
    "generic (buildd@lcy02-amd64-034) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) "
    "11.4.0) #132-Ubuntu SMP",
    "Nov 23 08:05:31 {n} kernel: [   19.402113] nvidia: loading out-of-tree "
    "module taints kernel.",
    "Nov 23 08:05:31 {n} kernel: [   19.530981] nvidia-nvlink: Nvlink Core "
    "is being initialized, major device number 235",
    "Nov 23 08:05:32 {n} kernel: [   19.871220] NVRM: loading NVIDIA UNIX "
    "x86_64 Kernel Module  550.90.07  Fri May 31 09:35:42 UTC 2024",
    "Nov 23 08:05:33 {n} kernel: [   21.004412] nvidia-modeset: Loading "
    "NVIDIA Kernel Mode Setting Driver for UNIX platforms  550.90.07",
]
kern1 = [l.format(n="gpu-node-1") for l in KERN_BOOT] + [
    "Nov 23 10:02:11 gpu-node-1 kernel: [ 7016.441871] NVRM: GPU at PCI:"
    "0000:4b:00: GPU-8c4a1e2f-93b1-4c6e-b7a0-5d2f9e1c3a47",
    "Nov 23 10:02:11 gpu-node-1 kernel: [ 7016.441880] NVRM: GPU Board "
    "Serial Number: 1652823054112",
    "Nov 23 10:02:11 gpu-node-1 kernel: [ 7016.441884] NVRM: Xid (PCI:0000:"
    "4b:00): 79, pid=48213, name=python3, GPU has fallen off the bus.",
    "Nov 23 10:02:11 gpu-node-1 kernel: [ 7016.441902] NVRM: GPU 0000:4b:"
    "00.0: GPU has fallen off the bus.",
    "Nov 23 10:02:11 gpu-node-1 kernel: [ 7016.441911] NVRM: A GPU crash "
    "dump has been created. If possible, please run",
    "Nov 23 10:02:11 gpu-node-1 kernel: [ 7016.441911] NVRM: nvidia-bug-"
    "report.sh as root to collect this data before",
    "Nov 23 10:02:11 gpu-node-1 kernel: [ 7016.441911] NVRM: the NVIDIA "
    "kernel module is unloaded.",
    "Nov 23 10:02:12 gpu-node-1 kernel: [ 7017.002114] pcieport 0000:4a:"
    "01.0: AER: Uncorrected (Fatal) error received: 0000:4a:01.0",
    "Nov 23 10:13:01 gpu-node-1 kernel: [ 7666.118274] NVRM: Xid (PCI:0000:"
    "4b:00): 79, pid=51877, name=python3, GPU has fallen off the bus.",
]
kern2 = [l.format(n="gpu-node-2") for l in KERN_BOOT]
w.logs["nodes/gpu-node-1/logs/kern.log"] = "\n".join(kern1) + "\n"
w.logs["nodes/gpu-node-2/logs/kern.log"] = "\n".join(kern2) + "\n"
for n in ("cp-1", "cpu-node-1"):
    w.logs["nodes/%s/logs/kern.log" % n] = "\n".join(
        l.format(n=n) for l in KERN_BOOT[:1]) + "\n"


def dcgm(node_name, gpus):
    hdr = [
        ("DCGM_FI_DEV_GPU_TEMP", "gauge", "GPU temperature (in C)."),
        ("DCGM_FI_DEV_POWER_USAGE", "gauge", "Power draw (in W)."),
        ("DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %)."),
        ("DCGM_FI_DEV_FB_USED", "gauge", "Framebuffer memory used (in MiB)."),
        ("DCGM_FI_DEV_FB_FREE", "gauge", "Framebuffer memory free (in MiB)."),
        ("DCGM_FI_DEV_XID_ERRORS", "gauge",
         "Value of the last XID error encountered."),
        ("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", "counter",
         "Total number of double-bit volatile ECC errors."),
        ("DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", "counter",
         "Total number of single-bit volatile ECC errors."),
        ("DCGM_FI_DEV_RETIRED_DBE", "counter",
         "Total number of retired pages due to double-bit errors."),
    ]
    out = []
    for name, typ, help_ in hdr:
        out.append("# HELP %s %s" % (name, help_))
        out.append("# TYPE %s %s" % (name, typ))
        for g in gpus:
            if name not in g["values"]:
                continue
            lab = ('gpu="%d",UUID="%s",pci_bus_id="%s",device="nvidia%d",'
                   'modelName="NVIDIA A100-SXM4-80GB",Hostname="%s",'
                   'DCGM_FI_DRIVER_VERSION="550.90.07"' %
                   (g["i"], g["uuid"], g["pci"], g["i"], node_name))
            if g.get("pod"):
                lab += ',container="%s",namespace="llm",pod="%s"' % g["pod"]
            out.append("%s{%s} %s" % (name, lab, g["values"][name]))
    return "\n".join(out) + "\n"


def vals(temp, power, util, used, xid=0, dbe=0, sbe=0):
    return {"DCGM_FI_DEV_GPU_TEMP": temp, "DCGM_FI_DEV_POWER_USAGE": power,
            "DCGM_FI_DEV_GPU_UTIL": util, "DCGM_FI_DEV_FB_USED": used,
            "DCGM_FI_DEV_FB_FREE": 81920 - used,
            "DCGM_FI_DEV_XID_ERRORS": xid,
            "DCGM_FI_DEV_ECC_DBE_VOL_TOTAL": dbe,
            "DCGM_FI_DEV_ECC_SBE_VOL_TOTAL": sbe,
            "DCGM_FI_DEV_RETIRED_DBE": 0}


w.logs["nodes/gpu-node-1/dcgm-exporter.prom"] = dcgm("gpu-node-1", [
    {"i": 0, "uuid": "GPU-3e5b7d90-1f2a-4c8e-9b6d-0a4c2e8f1b35",
     "pci": "00000000:07:00.0", "pod": ("tei", emb_name),
     "values": vals(54, 141.7, 37, 18422)},
    # GPU 1 is off the bus: DCGM keeps only its last Xid
    {"i": 1, "uuid": "GPU-8c4a1e2f-93b1-4c6e-b7a0-5d2f9e1c3a47",
     "pci": "00000000:4B:00.0",
     "values": {"DCGM_FI_DEV_XID_ERRORS": 79}},
])
w.logs["nodes/gpu-node-2/dcgm-exporter.prom"] = dcgm("gpu-node-2", [
    {"i": 0, "uuid": "GPU-a1d4f6b2-7c3e-4e91-8f5a-2b9d0c6e4a18",
     "pci": "00000000:07:00.0", "pod": ("vllm", v_ok_name),
     "values": vals(61, 287.3, 83, 74211, sbe=2)},
    {"i": 1, "uuid": "GPU-f0e9d8c7-b6a5-4943-8271-605f4e3d2c1b",
     "pci": "00000000:4B:00.0", "values": vals(33, 61.2, 0, 0)},
])

# ---- write -------------------------------------------------------------------------
NAMESPACES = ["default", "kube-system", "gpu-operator", "llm"]


def write(rel, data):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not isinstance(data, (bytes, str)):
        data = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if isinstance(data, str):
        data = data.encode()
    with open(path, "wb") as f:
        f.write(data)


def as_list(items):
    return {"kind": "List", "apiVersion": "v1", "metadata": {},
            "items": items}


def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    write("cluster/version.json", {
        "major": "1", "minor": "30", "gitVersion": K8S,
        "gitCommit": "9f7f3f6e5d4c3b2a1908f7e6d5c4b3a291807f6e",
        "gitTreeState": "clean", "buildDate": "2024-08-14T18:51:11Z",
        "goVersion": "go1.22.5", "compiler": "gc",
        "platform": "linux/amd64"})
    write("resources/_cluster/nodes.json", as_list(NODES))
    write("resources/_cluster/namespaces.json", as_list([
        {"apiVersion": "v1", "kind": "Namespace",
         "metadata": meta(n, labels={"kubernetes.io/metadata.name": n},
                          created="2026-11-01T08:00:00Z"[11:19]),
         "spec": {"finalizers": ["kubernetes"]},
         "status": {"phase": "Active"}} for n in NAMESPACES]))
    by_ns = {}
    for (ns, plural), items in w.objs.items():
        by_ns.setdefault(ns, {})[plural] = items
    for ns, e in w.events:
        if e["involvedObject"]["namespace"] is None:
            del e["involvedObject"]["namespace"]
        by_ns.setdefault(ns, {}).setdefault("events", []).append(e)
    for ns, plurals in by_ns.items():
        for plural, items in plurals.items():
            write("resources/%s/%s.json" % (ns, plural), as_list(items))
    for path, text in w.logs.items():
        write(path, text)
    files = []
    for dirpath, _, names in os.walk(ROOT):
        for n in names:
            full = os.path.join(dirpath, n)
            rel = os.path.relpath(full, ROOT)
            with open(full, "rb") as f:
                data = f.read()
            files.append({"path": rel, "size": len(data),
                          "sha256": hashlib.sha256(data).hexdigest()})
    files.sort(key=lambda f: f["path"])
    write("manifest.json", {
        "format_version": "1", "tool_version": "0.1.0", "kind": "cluster",
        "cluster": CLUSTER, "server": "https://10.20.0.1:6443",
        "kubernetes_version": K8S,
        "collection": {"start": START, "end": END},
        "parameters": {"all_namespaces": True},
        "collectors": [{"name": "resources", "status": "ok",
                        "duration_ms": 2210, "error": None},
                       {"name": "logs", "status": "ok",
                        "duration_ms": 3104, "error": None},
                       {"name": "node-logs", "status": "ok",
                        "duration_ms": 840, "error": None},
                       {"name": "gpu-dcgm-exporter", "status": "ok",
                        "duration_ms": 312, "error": None}],
        "gaps": [], "complete": True, "redactions": {},
        "files": files})
    print("wrote %s (%d files)" % (ROOT, len(files) + 1))


if __name__ == "__main__":
    sys.exit(main())
