#!/usr/bin/env python3
"""Writes one small cluster in every input format analyze and analyze serve
read, each in the layout its own tool writes (learnt from the tools'
sources, not copied from real customer data):

  sbundle/        our bundle: manifest.json, resources/<ns>/<plural>[.<group>].json,
                  logs/<ns>/<pod>/<container>[.previous].log
  troubleshoot/   a Replicated support bundle folder (top folder named like
                  theirs, support-bundle-<time>): cluster-resources/<kind>/<ns>.json,
                  cluster-resources/<kind>.json, custom-resources/<crd>/<ns>.yaml,
                  cluster-resources/pods/logs/<ns>/<pod>/<c>[-previous].log,
                  cluster-info/cluster_version.json, version.yaml
  dump/           kubectl cluster-info dump --output-directory (kubectl >= 1.14):
                  nodes.json, <ns>/{pods,events,...}.json, <ns>/<pod>/logs.txt
  dump-1.13/      the same from kubectl <= 1.13, which printed the internal
                  types: capitalised Go field names ("Items", "Spec",
                  "ContainerStatuses", "InvolvedObject"), ObjectMeta inline
  must-gather/    oc adm must-gather: must-gather.local.<n>/<image folder>/ with
                  timestamp, namespaces/<ns>/<ns>.yaml,
                  namespaces/<ns>/<group>/<plural>.yaml,
                  cluster-scoped-resources/<group>/<plural>/<name>.yaml,
                  namespaces/<ns>/pods/<pod>/<pod>.yaml and
                  namespaces/<ns>/pods/<pod>/<c>/<c>/logs/{current,previous}.log
                  (logs with timestamps, as oc adm inspect asks for them)

The cluster: two nodes, one NotReady; CoreDNS crash-looping with a previous
log; a training pod Pending on Insufficient cpu; a healthy web Deployment
with its Service and Endpoints. Deterministic: run it again and nothing
changes.  Usage: gen_formats.py [OUT_DIR]"""
import hashlib, json, os, shutil, sys

import yaml

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
END = "2026-11-20T10:00:00Z"
uid_n = [0]


def uid():
    uid_n[0] += 1
    return "10000000-0000-4000-8000-%012d" % uid_n[0]


def meta(name, ns=None, created="2026-11-01T08:00:00Z", labels=None, owner=None):
    m = {"name": name, "uid": uid(), "resourceVersion": str(2000 + uid_n[0]),
         "creationTimestamp": created}
    if ns:
        m["namespace"] = ns
    if labels:
        m["labels"] = labels
    if owner:
        m["ownerReferences"] = [{"apiVersion": owner[0], "kind": owner[1], "name": owner[2],
                                 "uid": owner[3], "controller": True, "blockOwnerDeletion": True}]
    return m


