#!/usr/bin/env python3
"""Writes a folder laid out as NVIDIA GPU Operator's must-gather script
writes it (hack/must-gather.sh in NVIDIA/gpu-operator): flat files from
kubectl get -oyaml, kubectl logs (the operands' with --all-containers
--prefix), get/describe text and a driver pod's nvidia-bug-report.log.gz,
which the script builds by appending one gzip stream per section.

The cluster: gpu-node-1's GPU at 0000:3b:00 fell off the bus (Xid 79,
logged in the kernel log files, each boot's journal and dmesg), its
device plugin marks it unhealthy, the driver DaemonSet is not fully
ready and the ClusterPolicy is notReady. gpu-node-2 is healthy.

    gen_gpuop_mustgather.py DIR [--healthy]
"""
import gzip, json, os, sys

top = sys.argv[1]
healthy = "--healthy" in sys.argv[2:]
os.makedirs(top, exist_ok=True)
NS = "gpu-operator"
T0 = "2026-12-01T09:00:00Z"


def put(name, text, mode="w"):
    with open(os.path.join(top, name), mode) as f:
        f.write(text)


def pod(name, app, node, containers, ready=True, restarts=0, waiting=None):
    statuses = []
    for c in containers:
        st = {"running": {"startedAt": T0}}
        if waiting:
            st = {"waiting": {"reason": waiting}}
        statuses.append({"name": c, "ready": ready, "restartCount": restarts,
                         "image": "nvcr.io/nvidia/%s:v1" % c,
                         "imageID": "", "started": ready, "state": st,
                         "lastState": {}})
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": NS,
                     "uid": "uid-" + name, "creationTimestamp": T0,
                     "labels": {"app": app}},
        "spec": {"nodeName": node,
                 "containers": [{"name": c, "image": "nvcr.io/nvidia/%s:v1" % c}
                                for c in containers]},
        "status": {"phase": "Running", "podIP": "10.0.0.9",
                   "startTime": T0,
                   "conditions": [{"type": "Ready",
                                   "status": "True" if ready else "False"}],
                   "containerStatuses": statuses},
    }


# JSON is YAML: kubectl's -oyaml output parses the same either way
def yaml_of(obj):
    return json.dumps(obj, indent=2) + "\n"


operator = pod("gpu-operator-7d9f8c6b5-x2x9q", "gpu-operator", "cpu-node-1",
               ["gpu-operator"])
plugin1 = pod("nvidia-device-plugin-daemonset-4kq7p",
              "nvidia-device-plugin-daemonset", "gpu-node-1",
              ["nvidia-device-plugin"])
plugin2 = pod("nvidia-device-plugin-daemonset-9zzx2",
              "nvidia-device-plugin-daemonset", "gpu-node-2",
              ["nvidia-device-plugin"])
driver1 = pod("nvidia-driver-daemonset-m5t2k", "nvidia-driver-daemonset",
              "gpu-node-1", ["nvidia-driver-ctr"], ready=healthy,
              restarts=0 if healthy else 7,
              waiting=None if healthy else "CrashLoopBackOff")
driver2 = pod("nvidia-driver-daemonset-q8w3e", "nvidia-driver-daemonset",
              "gpu-node-2", ["nvidia-driver-ctr"])
pods = [operator, plugin1, plugin2, driver1, driver2]

put("gpu_operator_pod.yaml", yaml_of(operator))
put("gpu_operand_pods.yaml", yaml_of({"apiVersion": "v1", "kind": "List",
                                      "items": pods, "metadata": {}}))
put("cluster_policy.yaml", yaml_of({
    "apiVersion": "nvidia.com/v1", "kind": "ClusterPolicy",
    "metadata": {"name": "cluster-policy", "uid": "uid-cp",
                 "creationTimestamp": T0},
    "spec": {"driver": {"enabled": True}},
    "status": {"state": "ready" if healthy else "notReady",
               "namespace": NS}}))


def ds(name, desired, ready):
    return {"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": name, "namespace": NS, "uid": "uid-" + name,
                         "creationTimestamp": T0, "generation": 1,
                         "labels": {"app": name}},
            "spec": {"selector": {"matchLabels": {"app": name}}},
            "status": {"desiredNumberScheduled": desired,
                       "currentNumberScheduled": desired,
                       "numberReady": ready, "numberAvailable": ready,
                       "numberUnavailable": desired - ready,
                       "updatedNumberScheduled": desired,
                       "observedGeneration": 1}}


