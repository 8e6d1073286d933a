#!/usr/bin/env python3
"""Writes a large synthetic cluster as a bundle folder (the layout of
docs/bundle-format.md) for collect's benchmark, to be served by sb-testapi:
PODS pods (default 2000) in 20 namespaces on 50 nodes (8 with GPUs and a
DCGM exporter each), their deployments, replica sets and services, about
two events a pod, a log per container (LOG_LINES timestamped lines, default
200; every 10th pod has a sidecar, every 25th a previous log after a
restart) and kernel logs on the GPU nodes. Deterministic.
NODES and GPU_NODES in the environment change the node counts (the scale
bench: 5,000 nodes, 500 of them with GPUs, for 150,000 pods).
Streams: every file, the Lists and manifest.json too, is written as it
is made; what stays in memory is the nodes, the Services' backends and a
size and hash a file (32 MB at 20,000 pods, where holding the Lists took
211 MB, and 1.5 GB at 150,000 pods).

usage: gen_cluster.py OUT_DIR [PODS] [LOG_LINES]
"""
import hashlib, json, os, random, shutil, sys

OUT = sys.argv[1]
PODS = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
LINES = int(sys.argv[3]) if len(sys.argv) > 3 else 200
NS, PER_APP = 20, 10
NODES = int(os.environ.get("NODES", 50))
GPU_NODES = int(os.environ.get("GPU_NODES", 8))
assert 0 < GPU_NODES < NODES, "GPU_NODES must be fewer than NODES"
rnd = random.Random(42)
files = {}


def put(path, data):
    if not isinstance(data, (bytes, str)):
        data = json.dumps(data, indent=1)
    if isinstance(data, str):
        data = data.encode()
    p = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)
    # sizes and hashes only: the scale bench's cluster is gigabytes
    files[path] = (len(data), hashlib.sha256(data).hexdigest())


def lst(items):
    return {"apiVersion": "v1", "kind": "List", "metadata": {}, "items": items}


class ListFile:
    """A List written item by item as the items are made, with the bytes
    json.dumps(lst(items), indent=1) would give: at 150,000 pods the
    lists would otherwise all be held in memory until the end (gigabytes
    of dicts). 'head' is the document's text up to its last member's '['
    (that member an array of items two levels deep)."""
    HEAD = '{\n "apiVersion": "v1",\n "kind": "List",\n "metadata": {},\n "items": ['

    def __init__(self, path, head=HEAD):
        self.path = path
        p = os.path.join(OUT, path)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        self.f = open(p, "wb")
        self.h = hashlib.sha256()
        self.size = 0
        self.n = 0
        self._write(head)

    def _write(self, text):
        data = text.encode()
        self.f.write(data)
        self.h.update(data)
        self.size += len(data)

    def add(self, item):
        # an item sits two levels deep: its lines get two more spaces
        text = json.dumps(item, indent=1).replace("\n", "\n  ")
        self._write(("\n  " if self.n == 0 else ",\n  ") + text)
        self.n += 1

    def close(self):
        self._write("\n ]\n}" if self.n else "]\n}")
        self.f.close()
        files[self.path] = (self.size, self.h.hexdigest())


n_uid = [0]


def meta(name, ns=None, **kw):
    n_uid[0] += 1
    m = {"name": name, "uid": "00000000-0000-4000-9000-%012d" % n_uid[0],
         "resourceVersion": str(5000 + n_uid[0]),
         "creationTimestamp": "2026-11-20T08:00:00Z"}
    if ns:
        m["namespace"] = ns
    m.update(kw)
    return m


WORDS = ("request served in ms status 200 GET /api/v1/items worker started "
         "batch loss epoch step gradient sync allreduce NCCL INFO WARN cache "
         "hit miss checkpoint saved throughput tokens/s queue depth").split()