def node(name, ip, ready, version):
    cond = [
        {"type": "MemoryPressure", "status": "False", "reason": "KubeletHasSufficientMemory",
         "lastHeartbeatTime": "2026-11-20T09:59:00Z", "lastTransitionTime": "2026-11-01T08:00:00Z",
         "message": "kubelet has sufficient memory available"},
    ]
    if ready:
        cond.append({"type": "Ready", "status": "True", "reason": "KubeletReady",
                     "message": "kubelet is posting ready status",
                     "lastHeartbeatTime": "2026-11-20T09:59:00Z",
                     "lastTransitionTime": "2026-11-01T08:01:00Z"})
    else:
        cond.append({"type": "Ready", "status": "Unknown", "reason": "NodeStatusUnknown",
                     "message": "Kubelet stopped posting node status.",
                     "lastHeartbeatTime": "2026-11-20T08:10:00Z",
                     "lastTransitionTime": "2026-11-20T08:14:00Z"})
    n = {"apiVersion": "v1", "kind": "Node",
         "metadata": meta(name, labels={"kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}),
         "spec": {"podCIDR": "10.244.%d.0/24" % (1 if ready else 2)},
         "status": {"capacity": {"cpu": "4", "memory": "16318120Ki", "pods": "110"},
                    "allocatable": {"cpu": "4", "memory": "16215720Ki", "pods": "110"},
                    "conditions": cond,
                    "addresses": [{"type": "InternalIP", "address": ip},
                                  {"type": "Hostname", "address": name}],
                    "nodeInfo": {"kubeletVersion": version, "kubeProxyVersion": version,
                                 "osImage": "Ubuntu 22.04.4 LTS", "kernelVersion": "5.15.0-105-generic",
                                 "containerRuntimeVersion": "containerd://1.7.12",
                                 "operatingSystem": "linux", "architecture": "amd64"}}}
    if not ready:
        n["spec"]["taints"] = [{"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule",
                                "timeAdded": "2026-11-20T08:14:00Z"}]
    return n


def cluster(version):
    uid_n[0] = 0
    ns = [{"apiVersion": "v1", "kind": "Namespace", "metadata": meta(n),
           "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
          for n in ("default", "kube-system", "ml")]
    nodes = [node("node-a", "10.0.0.11", True, version), node("node-b", "10.0.0.12", False, version)]
    dep_uid = uid()
    rs_uid = uid()
    web_dep = {"apiVersion": "apps/v1", "kind": "Deployment",
               "metadata": dict(meta("web", "default", labels={"app": "web"}), uid=dep_uid, generation=1),
               "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                        "template": {"metadata": {"labels": {"app": "web"}},
                                     "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}}},
               "status": {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "readyReplicas": 1,
                          "availableReplicas": 1,
                          "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                                          "lastTransitionTime": "2026-11-01T08:02:00Z",
                                          "lastUpdateTime": "2026-11-01T08:02:00Z",
                                          "message": "Deployment has minimum availability."}]}}
    web_rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": dict(meta("web-6d4cf56db6", "default", labels={"app": "web"},
                                    owner=("apps/v1", "Deployment", "web", dep_uid)), uid=rs_uid),
              "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}}},
              "status": {"replicas": 1, "readyReplicas": 1, "availableReplicas": 1}}
    web_pod = {"apiVersion": "v1", "kind": "Pod",
               "metadata": meta("web-6d4cf56db6-x7k2p", "default", labels={"app": "web"},
                                owner=("apps/v1", "ReplicaSet", "web-6d4cf56db6", rs_uid)),
               "spec": {"nodeName": "node-a", "containers": [
                   {"name": "web", "image": "nginx:1.25", "ports": [{"containerPort": 80, "protocol": "TCP"}],
                    "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]},
               "status": {"phase": "Running", "podIP": "10.244.1.5", "hostIP": "10.0.0.11",
                          "startTime": "2026-11-01T08:01:10Z", "qosClass": "Burstable",
                          "conditions": [{"type": "Ready", "status": "True",
                                          "lastTransitionTime": "2026-11-01T08:01:20Z"},
                                         {"type": "PodScheduled", "status": "True",
                                          "lastTransitionTime": "2026-11-01T08:01:00Z"}],
                          "containerStatuses": [{"name": "web", "ready": True, "started": True, "restartCount": 0,
                                                 "image": "nginx:1.25", "imageID": "docker.io/library/nginx@sha256:0a1b",
                                                 "containerID": "containerd://aa01",
                                                 "state": {"running": {"startedAt": "2026-11-01T08:01:15Z"}},
                                                 "lastState": {}}]}}
    dns_pod = {"apiVersion": "v1", "kind": "Pod",
               "metadata": meta("coredns-5d78c9869d-qm4tz", "kube-system", labels={"k8s-app": "kube-dns"}),
               "spec": {"nodeName": "node-a", "containers": [
                   {"name": "coredns", "image": "registry.k8s.io/coredns/coredns:v1.10.1",
                    "args": ["-conf", "/etc/coredns/Corefile"],
                    "resources": {"requests": {"cpu": "100m", "memory": "70Mi"}, "limits": {"memory": "170Mi"}}}]},
               "status": {"phase": "Running", "podIP": "10.244.1.3", "hostIP": "10.0.0.11",
                          "startTime": "2026-11-01T08:00:30Z", "qosClass": "Burstable",
                          "conditions": [{"type": "Ready", "status": "False", "reason": "ContainersNotReady",
                                          "lastTransitionTime": "2026-11-20T09:20:00Z"},
                                         {"type": "PodScheduled", "status": "True",
                                          "lastTransitionTime": "2026-11-01T08:00:30Z"}],
                          "containerStatuses": [{"name": "coredns", "ready": False, "started": False, "restartCount": 14,
                                                 "image": "registry.k8s.io/coredns/coredns:v1.10.1",
                                                 "imageID": "registry.k8s.io/coredns/coredns@sha256:a0ea",
                                                 "containerID": "containerd://dd14",
                                                 "state": {"waiting": {"reason": "CrashLoopBackOff",
                                                                       "message": "back-off 5m0s restarting failed container=coredns pod=coredns-5d78c9869d-qm4tz_kube-system"}},
                                                 "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                                                                              "startedAt": "2026-11-20T09:54:40Z",
                                                                              "finishedAt": "2026-11-20T09:54:41Z",
                                                                              "containerID": "containerd://dd13"}}}]}}
    big_pod = {"apiVersion": "v1", "kind": "Pod",
               "metadata": meta("trainer-big", "ml", created="2026-11-20T09:30:00Z", labels={"app": "trainer"}),
               "spec": {"containers": [{"name": "trainer", "image": "ghcr.io/example/trainer:2.1",
                                        "resources": {"requests": {"cpu": "16", "memory": "8Gi"}}}]},
               "status": {"phase": "Pending", "qosClass": "Burstable",
                          "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                                          "lastTransitionTime": "2026-11-20T09:30:01Z",
                                          "message": "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."}]}}
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": meta("web", "default", labels={"app": "web"}),
           "spec": {"type": "ClusterIP", "clusterIP": "10.96.12.7", "clusterIPs": ["10.96.12.7"],
                    "selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80}]}}
    ep = {"apiVersion": "v1", "kind": "Endpoints", "metadata": meta("web", "default", labels={"app": "web"}),
          "subsets": [{"addresses": [{"ip": "10.244.1.5", "nodeName": "node-a",
                                      "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-6d4cf56db6-x7k2p"}}],
                       "ports": [{"name": "http", "port": 80, "protocol": "TCP"}]}]}

    def ev(name, ns, obj, reason, typ, msg, comp, first, last, count):
        return {"apiVersion": "v1", "kind": "Event", "metadata": meta(name, ns, created=first),
                "involvedObject": obj, "reason": reason, "message": msg, "type": typ,
                "source": {"component": comp}, "firstTimestamp": first, "lastTimestamp": last,
                "count": count, "reportingComponent": comp, "reportingInstance": ""}
    events = {
        "kube-system": [ev("coredns-5d78c9869d-qm4tz.17a1", "kube-system",
                           {"kind": "Pod", "namespace": "kube-system", "name": "coredns-5d78c9869d-qm4tz",
                            "uid": dns_pod["metadata"]["uid"], "fieldPath": "spec.containers{coredns}"},
                           "BackOff", "Warning", "Back-off restarting failed container coredns in pod coredns-5d78c9869d-qm4tz_kube-system(%s)" % dns_pod["metadata"]["uid"],
                           "kubelet", "2026-11-20T09:20:00Z", "2026-11-20T09:58:00Z", 160)],
        "ml": [ev("trainer-big.17b2", "ml",
                  {"kind": "Pod", "namespace": "ml", "name": "trainer-big", "uid": big_pod["metadata"]["uid"]},
                  "FailedScheduling", "Warning", big_pod["status"]["conditions"][0]["message"],
                  "default-scheduler", "2026-11-20T09:30:01Z", "2026-11-20T09:55:00Z", 9)],
        "default": [ev("node-b.17c3", "default", {"kind": "Node", "name": "node-b", "uid": nodes[1]["metadata"]["uid"]},
                       "NodeNotReady", "Normal", "Node node-b status is now: NodeNotReady", "node-controller",
                       "2026-11-20T08:14:00Z", "2026-11-20T08:14:00Z", 1)],
    }
    objs = {
        ("", "namespaces", ""): ns,
        ("", "nodes", ""): nodes,
        ("", "pods", "default"): [web_pod],
        ("", "pods", "kube-system"): [dns_pod],
        ("", "pods", "ml"): [big_pod],
        ("apps", "deployments", "default"): [web_dep],
        ("apps", "replicasets", "default"): [web_rs],
        ("", "services", "default"): [svc],
        ("", "endpoints", "default"): [ep],
    }
    for n, evs in events.items():
        objs[("", "events", n)] = evs
    logs = {
        ("default", "web-6d4cf56db6-x7k2p", "web", False): [
            ("2026-11-01T08:01:15.100000000Z", "/docker-entrypoint.sh: Configuration complete; ready for start up"),
            ("2026-11-20T09:59:30.000000000Z", '10.244.1.1 - - [20/Nov/2026:09:59:30 +0000] "GET / HTTP/1.1" 200 615')],
        ("kube-system", "coredns-5d78c9869d-qm4tz", "coredns", False): [],
        ("kube-system", "coredns-5d78c9869d-qm4tz", "coredns", True): [
            ("2026-11-20T09:54:40.120000000Z", "plugin/forward: no nameservers found"),
            ("2026-11-20T09:54:41.010000000Z", "[FATAL] plugin/loop: Loop (127.0.0.1:53 -> :53) detected for zone \".\"")],
    }
    return objs, logs


