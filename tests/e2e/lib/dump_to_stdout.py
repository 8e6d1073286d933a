#!/usr/bin/env python3
"""Writes a `kubectl cluster-info dump --output-directory` folder as the
same command writes to its standard output: each list as Go's
json.MarshalIndent of the typed list prints it ("kind", "apiVersion",
"metadata", "items" in that order, four spaces, items without their own
kind and apiVersion), nodes first, then per namespace its lists in the
dump's order, then its pods' logs with their START and END lines.

    dump_to_stdout.py DUMP_DIR > dump.txt
"""
import json, os, sys

top = sys.argv[1]
ORDER = [("events.json", "EventList"),
         ("replication-controllers.json", "ReplicationControllerList"),
         ("services.json", "ServiceList"),
         ("daemonsets.json", "DaemonSetList"),
         ("deployments.json", "DeploymentList"),
         ("replicasets.json", "ReplicaSetList"),
         ("pods.json", "PodList")]


def typed(path, kind):
    d = json.load(open(path))
    items = []
    for it in d.get("items", []):
        it = {k: v for k, v in it.items() if k not in ("kind", "apiVersion")}
        items.append(it)
    api = "apps/v1" if kind in ("DaemonSetList", "DeploymentList",
                                "ReplicaSetList") else "v1"
    return {"kind": kind, "apiVersion": api,
            "metadata": d.get("metadata", {"resourceVersion": "1"}),
            "items": items}


out = sys.stdout
out.write(json.dumps(typed(os.path.join(top, "nodes.json"), "NodeList"),
                     indent=4) + "\n")
for ns in sorted(os.listdir(top)):
    d = os.path.join(top, ns)
    if not os.path.isdir(d):
        continue
    for f, kind in ORDER:
        p = os.path.join(d, f)
        lst = typed(p, kind) if os.path.exists(p) else {
            "kind": kind, "apiVersion": "v1",
            "metadata": {"resourceVersion": "1"}, "items": []}
        out.write(json.dumps(lst, indent=4) + "\n")
    for pod in sorted(os.listdir(d)):
        lp = os.path.join(d, pod, "logs.txt")
        if os.path.exists(lp):
            out.write(open(lp).read())
