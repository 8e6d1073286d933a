#!/usr/bin/env python3
"""Writes tests/data/mini-cluster/, the serve engine's fixture bundle (a
folder in the bundle layout of docs/bundle-format.md): 4 namespaces, a CPU
and a GPU node, pods in the states kubectl's STATUS column names
(CrashLoopBackOff with a previous log, OOMKilled, ImagePullBackOff,
Pending, Evicted, Completed, Terminating), their controllers, events,
services with their EndpointSlices, node Leases, storage, an ingress, a CRD with a custom resource, metrics, node
logs with an Xid line and DCGM exporter metrics. Deterministic: run it again
and nothing changes.  Usage: make-mini-cluster.py [OUT_DIR]"""
import hashlib, json, os, shutil, sys

END = "2026-11-20T10:00:00Z"
START = "2026-11-20T09:59:30Z"
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "mini-cluster")
uid_n = [0]


def uid():
    uid_n[0] += 1
    return "00000000-0000-4000-8000-%012d" % uid_n[0]


def meta(name, ns=None, created="2026-11-18T08:00:00Z", labels=None, owner=None, **kw):
    m = {"name": name, "uid": uid(), "resourceVersion": str(1000 + uid_n[0]), "creationTimestamp": created}
    if ns:
        m["namespace"] = ns
    if labels:
        m["labels"] = labels
    if owner:
        m["ownerReferences"] = [{"apiVersion": owner[0], "kind": owner[1], "name": owner[2], "uid": owner[3],
                                 "controller": True, "blockOwnerDeletion": True}]
    m.update(kw)
    return m


# ---- nodes ----
def node(name, ip, gpu, created, role=None):
    labels = {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}
    cap = {"cpu": "32", "memory": "131891012Ki", "pods": "110", "ephemeral-storage": "488245288Ki"}
    if role:
        labels["node-role.kubernetes.io/" + role] = ""
    if gpu:
        labels["nvidia.com/gpu.present"] = "true"
        labels["nvidia.com/gpu.product"] = "NVIDIA-H100-80GB-HBM3"
        cap["nvidia.com/gpu"] = "8"
    return {"apiVersion": "v1", "kind": "Node", "metadata": meta(name, created=created, labels=labels),
            "spec": {"podCIDR": "10.244.%d.0/24" % (2 if gpu else 1)},
            "status": {"capacity": cap, "allocatable": dict(cap),
                       "conditions": [
                           {"type": "MemoryPressure", "status": "False", "reason": "KubeletHasSufficientMemory",
                            "message": "kubelet has sufficient memory available", "lastHeartbeatTime": "2026-11-20T09:58:00Z",
                            "lastTransitionTime": created},
                           {"type": "DiskPressure", "status": "False", "reason": "KubeletHasNoDiskPressure",
                            "message": "kubelet has no disk pressure", "lastHeartbeatTime": "2026-11-20T09:58:00Z",
                            "lastTransitionTime": created},
                           {"type": "PIDPressure", "status": "False", "reason": "KubeletHasSufficientPID",
                            "message": "kubelet has sufficient PID available", "lastHeartbeatTime": "2026-11-20T09:58:00Z",
                            "lastTransitionTime": created},
                           {"type": "Ready", "status": "True", "reason": "KubeletReady",
                            "message": "kubelet is posting ready status", "lastHeartbeatTime": "2026-11-20T09:58:00Z",
                            "lastTransitionTime": created}],
                       "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
                       "nodeInfo": {"machineID": hashlib.md5(name.encode()).hexdigest(), "systemUUID": uid(),
                                    "bootID": uid(), "kernelVersion": "5.15.0-122-generic",
                                    "osImage": "Ubuntu 22.04.5 LTS", "containerRuntimeVersion": "containerd://1.7.22",
                                    "kubeletVersion": "v1.30.4", "kubeProxyVersion": "v1.30.4",
                                    "operatingSystem": "linux", "architecture": "amd64"}}}


nodes = [node("node-cpu-1", "10.0.0.11", False, "2026-10-01T12:00:00Z", "control-plane"),
         node("node-gpu-1", "10.0.0.21", True, "2026-11-02T12:00:00Z")]

