#!/usr/bin/env python3
"""Proves two `analyze serve` binaries answer the same, byte for byte.

    bench/serve_check.py OLD_ANALYZE NEW_ANALYZE BUNDLE... [--per-kind N]

For each bundle it starts both servers and asks each the same requests:
discovery, every served kind listed (all namespaces, as JSON and as a
Table, whole and in pages of 7), up to N objects of each kind (default
40) as JSON and as a Table, list requests with a label selector (the
object's first label) and a field selector (metadata.name, and for pods
spec.nodeName, for events involvedObject.name), and each pod's log
(default container, tailLines=5). It prints one line per bundle and
every answer that differs (status, content type or body), and exits 1
when any did. Runs are independent of time: AGE columns count from the
bundle's collection time.
"""
import hashlib
import json
import os
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io"


class Server:
    started = 0

    def __init__(self, analyze, bundle, work):
        Server.started += 1     # a fresh kubeconfig path for every server
        self.kc = os.path.join(work, "kc-%d" % Server.started)
        self.log = open(os.path.join(work, "serve-%d.log" % Server.started),
                        "w")
        self.proc = subprocess.Popen(
            [analyze, "serve", bundle, "--kubeconfig-out", self.kc],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 600
        while not (os.path.exists(self.kc) and os.path.getsize(self.kc)):
            if self.proc.poll() is not None or time.time() > deadline:
                raise SystemExit("%s did not start on %s" % (analyze, bundle))
            time.sleep(0.02)
        text = open(self.kc).read()
        self.url = text.split("server: ", 1)[1].split()[0]
        self.token = text.split("token: ", 1)[1].split()[0]
        self.ctx = ssl.create_default_context()
        self.ctx.check_hostname = False
        self.ctx.verify_mode = ssl.CERT_NONE

    def get(self, path, accept=None):
        req = urllib.request.Request(self.url + path)
        req.add_header("Authorization", "Bearer " + self.token)
        if accept:
            req.add_header("Accept", accept)
        try:
            with urllib.request.urlopen(req, context=self.ctx,
                                        timeout=120) as r:
                return r.status, r.headers.get("Content-Type"), r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type"), e.read()

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        self.log.close()


def q(**kw):
    return "?" + urllib.parse.urlencode(kw)


def requests_for(srv, per_kind):
    """The requests to compare, made from what the old server lists."""
    out = ["/version", "/api", "/apis", "/api/v1"]
    _, _, body = srv.get("/apis")
    groups = json.loads(body).get("groups", [])
    gvs = ["v1"] + [v["groupVersion"] for g in groups
                    for v in g.get("versions", [])]
    for gv in gvs:
        base = "/api/v1" if gv == "v1" else "/apis/" + gv
        out.append(base)
        _, _, body = srv.get(base)
        for res in json.loads(body).get("resources", []):
            name = res["name"]
            if "/" in name or "list" not in res.get("verbs", []):
                continue
            lst = base + "/" + name
            out += [lst, (lst, TABLE), lst + q(limit=7),
                    (lst + q(limit=7), TABLE)]
            _, _, body = srv.get(lst)
            try:
                items = json.loads(body).get("items") or []
            except ValueError:
                continue
            for it in items[:per_kind]:
                md = it.get("metadata", {})
                ns, nm = md.get("namespace"), md.get("name")
                if not nm:
                    continue
                pre = base + ("/namespaces/%s" % urllib.parse.quote(ns)
                              if ns and res.get("namespaced") else "")
                one = pre + "/" + name + "/" + urllib.parse.quote(nm)
                out += [one, (one, TABLE),
                        pre + "/" + name + q(fieldSelector="metadata.name=" + nm)]
                labels = md.get("labels") or {}
                if labels:
                    k, v = sorted(labels.items())[0]
                    sel = pre + "/" + name + q(labelSelector="%s=%s" % (k, v))
                    out += [sel, (sel, TABLE)]
                if name == "pods" and gv == "v1":
                    node = it.get("spec", {}).get("nodeName", "")
                    out += [lst + q(fieldSelector="spec.nodeName=" + node),
                            one + "/log" + q(tailLines=5)]
                if name == "events" and gv == "v1":
                    io = it.get("involvedObject", {}).get("name", "")
                    out.append(lst + q(
                        fieldSelector="involvedObject.name=" + io))
    return out


def check(old, new, bundle, per_kind, work):
    a = Server(old, bundle, work)
    b = Server(new, bundle, work)
    diffs = 0
    try:
        reqs = requests_for(a, per_kind)
        digest = hashlib.sha256()
        for r in reqs:
            path, accept = r if isinstance(r, tuple) else (r, None)
            ra, rb = a.get(path, accept), b.get(path, accept)
            digest.update(repr(ra).encode())
            if ra != rb:
                diffs += 1
                if diffs <= 10:
                    print("  DIFFERS: %s %s: old %s %d bytes, new %s %d bytes"
                          % (path, accept or "", ra[0], len(ra[2]), rb[0],
                             len(rb[2])))
        print("%s: %d requests, %d differ (answers %s)" % (
            bundle, len(reqs), diffs, digest.hexdigest()[:12]))
    finally:
        a.stop()
        b.stop()
    return diffs


def main(argv):
    per_kind = 40
    if "--per-kind" in argv:
        i = argv.index("--per-kind")
        per_kind = int(argv[i + 1])
        del argv[i:i + 2]
    if len(argv) < 3:
        raise SystemExit(__doc__)
    old, new, bundles = argv[0], argv[1], argv[2:]
    bad = 0
    with tempfile.TemporaryDirectory() as work:
        for b in bundles:
            bad += check(old, new, b, per_kind, work)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