def ip(prefix, i):
    """An address for the i-th pod or service; past 64,000 the third
    octet would pass 255, so the second one counts too."""
    if i < 64000:
        return "%s.%d.%d" % (prefix, i // 250, i % 250)
    a, b = prefix.split(".")
    return "%s.%d.%d.%d" % (a, int(b) + i // 64000, i // 250 % 256, i % 250)


def log_text(seed, n):
    r = random.Random(seed)
    # randrange(a, b) and choice() draw _randbelow(b - a) and
    # _randbelow(len) (CPython): called directly, the same lines a third
    # faster, which counts at 165,000 logs
    below, nw = r._randbelow, len(WORDS)
    out = []
    for i in range(n):
        out.append("2026-11-20T09:%02d:%02d.%09dZ %s" % (
            i * 50 // n, i % 60, below(10 ** 9),
            " ".join([WORDS[below(nw)] for _ in range(6 + below(10))])))
    return "\n".join(out) + "\n"


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    def res(name, kind, namespaced, verbs=("get", "list", "watch")):
        return {"name": name, "singularName": "" if "/" in name else kind.lower(), "namespaced": namespaced,
                "kind": kind, "verbs": list(verbs)}
    put("cluster/api-resources.json", [
        {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "v1", "resources": [
            res("events", "Event", True), res("namespaces", "Namespace", False), res("nodes", "Node", False),
            res("nodes/proxy", "NodeProxyOptions", False, ("get",)), res("pods", "Pod", True),
            res("pods/log", "Pod", True, ("get",)), res("pods/proxy", "PodProxyOptions", True, ("get",)),
            res("replicationcontrollers", "ReplicationController", True), res("services", "Service", True)]},
        {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "apps/v1", "resources": [
            res("daemonsets", "DaemonSet", True), res("deployments", "Deployment", True),
            res("replicasets", "ReplicaSet", True)]},
        {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "discovery.k8s.io/v1", "resources": [
            res("endpointslices", "EndpointSlice", True)]}])
    put("cluster/version.json", {"major": "1", "minor": "30", "gitVersion": "v1.30.4",
                                 "platform": "linux/amd64", "compiler": "gc"})
    nodes = []
    for i in range(NODES):
        gpu = i < GPU_NODES
        name = "gpu-node-%02d" % i if gpu else "cpu-node-%02d" % i
        if NODES > 100:
            name = "gpu-node-%04d" % i if gpu else "cpu-node-%04d" % i
        labels = {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}
        cap = {"cpu": "64", "memory": "263891012Ki", "pods": "110"}
        if gpu:
            labels["nvidia.com/gpu.present"] = "true"
            cap["nvidia.com/gpu"] = "8"
        nodes.append({"apiVersion": "v1", "kind": "Node", "metadata": meta(name, labels=labels),
                      "spec": {}, "status": {
                          "capacity": cap, "allocatable": dict(cap),
                          "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                          "message": "kubelet is posting ready status",
                                          "lastHeartbeatTime": "2026-11-20T09:59:00Z",
                                          "lastTransitionTime": "2026-11-20T08:00:00Z"}],
                          "addresses": [{"type": "InternalIP", "address": "10.0.%d.%d" % ((i + 10) // 250, (i + 10) % 250)},
                                        {"type": "Hostname", "address": name}],
                          "nodeInfo": {"kubeletVersion": "v1.30.4", "osImage": "Ubuntu 22.04.4 LTS",
                                       "containerRuntimeVersion": "containerd://1.7.13",
                                       "kernelVersion": "5.15.0-105-generic", "architecture": "amd64",
                                       "operatingSystem": "linux"}}})
        if gpu:
            kern = "".join("Nov 20 09:%02d:%02d %s kernel: [%d.%06d] %s\n" % (
                j // 60, j % 60, name, 1000 + j, j, rnd.choice(
                    ["eth0: link up", "EXT4-fs (nvme0n1p1): re-mounted", "nvidia-uvm: Loaded",
                     "NVRM: GPU at PCI:0000:%02x:00: GPU-%d" % (j % 8, j)])) for j in range(LINES))
            put("nodes/%s/logs/kern.log" % name, kern)
            put("nodes/%s/logs/syslog" % name, kern)
            prom = "".join('DCGM_FI_DEV_GPU_TEMP{gpu="%d",Hostname="%s"} %d\n' % (g, name, 40 + g)
                           for g in range(8))
            put("nodes/%s/dcgm-exporter.prom" % name,
                "# HELP DCGM_FI_DEV_GPU_TEMP GPU temperature (in C).\n"
                "# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n" + prom)
    put("resources/_cluster/nodes.json", lst(nodes))
    namespaces = ["team-%02d" % i for i in range(NS)] + ["gpu-operator"]
    put("resources/_cluster/namespaces.json", lst([
        {"apiVersion": "v1", "kind": "Namespace", "metadata": meta(n), "status": {"phase": "Active"}}
        for n in namespaces]))
    # every kind kubectl cluster-info dump lists, so each namespace has it;
    # each list is written as its items are made
    def list_path(ns, plural):
        suffix = ".apps" if plural in ("deployments", "replicasets", "daemonsets") else \
            ".discovery.k8s.io" if plural == "endpointslices" else ""
        return "resources/%s/%s%s.json" % (ns, plural, suffix)
    per_ns = {n: {p: ListFile(list_path(n, p))
                  for p in ("pods", "events", "deployments", "replicasets", "services",
                            "daemonsets", "replicationcontrollers", "endpointslices")}
              for n in namespaces}
    services = set()    # (ns, app) of every Service made
    backends = {}   # (ns, app) -> [(pod IP, pod name)]: the services' EndpointSlices
    for g in range(GPU_NODES):
        ns = "gpu-operator"
        name = "nvidia-dcgm-exporter-%05d" % g
        node = nodes[g]["metadata"]["name"]
        per_ns[ns]["pods"].add({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": meta(name, ns, labels={"app": "nvidia-dcgm-exporter"}),
            "spec": {"nodeName": node, "containers": [{
                "name": "nvidia-dcgm-exporter", "image": "nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5",
                "ports": [{"name": "metrics", "containerPort": 9400, "protocol": "TCP"}]}]},
            "status": {"phase": "Running", "containerStatuses": [{
                "name": "nvidia-dcgm-exporter", "ready": True, "restartCount": 0,
                "state": {"running": {"startedAt": "2026-11-20T08:01:00Z"}}}]}})
        put("logs/%s/%s/nvidia-dcgm-exporter.log" % (ns, name), log_text(name, LINES))
    for i in range(PODS - GPU_NODES):
        ns = namespaces[i % NS]
        app = "app-%04d" % (i // PER_APP)
        name = "%s-7d9c4b-%05d" % (app, i)
        node = nodes[i % GPU_NODES if i % 5 == 0 else
                     GPU_NODES + i % (NODES - GPU_NODES)]["metadata"]["name"]
        containers = [{"name": "main", "image": "registry.example.com/%s:1.0" % app,
                       "env": [{"name": "MODE", "value": "prod"}],
                       "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
                                     "limits": {"memory": "512Mi"}}}]
        if i % 10 == 0:
            containers.append({"name": "sidecar", "image": "registry.example.com/sidecar:2.1"})
        restarted = i % 25 == 0
        statuses = [{"name": c["name"], "ready": True, "restartCount": 3 if restarted and c["name"] == "main" else 0,
                     "state": {"running": {"startedAt": "2026-11-20T09:00:00Z"}},
                     **({"lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                                                      "finishedAt": "2026-11-20T08:59:58Z"}}}
                        if restarted and c["name"] == "main" else {})} for c in containers]
        per_ns[ns]["pods"].add({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": meta(name, ns, labels={"app": app},
                             ownerReferences=[{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                               "name": app + "-7d9c4b", "uid": "rs-" + app, "controller": True}]),
            "spec": {"nodeName": node, "containers": containers, "restartPolicy": "Always"},
            "status": {"phase": "Running", "podIP": ip("10.244", i),
                       "hostIP": "10.0.0.1", "containerStatuses": statuses,
                       "conditions": [{"type": "Ready", "status": "True"}]}})
        # only pods with their app's Service in their namespace are kept
        # as backends: the app's first pod makes the Service (below), its
        # other pods fall in other namespaces unless PER_APP > NS
        if i % PER_APP == 0 or (ns, app) in services:
            backends.setdefault((ns, app), []).append((ip("10.244", i), name))
        for c in containers:
            put("logs/%s/%s/%s.log" % (ns, name, c["name"]), log_text(name + c["name"], LINES))
        if restarted:
            put("logs/%s/%s/main.previous.log" % (ns, name),
                log_text(name + "prev", LINES // 4) + "2026-11-20T08:59:58.000000000Z Traceback: KeyError 'DB_URL'\n")
        for e in range(2):
            per_ns[ns]["events"].add({
                "apiVersion": "v1", "kind": "Event",
                "metadata": meta("%s.%x" % (name, 0x17a0000 + e), ns),
                "involvedObject": {"kind": "Pod", "namespace": ns, "name": name, "apiVersion": "v1"},
                "reason": "Pulled" if e == 0 else ("BackOff" if restarted else "Started"),
                "message": "Successfully pulled image" if e == 0 else "Started container main",
                "type": "Normal" if not (restarted and e) else "Warning",
                "source": {"component": "kubelet", "host": node}, "count": 1 + e,
                "firstTimestamp": "2026-11-20T09:00:00Z", "lastTimestamp": "2026-11-20T09:0%d:00Z" % e})
        if i % PER_APP == 0:
            # the Deployment owns the ReplicaSet that owns the pods (uids
            # match), with the same template: describe's NewReplicaSet and
            # Pods Status have something to find
            template = {"metadata": {"labels": {"app": app}}, "spec": {"containers": containers}}
            dmeta = meta(app, ns, labels={"app": app})
            dmeta["uid"] = "dep-" + app
            per_ns[ns]["deployments"].add({
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": dmeta,
                "spec": {"replicas": PER_APP, "selector": {"matchLabels": {"app": app}},
                         "template": template},
                "status": {"replicas": PER_APP, "readyReplicas": PER_APP, "availableReplicas": PER_APP}})
            rmeta = meta(app + "-7d9c4b", ns, labels={"app": app, "pod-template-hash": "7d9c4b"},
                         ownerReferences=[{"apiVersion": "apps/v1", "kind": "Deployment", "name": app,
                                           "uid": "dep-" + app, "controller": True}])
            rmeta["uid"] = "rs-" + app
            per_ns[ns]["replicasets"].add({
                "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": rmeta,
                "spec": {"replicas": PER_APP, "selector": {"matchLabels": {"app": app}},
                         "template": template},
                "status": {"replicas": PER_APP, "readyReplicas": PER_APP}})
            per_ns[ns]["services"].add({
                "apiVersion": "v1", "kind": "Service", "metadata": meta(app, ns),
                "spec": {"selector": {"app": app}, "type": "ClusterIP", "clusterIP": ip("10.96", i),
                         "ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP"}]}})
            services.add((ns, app))
    for (ns, app), pods in backends.items():
        if (ns, app) not in services:   # not a scan of all services
            continue
        per_ns[ns]["endpointslices"].add({
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": meta(app + "-x7q2z", ns, labels={"kubernetes.io/service-name": app}),
            "addressType": "IPv4",
            "endpoints": [{"addresses": [ip], "conditions": {"ready": True},
                           "targetRef": {"kind": "Pod", "namespace": ns, "name": pod}}
                          for ip, pod in pods],
            "ports": [{"port": 8080, "protocol": "TCP"}]})
    for kinds in per_ns.values():
        for lf in kinds.values():
            lf.close()
    manifest = {"format_version": 1, "tool_version": "bench", "kind": "cluster", "cluster": "bench-2k",
                "server": "127.0.0.1", "kubernetes_version": "v1.30.4",
                "collection": {"start": "2026-11-20T09:59:30Z", "end": "2026-11-20T10:00:00Z"},
                "complete": True, "gaps": [], "collectors": [], "redactions": {},
                "files": []}
    # "files" is the last member: its entries are streamed like a List's
    head = json.dumps(manifest, indent=1)
    assert head.endswith('"files": []\n}')
    listing = sorted(files.items())
    mf = ListFile("manifest.json", head[:-len("]\n}")])
    for p, (n, h) in listing:
        mf.add({"path": p, "size": n, "sha256": h})
    mf.close()
    print("%s: %d pods, %d files, %.1f MB" % (OUT, PODS, len(files),
                                            sum(n for n, _ in files.values()) / 1e6))


main()