# ---- namespaces ----
namespaces = [{"apiVersion": "v1", "kind": "Namespace",
               "metadata": meta(n, created="2026-10-01T12:00:00Z", labels={"kubernetes.io/metadata.name": n}),
               "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
              for n in ("default", "gpu-operator", "kube-system", "ml-train")]


# ---- pods ----
def container(name, image, ports=None, gpu=False, env=None):
    c = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent",
         "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"memory": "2Gi"}},
         "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}
    if gpu:
        c["resources"]["limits"]["nvidia.com/gpu"] = "1"
        c["resources"]["requests"]["nvidia.com/gpu"] = "1"
    if ports:
        c["ports"] = ports
    if env:
        c["env"] = env
    return c


def cond(t, s, when, reason=None, msg=None):
    c = {"type": t, "status": s, "lastProbeTime": None, "lastTransitionTime": when}
    if reason:
        c["reason"] = reason
    if msg:
        c["message"] = msg
    return c


def pod(name, ns, node_name, containers, statuses, phase, created, ip=None, owner=None, labels=None, conds=None,
        extra_meta=None, status_extra=None):
    m = meta(name, ns, created=created, labels=labels, owner=owner)
    if extra_meta:
        m.update(extra_meta)
    spec = {"containers": containers, "restartPolicy": "Always", "serviceAccountName": "default",
            "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler",
            "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                             "tolerationSeconds": 300}]}
    if node_name:
        spec["nodeName"] = node_name
    st = {"phase": phase, "qosClass": "Burstable"}
    if conds is not None:
        st["conditions"] = conds
    if node_name:
        st["hostIP"] = "10.0.0.21" if "gpu" in node_name else "10.0.0.11"
        st["hostIPs"] = [{"ip": st["hostIP"]}]
        st["startTime"] = created
    if ip:
        st["podIP"] = ip
        st["podIPs"] = [{"ip": ip}]
    if statuses is not None:
        st["containerStatuses"] = statuses
    if status_extra:
        st.update(status_extra)
    return {"apiVersion": "v1", "kind": "Pod", "metadata": m, "spec": spec, "status": st}


def running(name, image, started, restarts=0, ready=True, last=None):
    s = {"name": name, "image": image, "imageID": image + "@sha256:" + hashlib.sha256(image.encode()).hexdigest(),
         "containerID": "containerd://" + hashlib.sha256((name + started).encode()).hexdigest(),
         "ready": ready, "started": True, "restartCount": restarts, "state": {"running": {"startedAt": started}}}
    s["lastState"] = last or {}
    return s


def ready_conds(t, ok=True):
    s = "True" if ok else "False"
    return [cond("PodReadyToStartContainers", "True", t), cond("Initialized", "True", t),
            cond("Ready", s, t, None if ok else "ContainersNotReady"),
            cond("ContainersReady", s, t, None if ok else "ContainersNotReady"), cond("PodScheduled", "True", t)]


pods = []
objs = {}  # (ns, plural.group) -> list


def add(ns, res, obj):
    objs.setdefault((ns, res), []).append(obj)
    return obj


# kube-system: coredns (Deployment -> ReplicaSet -> Pod)
rs_uid = {}


def deployment(name, ns, image, replicas, ready, labels, created, gpu=False, ports=None):
    d = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta(name, ns, created=created, labels=labels,
                                                                         annotations={"deployment.kubernetes.io/revision": "1"}),
         "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                  "template": {"metadata": {"labels": labels}, "spec": {"containers": [container(name, image, ports, gpu)]}},
                  "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}}},
         "status": {"observedGeneration": 1, "replicas": replicas, "updatedReplicas": replicas,
                    "readyReplicas": ready, "availableReplicas": ready, "unavailableReplicas": replicas - ready,
                    "conditions": [{"type": "Available", "status": "True" if ready == replicas else "False",
                                    "reason": "MinimumReplicasAvailable" if ready == replicas else "MinimumReplicasUnavailable",
                                    "message": "Deployment has minimum availability." if ready == replicas else "Deployment does not have minimum availability.",
                                    "lastUpdateTime": created, "lastTransitionTime": created}]}}
    if ready == 0:
        d["status"].pop("readyReplicas")
        d["status"].pop("availableReplicas")
    add(ns, "deployments.apps", d)
    h = hashlib.sha1(name.encode()).hexdigest()[:10]
    h = "".join("bcdfghjklm"[int(c, 16) % 10] if c.isdigit() else c for c in h)[:10]
    rsl = dict(labels, **{"pod-template-hash": h})
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
          "metadata": meta(name + "-" + h, ns, created=created, labels=rsl,
                           owner=("apps/v1", "Deployment", name, d["metadata"]["uid"])),
          "spec": {"replicas": replicas, "selector": {"matchLabels": rsl},
                   "template": {"metadata": {"labels": rsl}, "spec": {"containers": [container(name, image, ports, gpu)]}}},
          "status": {"replicas": replicas, "fullyLabeledReplicas": replicas, "readyReplicas": ready,
                     "availableReplicas": ready, "observedGeneration": 1}}
    if ready == 0:
        rs["status"].pop("readyReplicas")
        rs["status"].pop("availableReplicas")
    add(ns, "replicasets.apps", rs)
    return rs, rsl


rs, l = deployment("coredns", "kube-system", "registry.k8s.io/coredns/coredns:v1.11.1", 1, 1,
                   {"k8s-app": "kube-dns"}, "2026-10-01T12:01:00Z", ports=[{"name": "dns", "containerPort": 53, "protocol": "UDP"}])
coredns = add("kube-system", "pods", pod(rs["metadata"]["name"] + "-x7k2p", "kube-system", "node-cpu-1",
                                        [container("coredns", "registry.k8s.io/coredns/coredns:v1.11.1",
                                                   [{"name": "dns", "containerPort": 53, "protocol": "UDP"}])],
                                        [running("coredns", "registry.k8s.io/coredns/coredns:v1.11.1", "2026-10-01T12:02:00Z")],
                                        "Running", "2026-10-01T12:01:10Z", "10.244.1.2",
                                        ("apps/v1", "ReplicaSet", rs["metadata"]["name"], rs["metadata"]["uid"]), l,
                                        ready_conds("2026-10-01T12:02:00Z")))

# ml-train: data-loader, OOMKilled
rs, l = deployment("data-loader", "ml-train", "ghcr.io/example/data-loader:2.3.1", 1, 0, {"app": "data-loader"},
                   "2026-11-19T07:00:00Z")
oom = {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": "2026-11-20T09:50:00Z",
                      "finishedAt": "2026-11-20T09:55:00Z", "containerID": "containerd://" + "a" * 64}}
s = running("data-loader", "ghcr.io/example/data-loader:2.3.1", "2026-11-20T09:50:00Z", 4, False,
            {"terminated": dict(oom["terminated"], startedAt="2026-11-20T09:40:00Z", finishedAt="2026-11-20T09:45:00Z")})
s["state"] = oom
s["started"] = False
add("ml-train", "pods", pod(rs["metadata"]["name"] + "-9fz2q", "ml-train", "node-gpu-1",
                            [container("data-loader", "ghcr.io/example/data-loader:2.3.1")], [s], "Running",
                            "2026-11-19T07:00:05Z", "10.244.2.14",
                            ("apps/v1", "ReplicaSet", rs["metadata"]["name"], rs["metadata"]["uid"]), l,
                            ready_conds("2026-11-20T09:55:00Z", False)))

# ml-train: inference, ImagePullBackOff
rs, l = deployment("inference", "ml-train", "ghcr.io/example/inference:v9-missing", 1, 0, {"app": "inference"},
                   "2026-11-20T09:30:00Z", gpu=True)
s = {"name": "inference", "image": "ghcr.io/example/inference:v9-missing", "imageID": "", "ready": False,
     "started": False, "restartCount": 0, "lastState": {},
     "state": {"waiting": {"reason": "ImagePullBackOff",
                           "message": "Back-off pulling image \"ghcr.io/example/inference:v9-missing\""}}}