put("gpu_operand_ds.yaml", yaml_of({
    "apiVersion": "v1", "kind": "List", "metadata": {},
    "items": [ds("nvidia-driver-daemonset", 2, 2 if healthy else 1),
              ds("nvidia-device-plugin-daemonset", 2, 2)]}))

put("gpu_nodes.labels", "gpu-node-1\n- nvidia.com/gpu.present=true\n\n")
put("gpu_nodes.status", "NAME         STATUS   ROLES    AGE   VERSION\n"
    "gpu-node-1   Ready    <none>   30d   v1.29.4\n")
put("gpu_nodes.descr", "Name:               gpu-node-1\n")
put("gpu_operand_pods.status", "NAME   READY   STATUS\n")
put("gpu_operand_ds.status", "NAME   DESIRED   CURRENT\n")
put("gpu_operand_pod_images.txt", "\n%s:\tnvcr.io/nvidia/gpu-operator:v1 \n"
    % operator["metadata"]["name"])
put("must-gather.log", "Get the operator namespaces\n")

# the operator's own log: `kubectl logs POD`, no prefix
put("gpu_operator_pod.log",
    "{\"level\":\"info\",\"ts\":1764579600,\"msg\":\"ClusterPolicy step "
    "completed\",\"state\":\"state-driver\",\"status\":\"%s\"}\n"
    % ("ready" if healthy else "notReady"))
put("gpu_operator_pod.previous.log", "")

XID = ("NVRM: Xid (PCI:0000:3b:00): 79, pid=1912, name=python3, "
       "GPU has fallen off the bus.")
plugin_lines = [
    "I1201 09:00:01.000000       1 main.go:245] Starting Plugins.",
    "I1201 09:00:02.000000       1 server.go:165] Starting GRPC server "
    "for 'nvidia.com/gpu'",
]
if not healthy:
    plugin_lines.append(
        "I1201 09:12:00.000000       1 health.go:151] XidCriticalError: "
        "Xid=79 on Device=GPU-5b7c1f0e-3c1d-4b5e-9a3c-2d4e6f8a0b1c, the "
        "device will go unhealthy.")
for p_, lines in ((plugin1, plugin_lines), (plugin2, plugin_lines[:2])):
    n = p_["metadata"]["name"]
    c = p_["spec"]["containers"][0]["name"]
    put("gpu_operand_pod_%s.log" % n,
        "".join("[pod/%s/%s] %s\n" % (n, c, l) for l in lines))
    put("gpu_operand_pod_%s.previous.log" % n, "")
    put("gpu_operand_pod_%s.descr" % n, "Name: %s\n" % n)
for d in (driver1, driver2):
    n = d["metadata"]["name"]
    put("gpu_operand_pod_%s.log" % n,
        "[pod/%s/nvidia-driver-ctr] Loading NVIDIA driver kernel modules...\n"
        % n)

# nvidia-bug-report.log.gz: one gzip stream per appended section
RULE = "_" * 44
sections = [
    "%s\n\nStart of NVIDIA bug report log file.\n\nnvidia-bug-report.sh "
    "Version: 36113301\n\nDate: Tue Dec  1 09:20:00 UTC 2026\n" % RULE,
    "%s\n\n*** /proc/driver/nvidia/./version\nNVRM version: NVIDIA UNIX "
    "x86_64 Kernel Module  580.95.05\n" % RULE,
]
if not healthy:
    kern = "Dec  1 09:11:58 gpu-node-1 kernel: [712345.678901] " + XID
    journal = "Dec 01 09:11:58 gpu-node-1 kernel: " + XID
    sections.append(
        "%s\n\nScanning kernel log files for NVIDIA kernel messages:\n\n"
        "  /var/log/messages:\n%s\n\n  journalctl -b -0:\n%s\n" %
        (RULE, kern, journal))
    sections.append("%s\n\ndmesg:\n\n[712345.678901] %s\n" % (RULE, XID))
else:
    sections.append("%s\n\nScanning kernel log files for NVIDIA kernel "
                    "messages:\n\nNo NVIDIA kernel messages found in recent "
                    "systemd journal entries.\n" % RULE)
    sections.append("%s\n\ndmesg:\n\n[    5.000000] nvidia: loading "
                    "out-of-tree module taints kernel.\n" % RULE)
with open(os.path.join(top, "nvidia-bug-report_gpu-node-1.log.gz"), "wb") as f:
    for s in sections:
        f.write(gzip.compress(s.encode()))