def wjson(path, doc):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=2, sort_keys=True)
        f.write("\n")


def wyaml(path, doc):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        yaml.safe_dump(doc, f, default_flow_style=False, sort_keys=True)


def wtext(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def lst(kind, items):
    return {"apiVersion": "v1", "kind": kind + "List", "metadata": {"resourceVersion": "9999"}, "items": items}


KINDS = {"namespaces": "Namespace", "nodes": "Node", "pods": "Pod", "deployments": "Deployment",
         "replicasets": "ReplicaSet", "services": "Service", "endpoints": "Endpoints", "events": "Event"}


def log_text(lines, stamps):
    return "".join(("%s %s\n" % (t, m)) if stamps else (m + "\n") for t, m in lines)


def sbundle(out):
    objs, logs = cluster("v1.28.3")
    manifest = {"format": "sbundle/v1", "cluster": "formats-demo", "kubernetes_version": "v1.28.3",
                "collection": {"start": "2026-11-20T09:59:50Z", "end": END}, "complete": True}
    wjson(os.path.join(out, "cluster", "version.json"),
          {"major": "1", "minor": "28", "gitVersion": "v1.28.3", "platform": "linux/amd64"})
    for (g, plural, ns), items in objs.items():
        name = plural + ("." + g if g else "") + ".json"
        wjson(os.path.join(out, "resources", ns or "_cluster", name), lst(KINDS[plural], items))
    for (ns, pod, c, prev), lines in logs.items():
        wtext(os.path.join(out, "logs", ns, pod, c + (".previous" if prev else "") + ".log"), log_text(lines, True))
    files = []
    for d, _, names in sorted(os.walk(out)):
        for n in sorted(names):
            p = os.path.join(d, n)
            rel = os.path.relpath(p, out)
            if rel != "manifest.json":
                data = open(p, "rb").read()
                files.append({"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    wjson(os.path.join(out, "manifest.json"), dict(manifest, files=files))


TS_NAMES = {"namespaces": "namespaces", "nodes": "nodes", "pods": "pods", "deployments": "deployments",
            "replicasets": "replicasets", "services": "services", "endpoints": "endpoints", "events": "events"}


def troubleshoot(out):
    objs, logs = cluster("v1.28.3")
    top = os.path.join(out, "support-bundle-2026-11-20T10_00_00")
    wtext(os.path.join(top, "version.yaml"),
          "apiVersion: troubleshoot.sh/v1beta2\nkind: SupportBundle\nspec:\n  versionNumber: v0.107.1\n")
    wjson(os.path.join(top, "cluster-info", "cluster_version.json"),
          {"info": {"major": "1", "minor": "28", "gitVersion": "v1.28.3", "platform": "linux/amd64"},
           "string": "v1.28.3"})
    for (g, plural, ns), items in objs.items():
        base = os.path.join(top, "cluster-resources")
        path = os.path.join(base, TS_NAMES[plural] + ".json") if not ns else \
            os.path.join(base, TS_NAMES[plural], ns + ".json")
        # troubleshoot writes the typed client's list: items without kind
        stripped = [{k: v for k, v in o.items() if k not in ("kind", "apiVersion")} for o in items]
        wjson(path, lst(KINDS[plural], stripped))
    wjson(os.path.join(top, "cluster-resources", "auth-cani-list", "default.json"), [])
    # kubeadm's own record of the cluster's name: what names a troubleshoot
    # bundle's cluster (fixed uid: the counter would shift the later formats)
    wjson(os.path.join(top, "cluster-resources", "configmaps", "kube-system.json"),
          lst("ConfigMap", [{"metadata": {"name": "kubeadm-config", "namespace": "kube-system",
                                          "uid": "20000000-0000-4000-8000-000000000001",
                                          "creationTimestamp": "2026-11-01T08:00:00Z"},
                             "data": {"ClusterConfiguration":
                                      "apiVersion: kubeadm.k8s.io/v1beta3\nclusterName: gpu-lab-east\n"
                                      "kind: ClusterConfiguration\nkubernetesVersion: v1.28.3\n"}}]))
    for (ns, pod, c, prev), lines in logs.items():
        wtext(os.path.join(top, "cluster-resources", "pods", "logs", ns, pod,
                           c + ("-previous" if prev else "") + ".log"), log_text(lines, False))


DUMP_FILES = {"pods": "pods.json", "events": "events.json", "services": "services.json",
              "deployments": "deployments.json", "replicasets": "replicasets.json"}


def dump(out, capitalised):
    objs, logs = cluster("v1.13.5" if capitalised else "v1.28.3")
    conv = internal if capitalised else (lambda x: x)
    wjson(os.path.join(out, "nodes.json"), conv(lst("Node", objs[("", "nodes", "")])))
    spaces = sorted({ns for (_, _, ns) in objs if ns})
    for ns in spaces:
        for plural, fname in DUMP_FILES.items():
            g = "apps" if plural in ("deployments", "replicasets") else ""
            wjson(os.path.join(out, ns, fname), conv(lst(KINDS[plural], objs.get((g, plural, ns), []))))
        for (lns, pod, c, prev), lines in logs.items():
            if lns != ns or prev:
                continue
            wtext(os.path.join(out, ns, pod, "logs.txt"),
                  "==== START logs for container %s of pod %s/%s ====\n%s==== END logs for container %s of pod %s/%s ====\n"
                  % (c, ns, pod, log_text(lines, False), c, ns, pod))


# Go field names of the internal types that are not the JSON name
# capitalised; everything else is its JSON name with a capital first letter
GO_NAMES = {"lastState": "LastTerminationState", "podIP": "PodIP", "hostIP": "HostIP", "uid": "UID",
            "apiVersion": "APIVersion", "imageID": "ImageID", "containerID": "ContainerID",
            "podCIDR": "PodCIDR", "clusterIP": "ClusterIP", "clusterIPs": "ClusterIPs", "ip": "IP",
            "qosClass": "QOSClass"}
DATA_MAPS = {"labels", "annotations", "limits", "requests", "capacity", "allocatable", "matchLabels", "selector"}
META = {"name", "namespace", "uid", "resourceVersion", "creationTimestamp", "labels", "annotations",
        "ownerReferences", "generation"}


def go_name(k):
    return GO_NAMES.get(k, k[0].upper() + k[1:])


def internal(doc, top=True, key=None):
    """kubectl <= 1.13 printed internal objects: TypeMeta and ObjectMeta
    embedded (so kind, apiVersion and metadata's fields inline, with their
    JSON names), every other field under its Go name."""
    if isinstance(doc, list):
        return [internal(x, top) for x in doc]
    if not isinstance(doc, dict):
        return doc
    if key in DATA_MAPS and not (key == "selector" and "matchLabels" in doc):
        return dict(doc)
    out = {}
    if key in ("state", "lastState"):
        # nil pointers print as null in the internal types' JSON
        doc = dict({"waiting": None, "running": None, "terminated": None}, **doc)
    for k, v in doc.items():
        if top and k == "metadata":
            for mk, mv in v.items():
                out[mk] = mv            # ObjectMeta's own tags: json names
        elif top and k in ("kind", "apiVersion"):
            out[k] = v
        elif top and k == "items":
            out["Items"] = [internal(x, True) for x in v]
        else:
            out[go_name(k)] = internal(v, False, k)
    return out


def mustgather(out):
    objs, logs = cluster("v1.28.3+c5e4d2b")
    top = os.path.join(out, "must-gather.local.5038112390845211337",
                       "quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-5d1d4a1b2c")
    wtext(os.path.join(top, "timestamp"),
          "2026-11-20 09:58:12.123456789 +0000 UTC m=+0.062233961\n"
          "2026-11-20 10:00:00.987654321 +0000 UTC m=+108.926431173\n")
    wtext(os.path.join(top, "version"), "openshift/must-gather 4.15.0\n")
    for (g, plural, ns), items in objs.items():
        group = g or "core"
        if plural == "namespaces":
            for o in items:
                wyaml(os.path.join(top, "namespaces", o["metadata"]["name"], o["metadata"]["name"] + ".yaml"), o)
        elif not ns:
            for o in items:
                wyaml(os.path.join(top, "cluster-scoped-resources", group, plural, o["metadata"]["name"] + ".yaml"), o)
        else:
            wyaml(os.path.join(top, "namespaces", ns, group, plural + ".yaml"), lst(KINDS[plural], items))
            if plural == "pods":
                for o in items:
                    wyaml(os.path.join(top, "namespaces", ns, "pods", o["metadata"]["name"],
                                       o["metadata"]["name"] + ".yaml"), o)
    # the installer's name for the cluster (fixed uid, as above)
    wyaml(os.path.join(top, "cluster-scoped-resources", "config.openshift.io", "infrastructures", "cluster.yaml"),
          {"apiVersion": "config.openshift.io/v1", "kind": "Infrastructure",
           "metadata": {"name": "cluster", "uid": "20000000-0000-4000-8000-000000000002",
                        "creationTimestamp": "2026-11-01T08:00:00Z"},
           "spec": {"platformSpec": {"type": "None"}},
           "status": {"infrastructureName": "ocp-gpu-7xk2p", "platform": "None",
                      "apiServerURL": "https://api.ocp-gpu.example.com:6443"}})
    for (ns, pod, c, prev), lines in logs.items():
        wtext(os.path.join(top, "namespaces", ns, "pods", pod, c, c, "logs",
                           "previous.log" if prev else "current.log"), log_text(lines, True))


def main():
    for name, fn in (("sbundle", sbundle), ("troubleshoot", troubleshoot),
                     ("dump", lambda o: dump(o, False)), ("dump-1.13", lambda o: dump(o, True)),
                     ("must-gather", mustgather)):
        d = os.path.join(OUT, name)
        shutil.rmtree(d, ignore_errors=True)
        fn(d)


if __name__ == "__main__":
    main()