add("ml-train", "pods", pod(rs["metadata"]["name"] + "-h8d7w", "ml-train", "node-gpu-1",
                            [container("inference", "ghcr.io/example/inference:v9-missing", gpu=True)], [s], "Pending",
                            "2026-11-20T09:30:05Z", "10.244.2.15",
                            ("apps/v1", "ReplicaSet", rs["metadata"]["name"], rs["metadata"]["uid"]), l,
                            ready_conds("2026-11-20T09:30:05Z", False)))

# default: web (2 containers) with a service, endpoints, ingress
rs, l = deployment("web", "default", "nginx:1.27", 2, 1, {"app": "web"}, "2026-11-10T10:00:00Z",
                   ports=[{"name": "http", "containerPort": 80, "protocol": "TCP"}])
for i, (sfx, ip, ok) in enumerate((("5c8vt", "10.244.1.20", True), ("q2r4m", "10.244.2.21", False))):
    cs = [container("nginx", "nginx:1.27", [{"name": "http", "containerPort": 80, "protocol": "TCP"}]),
          container("log-shipper", "fluent/fluent-bit:3.1")]
    st = [running("log-shipper", "fluent/fluent-bit:3.1", "2026-11-10T10:00:30Z"),
          running("nginx", "nginx:1.27", "2026-11-10T10:00:30Z", 0, ok)]
    add("default", "pods", pod(rs["metadata"]["name"] + "-" + sfx, "default", "node-cpu-1" if i == 0 else "node-gpu-1",
                               cs, st, "Running", "2026-11-10T10:00:10Z", ip,
                               ("apps/v1", "ReplicaSet", rs["metadata"]["name"], rs["metadata"]["uid"]), l,
                               ready_conds("2026-11-10T10:00:30Z", ok)))
# default: a pod being deleted
add("default", "pods", pod("old-web-7d9c4", "default", "node-cpu-1", [container("nginx", "nginx:1.25")],
                           [running("nginx", "nginx:1.25", "2026-11-01T10:00:30Z")], "Running",
                           "2026-11-01T10:00:10Z", "10.244.1.9", labels={"app": "old-web"},
                           conds=ready_conds("2026-11-01T10:00:30Z"),
                           extra_meta={"deletionTimestamp": "2026-11-20T09:59:00Z", "deletionGracePeriodSeconds": 30}))

# ml-train: trainer StatefulSet, CrashLoopBackOff with a previous log
sts = add("ml-train", "statefulsets.apps", {
    "apiVersion": "apps/v1", "kind": "StatefulSet",
    "metadata": meta("trainer", "ml-train", created="2026-11-19T08:00:00Z", labels={"app": "trainer"}),
    "spec": {"replicas": 1, "serviceName": "trainer", "selector": {"matchLabels": {"app": "trainer"}},
             "template": {"metadata": {"labels": {"app": "trainer"}},
                          "spec": {"containers": [container("trainer", "ghcr.io/example/trainer:1.4.0", gpu=True)]}},
             "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"],
                                                                              "resources": {"requests": {"storage": "100Gi"}}}}]},
    "status": {"replicas": 1, "readyReplicas": 0, "currentReplicas": 1, "updatedReplicas": 1, "availableReplicas": 0,
               "observedGeneration": 1, "collisionCount": 0}})
s = {"name": "trainer", "image": "ghcr.io/example/trainer:1.4.0",
     "imageID": "ghcr.io/example/trainer@sha256:" + "b" * 64, "containerID": "containerd://" + "c" * 64,
     "ready": False, "started": False, "restartCount": 7,
     "state": {"waiting": {"reason": "CrashLoopBackOff",
                           "message": "back-off 5m0s restarting failed container=trainer pod=trainer-0_ml-train(x)"}},
     "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2026-11-20T09:52:10Z",
                                  "finishedAt": "2026-11-20T09:52:40Z", "containerID": "containerd://" + "c" * 64}}}
trainer = add("ml-train", "pods", pod("trainer-0", "ml-train", "node-gpu-1",
                                      [container("trainer", "ghcr.io/example/trainer:1.4.0", gpu=True,
                                                 env=[{"name": "NCCL_DEBUG", "value": "INFO"}])],
                                      [s], "Running", "2026-11-19T08:00:05Z", "10.244.2.10",
                                      ("apps/v1", "StatefulSet", "trainer", sts["metadata"]["uid"]),
                                      {"app": "trainer", "apps.kubernetes.io/pod-index": "0"},
                                      ready_conds("2026-11-20T09:52:40Z", False)))
# its claim from the StatefulSet's volumeClaimTemplates ("Used By" in the
# claim's describe text)
trainer["spec"]["volumes"] = [{"name": "data", "persistentVolumeClaim": {"claimName": "data-trainer-0"}}]
trainer["spec"]["containers"][0]["volumeMounts"] = [{"name": "data", "mountPath": "/data"}]


# ml-train: jobs: preprocess (Complete) and big-job (Pending, unschedulable)
def job(name, ns, created, complete, pod_labels):
    j = {"apiVersion": "batch/v1", "kind": "Job",
         "metadata": meta(name, ns, created=created, labels={"job-name": name}),
         "spec": {"parallelism": 1, "completions": 1, "backoffLimit": 6,
                  "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "uid-" + name}},
                  "template": {"metadata": {"labels": pod_labels},
                               "spec": {"containers": [container(name, "ghcr.io/example/%s:1.0" % name)],
                                        "restartPolicy": "Never"}}},
         "status": {"startTime": created}}
    if complete:
        j["status"].update({"completionTime": "2026-11-19T06:12:31Z", "succeeded": 1,
                            "conditions": [{"type": "SuccessCriteriaMet", "status": "True",
                                            "lastProbeTime": "2026-11-19T06:12:31Z",
                                            "lastTransitionTime": "2026-11-19T06:12:31Z"},
                                           {"type": "Complete", "status": "True",
                                            "lastProbeTime": "2026-11-19T06:12:31Z",
                                            "lastTransitionTime": "2026-11-19T06:12:31Z"}]})
    else:
        j["status"]["active"] = 1
    return add(ns, "jobs.batch", j)


j = job("preprocess", "ml-train", "2026-11-19T06:00:00Z", True, {"job-name": "preprocess"})
s = {"name": "preprocess", "image": "ghcr.io/example/preprocess:1.0", "imageID": "", "ready": False, "started": False,
     "restartCount": 0, "lastState": {},
     "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": "2026-11-19T06:00:10Z",
                              "finishedAt": "2026-11-19T06:12:30Z", "containerID": "containerd://" + "d" * 64}}}
add("ml-train", "pods", pod("preprocess-x8v2n", "ml-train", "node-cpu-1",
                            [container("preprocess", "ghcr.io/example/preprocess:1.0")], [s], "Succeeded",
                            "2026-11-19T06:00:01Z", "10.244.1.30", ("batch/v1", "Job", "preprocess", j["metadata"]["uid"]),
                            {"job-name": "preprocess"},
                            [cond("Initialized", "True", "2026-11-19T06:00:01Z", "PodCompleted"),
                             cond("Ready", "False", "2026-11-19T06:12:31Z", "PodCompleted"),
                             cond("PodScheduled", "True", "2026-11-19T06:00:01Z")]))
j = job("big-job", "ml-train", "2026-11-20T09:00:00Z", False, {"job-name": "big-job"})
add("ml-train", "pods", pod("big-job-7mx4k", "ml-train", None,
                            [container("big-job", "ghcr.io/example/big-job:1.0", gpu=True)], None, "Pending",
                            "2026-11-20T09:00:01Z", None, ("batch/v1", "Job", "big-job", j["metadata"]["uid"]),
                            {"job-name": "big-job"},
                            [cond("PodScheduled", "False", "2026-11-20T09:00:01Z", "Unschedulable",
                                  "0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) had untolerated "
                                  "taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are "
                                  "available: 1 No preemption victims found for incoming pod, 1 Preemption is not "
                                  "helpful for scheduling.")]))
# ml-train: an evicted pod
add("ml-train", "pods", pod("etl-6b7f9-ddx2k", "ml-train", "node-cpu-1", [container("etl", "ghcr.io/example/etl:0.9")],
                            None, "Failed", "2026-11-18T09:00:00Z", None, labels={"app": "etl"},
                            conds=[], status_extra={"reason": "Evicted",
                                                    "message": "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91136Ki."}))

# gpu-operator: the DCGM exporter DaemonSet and its pod on the GPU node
ds = add("gpu-operator", "daemonsets.apps", {
    "apiVersion": "apps/v1", "kind": "DaemonSet",
    "metadata": meta("nvidia-dcgm-exporter", "gpu-operator", created="2026-11-02T12:05:00Z",
                     labels={"app": "nvidia-dcgm-exporter"}),
    "spec": {"selector": {"matchLabels": {"app": "nvidia-dcgm-exporter"}},
             "template": {"metadata": {"labels": {"app": "nvidia-dcgm-exporter"}},
                          "spec": {"nodeSelector": {"nvidia.com/gpu.present": "true"},
                                   "containers": [container("nvidia-dcgm-exporter",
                                                            "nvcr.io/nvidia/k8s/dcgm-exporter:3.3.8-3.6.0-ubuntu22.04",
                                                            [{"name": "metrics", "containerPort": 9400, "protocol": "TCP"}])]}}},
    "status": {"currentNumberScheduled": 1, "desiredNumberScheduled": 1, "numberAvailable": 1, "numberReady": 1,
               "numberMisscheduled": 0, "updatedNumberScheduled": 1, "observedGeneration": 1}})
add("gpu-operator", "pods", pod("nvidia-dcgm-exporter-4xq8z", "gpu-operator", "node-gpu-1",
                                [container("nvidia-dcgm-exporter", "nvcr.io/nvidia/k8s/dcgm-exporter:3.3.8-3.6.0-ubuntu22.04",
                                           [{"name": "metrics", "containerPort": 9400, "protocol": "TCP"}])],
                                [running("nvidia-dcgm-exporter",
                                         "nvcr.io/nvidia/k8s/dcgm-exporter:3.3.8-3.6.0-ubuntu22.04",
                                         "2026-11-02T12:06:00Z")],
                                "Running", "2026-11-02T12:05:10Z", "10.244.2.3",
                                ("apps/v1", "DaemonSet", "nvidia-dcgm-exporter", ds["metadata"]["uid"]),
                                {"app": "nvidia-dcgm-exporter"}, ready_conds("2026-11-02T12:06:00Z")))


# ---- services and endpoints ----
def service(name, ns, ports, selector, created, stype="ClusterIP", ip="10.96.0.1", lb=None):
    s = {"apiVersion": "v1", "kind": "Service", "metadata": meta(name, ns, created=created),
         "spec": {"type": stype, "clusterIP": ip, "clusterIPs": [ip], "ports": ports, "sessionAffinity": "None",
                  "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack"}, "status": {"loadBalancer": {}}}
    if selector:
        s["spec"]["selector"] = selector
    if lb:
        s["status"]["loadBalancer"] = {"ingress": [{"ip": lb}]}
    add(ns, "services", s)


# (service, namespace, [(ip, ready)], ports, created): EndpointSlices, made
# after everything else so that the uids above stay as they were
slices = []


def endpoints(name, ns, addrs, ports, created):
    e = {"apiVersion": "v1", "kind": "Endpoints", "metadata": meta(name, ns, created=created)}
    if addrs:
        e["subsets"] = [{"addresses": [{"ip": a} for a in addrs], "ports": ports}]
    add(ns, "endpoints", e)
    slices.append((name, ns, [(a, True) for a in addrs], ports, created))


service("kubernetes", "default", [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}], None,
        "2026-10-01T12:00:00Z")
endpoints("kubernetes", "default", ["10.0.0.11"], [{"name": "https", "port": 6443, "protocol": "TCP"}],
          "2026-10-01T12:00:00Z")
service("web", "default", [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80, "nodePort": 30080}],
        {"app": "web"}, "2026-11-10T10:00:00Z", "LoadBalancer", "10.96.12.40", "203.0.113.10")
endpoints("web", "default", ["10.244.1.20"], [{"name": "http", "port": 80, "protocol": "TCP"}], "2026-11-10T10:00:00Z")
slices[-1][2].append(("10.244.2.21", False))  # the web pod that is not ready
service("kube-dns", "kube-system", [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53}],
        {"k8s-app": "kube-dns"}, "2026-10-01T12:01:00Z", ip="10.96.0.10")
endpoints("kube-dns", "kube-system", ["10.244.1.2"], [{"name": "dns", "port": 53, "protocol": "UDP"}],
          "2026-10-01T12:01:00Z")
service("nvidia-dcgm-exporter", "gpu-operator", [{"name": "metrics", "port": 9400, "protocol": "TCP", "targetPort": 9400}],
        {"app": "nvidia-dcgm-exporter"}, "2026-11-02T12:05:00Z", ip="10.96.30.7")
endpoints("nvidia-dcgm-exporter", "gpu-operator", ["10.244.2.3"], [{"name": "metrics", "port": 9400, "protocol": "TCP"}],
          "2026-11-02T12:05:00Z")
service("inference", "ml-train", [{"name": "http", "port": 8080, "protocol": "TCP", "targetPort": 8080}],
        {"app": "inference"}, "2026-11-20T09:30:00Z", ip="10.96.40.2")
endpoints("inference", "ml-train", [], [], "2026-11-20T09:30:00Z")

# ---- ingress ----
add("default", "ingresses.networking.k8s.io", {
    "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
    "metadata": meta("web", "default", created="2026-11-10T10:00:00Z"),
    "spec": {"ingressClassName": "nginx", "tls": [{"hosts": ["web.example.com"], "secretName": "web-tls"}],
             "rules": [{"host": "web.example.com", "http": {"paths": [{"path": "/", "pathType": "Prefix",
                                                                       "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]},
    "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.10"}]}}})

# ---- storage ----
pvc_bound = add("ml-train", "persistentvolumeclaims", {
    "apiVersion": "v1", "kind": "PersistentVolumeClaim",
    "metadata": meta("data-trainer-0", "ml-train", created="2026-11-19T08:00:00Z", labels={"app": "trainer"}),
    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "100Gi"}},
             "storageClassName": "fast-ssd", "volumeMode": "Filesystem", "volumeName": "pvc-0f3a"},
    "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "100Gi"}}})
add("ml-train", "persistentvolumeclaims", {
    "apiVersion": "v1", "kind": "PersistentVolumeClaim",
    "metadata": meta("scratch", "ml-train", created="2026-11-20T09:00:00Z"),
    "spec": {"accessModes": ["ReadWriteMany"], "resources": {"requests": {"storage": "1Ti"}},
             "storageClassName": "nfs-missing", "volumeMode": "Filesystem"},
    "status": {"phase": "Pending"}})
add("_cluster", "persistentvolumes", {
    "apiVersion": "v1", "kind": "PersistentVolume", "metadata": meta("pvc-0f3a", created="2026-11-19T08:00:02Z"),
    "spec": {"capacity": {"storage": "100Gi"}, "accessModes": ["ReadWriteOnce"],
             "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "fast-ssd", "volumeMode": "Filesystem",
             "claimRef": {"kind": "PersistentVolumeClaim", "namespace": "ml-train", "name": "data-trainer-0",
                          "uid": pvc_bound["metadata"]["uid"]},
             "csi": {"driver": "ebs.csi.aws.com", "volumeHandle": "vol-0abc"}},
    "status": {"phase": "Bound"}})

# ---- configmaps and secrets (metadata and key names only) ----
for ns in ("default", "gpu-operator", "kube-system", "ml-train"):
    add(ns, "configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                           "metadata": meta("kube-root-ca.crt", ns, created="2026-10-01T12:00:00Z"),
                           "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"}})
add("ml-train", "configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                               "metadata": meta("trainer-config", "ml-train", created="2026-11-19T08:00:00Z"),
                               "data": {"epochs": "40", "batch_size": "512", "lr": "0.0003"}})
add("ml-train", "secrets", {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                            "metadata": meta("hf-token", "ml-train", created="2026-11-19T08:00:00Z"),
                            "data": {"token": ""}})
add("default", "secrets", {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
                           "metadata": meta("web-tls", "default", created="2026-11-10T10:00:00Z"),
                           "data": {"tls.crt": "", "tls.key": ""}})

# ---- a CRD and a custom resource ----
add("_cluster", "customresourcedefinitions.apiextensions.k8s.io", {
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": meta("inferenceservices.serving.kserve.io", created="2026-10-05T12:00:00Z"),
    "spec": {"group": "serving.kserve.io", "scope": "Namespaced",
             "names": {"plural": "inferenceservices", "singular": "inferenceservice", "kind": "InferenceService",
                       "listKind": "InferenceServiceList", "shortNames": ["isvc"]},
             "versions": [{"name": "v1beta1", "served": True, "storage": True,
                           "additionalPrinterColumns": [
                               {"name": "URL", "type": "string", "jsonPath": ".status.url"},
                               {"name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type=='Ready')].status"},
                               {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}],
                           "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}}}]},
    "status": {"acceptedNames": {"plural": "inferenceservices", "kind": "InferenceService"}}})
add("ml-train", "inferenceservices.serving.kserve.io", {
    "apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
    "metadata": meta("llama-chat", "ml-train", created="2026-11-20T09:30:00Z"),
    "spec": {"predictor": {"model": {"modelFormat": {"name": "huggingface"}, "storageUri": "hf://example/llama"}}},
    "status": {"url": "http://llama-chat.ml-train.example.com",
               "conditions": [{"type": "Ready", "status": "False", "reason": "PredictorNotReady"}]}})


# a custom resource whose group discovery did not list: served from its items
add("ml-train", "workflows.argoproj.io", {
    "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
    "metadata": meta("nightly-eval-8k2x", "ml-train", created="2026-11-20T02:00:00Z"),
    "spec": {"entrypoint": "eval"}, "status": {"phase": "Failed"}})


# ---- events ----
def event(ns, obj_kind, obj_name, obj_uid, reason, etype, msg, first, last, count, comp, host=None, field=None,
          obj_ns=None):
    e = {"apiVersion": "v1", "kind": "Event",
         "metadata": meta("%s.%016x" % (obj_name, uid_n[0] * 7919), ns, created=first),
         "involvedObject": {"kind": obj_kind, "name": obj_name, "uid": obj_uid, "apiVersion": "v1"},
         "reason": reason, "message": msg, "type": etype, "count": count,
         "firstTimestamp": first, "lastTimestamp": last, "source": {"component": comp}}
    if obj_ns:
        e["involvedObject"]["namespace"] = obj_ns
    if host:
        e["source"]["host"] = host
    if field:
        e["involvedObject"]["fieldPath"] = field
    return add(ns, "events", e)


def pod_by(name):
    for (ns, r), items in objs.items():
        if r == "pods":
            for p in items:
                if p["metadata"]["name"].startswith(name):
                    return p
    raise KeyError(name)


p = pod_by("trainer-0")
event("ml-train", "Pod", "trainer-0", p["metadata"]["uid"], "Pulled", "Normal",
      'Container image "ghcr.io/example/trainer:1.4.0" already present on machine', "2026-11-20T08:10:00Z",
      "2026-11-20T09:52:09Z", 8, "kubelet", "node-gpu-1", "spec.containers{trainer}", "ml-train")
event("ml-train", "Pod", "trainer-0", p["metadata"]["uid"], "BackOff", "Warning",
      "Back-off restarting failed container trainer in pod trainer-0_ml-train(%s)" % p["metadata"]["uid"],
      "2026-11-20T08:12:00Z", "2026-11-20T09:58:30Z", 31, "kubelet", "node-gpu-1", "spec.containers{trainer}", "ml-train")
p = pod_by("data-loader")
event("ml-train", "Pod", p["metadata"]["name"], p["metadata"]["uid"], "BackOff", "Warning",
      "Back-off restarting failed container data-loader", "2026-11-20T09:46:00Z", "2026-11-20T09:56:00Z", 4,
      "kubelet", "node-gpu-1", "spec.containers{data-loader}", "ml-train")
p = pod_by("inference")
event("ml-train", "Pod", p["metadata"]["name"], p["metadata"]["uid"], "Failed", "Warning",
      'Failed to pull image "ghcr.io/example/inference:v9-missing": rpc error: code = NotFound desc = failed to pull '
      'and unpack image "ghcr.io/example/inference:v9-missing": not found', "2026-11-20T09:30:20Z",
      "2026-11-20T09:57:00Z", 7, "kubelet", "node-gpu-1", "spec.containers{inference}", "ml-train")
event("ml-train", "Pod", p["metadata"]["name"], p["metadata"]["uid"], "BackOff", "Normal",
      'Back-off pulling image "ghcr.io/example/inference:v9-missing"', "2026-11-20T09:30:40Z",
      "2026-11-20T09:59:00Z", 110, "kubelet", "node-gpu-1", "spec.containers{inference}", "ml-train")
p = pod_by("big-job")
event("ml-train", "Pod", p["metadata"]["name"], p["metadata"]["uid"], "FailedScheduling", "Warning",
      "0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) had untolerated taint "
      "{node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption victims "
      "found for incoming pod, 1 Preemption is not helpful for scheduling.",
      "2026-11-20T09:00:01Z", "2026-11-20T09:55:01Z", 12, "default-scheduler", obj_ns="ml-train")
p = pod_by("etl")
event("ml-train", "Pod", p["metadata"]["name"], p["metadata"]["uid"], "Evicted", "Warning",
      "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91136Ki.",
      "2026-11-18T10:00:00Z", "2026-11-18T10:00:00Z", 1, "kubelet", "node-cpu-1", obj_ns="ml-train")
n = nodes[1]
event("default", "Node", "node-gpu-1", n["metadata"]["uid"], "NodeHasSufficientMemory", "Normal",
      "Node node-gpu-1 status is now: NodeHasSufficientMemory", "2026-11-20T07:00:00Z", "2026-11-20T07:00:00Z", 1,
      "kubelet", "node-gpu-1")
event("default", "Node", "node-gpu-1", n["metadata"]["uid"], "XidError", "Warning",
      "GPU 0000:3b:00.0 reported Xid 79: GPU has fallen off the bus", "2026-11-20T09:41:12Z",
      "2026-11-20T09:41:12Z", 1, "nvidia-device-plugin", "node-gpu-1")

# ---- metrics.k8s.io ----
add("_cluster", "nodes.metrics.k8s.io", {
    "kind": "NodeMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
    "metadata": {"name": "node-cpu-1", "creationTimestamp": END, "labels": nodes[0]["metadata"]["labels"]},
    "timestamp": "2026-11-20T09:59:45Z", "window": "20.033s", "usage": {"cpu": "1873m", "memory": "12871468Ki"}})
add("_cluster", "nodes.metrics.k8s.io", {
    "kind": "NodeMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
    "metadata": {"name": "node-gpu-1", "creationTimestamp": END, "labels": nodes[1]["metadata"]["labels"]},
    "timestamp": "2026-11-20T09:59:45Z", "window": "20.033s", "usage": {"cpu": "20410m", "memory": "98304Mi"}})
for ns, name, ctr, cpu, mem in (("kube-system", coredns["metadata"]["name"], "coredns", "3m", "21Mi"),
                                ("gpu-operator", "nvidia-dcgm-exporter-4xq8z", "nvidia-dcgm-exporter", "12m", "310Mi")):
    add(ns, "pods.metrics.k8s.io", {
        "kind": "PodMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
        "metadata": {"name": name, "namespace": ns, "creationTimestamp": END},
        "timestamp": "2026-11-20T09:59:45Z", "window": "18.5s",
        "containers": [{"name": ctr, "usage": {"cpu": cpu, "memory": mem}}]})

# ---- endpoint slices and node leases ----
for name, ns, eps, ports, created in slices:
    add(ns, "endpointslices.discovery.k8s.io", {
        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": meta(name + "-" + hashlib.sha1(name.encode()).hexdigest()[:5], ns, created=created,
                         labels={"kubernetes.io/service-name": name,
                                 "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}),
        "addressType": "IPv4",
        "endpoints": [{"addresses": [ip], "conditions": {"ready": ok, "serving": ok, "terminating": False}}
                      for ip, ok in eps],
        "ports": ports})
namespaces.append({"apiVersion": "v1", "kind": "Namespace",
                   "metadata": meta("kube-node-lease", created="2026-10-01T12:00:00Z",
                                    labels={"kubernetes.io/metadata.name": "kube-node-lease"}),
                   "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})
for n in nodes:
    nm = n["metadata"]
    add("kube-node-lease", "leases.coordination.k8s.io", {
        "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
        "metadata": meta(nm["name"], "kube-node-lease", created=nm["creationTimestamp"],
                         ownerReferences=[{"apiVersion": "v1", "kind": "Node", "name": nm["name"], "uid": nm["uid"]}]),
        "spec": {"holderIdentity": nm["name"], "leaseDurationSeconds": 40,
                 "renewTime": "2026-11-20T09:59:52.481026Z"}})

for n in nodes:
    add("_cluster", "nodes", n)
for n in namespaces:
    add("_cluster", "namespaces", n)


# ---- discovery ----
def r(name, kind, nsd, short=None, cats=None, verbs=("get", "list", "watch"), singular=None):
    d = {"name": name, "singularName": singular if singular is not None else kind.lower(), "namespaced": nsd,
         "kind": kind, "verbs": list(verbs)}
    if short:
        d["shortNames"] = short
    if cats:
        d["categories"] = cats
    return d


api_resources = [
    {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "v1", "resources": [
        r("configmaps", "ConfigMap", True, ["cm"]),
        r("endpoints", "Endpoints", True, ["ep"]),
        r("events", "Event", True, ["ev"]),
        r("namespaces", "Namespace", False, ["ns"]),
        r("nodes", "Node", False, ["no"]),
        r("nodes/proxy", "NodeProxyOptions", False, verbs=("get",), singular=""),
        r("persistentvolumeclaims", "PersistentVolumeClaim", True, ["pvc"]),
        r("persistentvolumes", "PersistentVolume", False, ["pv"]),
        r("pods", "Pod", True, ["po"], ["all"]),
        r("pods/log", "Pod", True, verbs=("get",), singular=""),
        r("pods/proxy", "PodProxyOptions", True, verbs=("get",), singular=""),
        r("secrets", "Secret", True),
        r("services", "Service", True, ["svc"], ["all"])]},
    {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "apps/v1", "resources": [
        r("daemonsets", "DaemonSet", True, ["ds"], ["all"]),
        r("deployments", "Deployment", True, ["deploy"], ["all"]),
        r("replicasets", "ReplicaSet", True, ["rs"], ["all"]),
        r("statefulsets", "StatefulSet", True, ["sts"], ["all"])]},
    {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "batch/v1", "resources": [
        r("jobs", "Job", True, None, ["all"])]},
    {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "networking.k8s.io/v1", "resources": [
        r("ingresses", "Ingress", True, ["ing"])]},
    {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "discovery.k8s.io/v1", "resources": [
        r("endpointslices", "EndpointSlice", True)]},
    {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "apiextensions.k8s.io/v1", "resources": [
        r("customresourcedefinitions", "CustomResourceDefinition", False, ["crd", "crds"])]},
    {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "coordination.k8s.io/v1", "resources": [
        r("leases", "Lease", True)]},
    {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "serving.kserve.io/v1beta1", "resources": [
        r("inferenceservices", "InferenceService", True, ["isvc"], ["all"])]},
    {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "metrics.k8s.io/v1beta1", "resources": [
        r("nodes", "NodeMetrics", False, verbs=("get", "list")),
        r("pods", "PodMetrics", True, verbs=("get", "list"))]},
]

version = {"major": "1", "minor": "30", "gitVersion": "v1.30.4", "gitCommit": "a51b3b711150f57ffc1f526a640ec058514ed596",
           "gitTreeState": "clean", "buildDate": "2024-08-14T19:04:17Z", "goVersion": "go1.22.5", "compiler": "gc",
           "platform": "linux/amd64"}


# ---- logs ----
def lines(start_s, msgs, step=1):
    out = []
    base = 1763632800  # 2025-11-20T10:00:00Z minus a year; only the clock matters below
    for i, m in enumerate(msgs):
        out.append("%s %s" % (ts(start_s + i * step), m))
    return "\n".join(out) + "\n"


def ts(epoch_s):
    import datetime
    d = datetime.datetime.fromtimestamp(epoch_s, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%09dZ" % (123456789 + (epoch_s % 7) * 1000)


import calendar, time


def at(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


files = {}
files["logs/ml-train/trainer-0/trainer.previous.log"] = lines(at("2026-11-20T09:52:10Z"), [
    "INFO starting trainer rank=0 world_size=8",
    "NCCL INFO Bootstrap : Using eth0:10.244.2.10<0>",
    "INFO loading checkpoint s3://example-ckpt/step-12000",
    "NCCL WARN Cuda failure 'unspecified launch failure'",
    "RuntimeError: CUDA error: unspecified launch failure",
    "ERROR trainer exited with code 1"], 5)
files["logs/ml-train/trainer-0/trainer.log"] = lines(at("2026-11-20T09:57:41Z"), [
    "INFO starting trainer rank=0 world_size=8",
    "NCCL INFO Bootstrap : Using eth0:10.244.2.10<0>",
    "RuntimeError: CUDA error: an illegal memory access was encountered"], 2)
dl = pod_by("data-loader")["metadata"]["name"]
files["logs/ml-train/%s/data-loader.log" % dl] = lines(at("2026-11-20T09:50:00Z"), [
    "loading shard %d of 64 (rss=%d MiB)" % (i, 600 + i * 190) for i in range(8)], 30)
files["logs/ml-train/%s/data-loader.previous.log" % dl] = lines(at("2026-11-20T09:40:00Z"), [
    "loading shard %d of 64 (rss=%d MiB)" % (i, 600 + i * 190) for i in range(8)], 30)
files["logs/kube-system/%s/coredns.log" % coredns["metadata"]["name"]] = lines(at("2026-10-01T12:02:00Z"), [
    ".:53", "[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df5",
    "CoreDNS-1.11.1", "linux/amd64, go1.20.7, ae2bbc2"], 1)
files["logs/gpu-operator/nvidia-dcgm-exporter-4xq8z/nvidia-dcgm-exporter.log"] = lines(at("2026-11-02T12:06:00Z"), [
    'time="2026-11-02T12:06:00Z" level=info msg="Starting dcgm-exporter"',
    'time="2026-11-02T12:06:01Z" level=info msg="DCGM successfully initialized!"',
    'time="2026-11-02T12:06:02Z" level=info msg="Starting webserver"'], 1)
for p in objs[("default", "pods")]:
    for c in p["spec"]["containers"]:
        if p["metadata"]["name"].startswith("web-"):
            files["logs/default/%s/%s.log" % (p["metadata"]["name"], c["name"])] = lines(
                at("2026-11-20T09:59:00Z"), ['10.244.1.1 - - "GET / HTTP/1.1" 200 615' if c["name"] == "nginx"
                                             else "[output:stdout] flushed 12 records"] * 3, 10)
files["logs/ml-train/preprocess-x8v2n/preprocess.log"] = lines(at("2026-11-19T06:00:10Z"), [
    "preprocessing 1200000 records", "wrote 64 shards", "done"], 60)
files["nodes/node-gpu-1/logs/kern.log"] = (
    "Nov 20 09:41:12 node-gpu-1 kernel: [1234567.890123] NVRM: GPU at PCI:0000:3b:00: GPU-6a1b2c3d-0000-1111-2222-333344445555\n"
    "Nov 20 09:41:12 node-gpu-1 kernel: [1234567.890456] NVRM: Xid (PCI:0000:3b:00): 79, pid=0, name=trainer, GPU has fallen off the bus.\n"
    "Nov 20 09:41:13 node-gpu-1 kernel: [1234568.001000] NVRM: GPU 0000:3b:00.0: GPU has fallen off the bus.\n")
files["nodes/node-gpu-1/logs/syslog"] = (
    "Nov 20 09:41:12 node-gpu-1 kernel: [1234567.890456] NVRM: Xid (PCI:0000:3b:00): 79, pid=0, name=trainer, GPU has fallen off the bus.\n"
    "Nov 20 09:41:20 node-gpu-1 kubelet[1432]: I1120 09:41:20.000000 1432 kubelet.go:2400] \"SyncLoop (PLEG): event for pod\"\n")
files["nodes/node-cpu-1/logs/kern.log"] = (
    "Nov 20 07:00:00 node-cpu-1 kernel: [ 0.000000] Linux version 5.15.0-122-generic (buildd@lcy02-amd64-106)\n")
gpu_lines = ["# HELP DCGM_FI_DEV_GPU_TEMP GPU temperature (in C).", "# TYPE DCGM_FI_DEV_GPU_TEMP gauge"]
for g in range(8):
    gpu_lines.append('DCGM_FI_DEV_GPU_TEMP{gpu="%d",UUID="GPU-6a1b2c3d-0000-1111-2222-33334444%04d",device="nvidia%d",'
                     'modelName="NVIDIA H100 80GB HBM3",Hostname="node-gpu-1"} %d' % (g, g, g, 41 + g))
gpu_lines += ["# HELP DCGM_FI_DEV_XID_ERRORS Value of the last XID error encountered.",
              "# TYPE DCGM_FI_DEV_XID_ERRORS gauge"]
for g in range(8):
    gpu_lines.append('DCGM_FI_DEV_XID_ERRORS{gpu="%d",UUID="GPU-6a1b2c3d-0000-1111-2222-33334444%04d",device="nvidia%d",'
                     'modelName="NVIDIA H100 80GB HBM3",Hostname="node-gpu-1"} %d' % (g, g, g, 79 if g == 0 else 0))
files["nodes/node-gpu-1/dcgm-exporter.prom"] = "\n".join(gpu_lines) + "\n"

# ---- write ----
if os.path.isdir(OUT):
    shutil.rmtree(OUT)
os.makedirs(OUT)


def put(path, data):
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    if not isinstance(data, str):
        data = json.dumps(data, indent=1, sort_keys=True) + "\n"
    with open(full, "w") as f:
        f.write(data)


put("cluster/version.json", version)
put("cluster/api-resources.json", api_resources)
for (ns, res), items in sorted(objs.items()):
    items.sort(key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
    put("resources/%s/%s.json" % (ns, res), {"kind": "List", "apiVersion": "v1", "metadata": {}, "items": items})
for path, text in sorted(files.items()):
    put(path, text)
entries = []
for root, dirs, names in os.walk(OUT):
    for n in names:
        full = os.path.join(root, n)
        rel = os.path.relpath(full, OUT)
        data = open(full, "rb").read()
        entries.append({"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
entries.sort(key=lambda e: e["path"])
collectors = [{"name": c, "status": "ok", "duration_ms": 120, "error": None}
              for c in ("discovery", "resources", "logs", "events", "node-logs", "gpu-metrics", "metrics")]
put("manifest.json", {"format_version": 1, "tool_version": "0.1.0", "kind": "cluster", "cluster": "mini-cluster",
                      "server": "127.0.0.1", "kubernetes_version": "v1.30.4",
                      "collection": {"start": START, "end": END},
                      "parameters": {"namespaces": [], "since": None, "max_log_lines": 10000,
                                     "max_log_bytes": 5242880, "redact": True},
                      "collectors": collectors, "gaps": [], "complete": True, "redactions": {},
                      "files": entries})
print("wrote", OUT)
