#!/bin/bash
# analyze reads every input format through the same reader and finds in each
# what the same cluster's sbundle bundle gives: tests/data/formats/ holds one
# cluster (a node NotReady, CoreDNS crash-looping, a pod Pending on
# Insufficient cpu, a healthy web Deployment) as an sbundle bundle, a
# troubleshoot bundle, kubectl cluster-info dumps (current and the
# capitalised JSON of kubectl <= 1.13) and an OpenShift must-gather. Each is
# also read packed as a .tar.gz, with its top folder renamed and without one.
# The findings (rule, subject) must equal the sbundle bundle's, and each
# format's metadata must come from what it holds.
set -u
A=${SB_BUILD:?}/analyze
D=${SB_SRC:?}/tests/data/formats
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0

# findings as "rule subject-kind/ns/name" lines, collection-gaps aside (what
# a format lacks differs by design)
findings() {
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    if f["rule"] == "collection-gaps":
        continue
    s = f.get("subject") or {}
    print(f["rule"], "%s/%s/%s" % (s.get("kind"), s.get("namespace", ""), s.get("name")))
' "$1" | sort
}
meta() {
    python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))["bundles"][0]
print(b["format"], b["cluster"], b["kubernetes_version"], b["collection"]["end"])
' "$1"
}

"$A" -q "$D/sbundle" -f json -o "$T/sbundle.json" >/dev/null || { echo "FAIL analyze sbundle"; exit 1; }
findings "$T/sbundle.json" >"$T/want"
# the baseline itself: the four problems the cluster has
for want in "node-not-ready Node//node-b" "dns-failure" \
            "pod-crashloop Pod/kube-system/coredns-5d78c9869d-qm4tz" \
            "pod-pending-unschedulable Pod/ml/trainer-big"; do
    grep -q "^$want" "$T/want" || { echo "FAIL baseline lacks '$want'"; cat "$T/want"; exit 1; }
done
echo "ok sbundle baseline: $(wc -l <"$T/want") findings"

# check NAME INPUT WANT-META: same findings as the baseline, metadata as said
check() {
    local name=$1 in=$2 want_meta=$3
    if ! "$A" -q "$in" -f json -o "$T/$name.json" 2>"$T/$name.err" >/dev/null; then
        echo "FAIL $name: analyze failed: $(cat "$T/$name.err")"; fail=1; return
    fi
    if [ -s "$T/$name.err" ]; then
        echo "FAIL $name: warnings: $(cat "$T/$name.err")"; fail=1
    fi
    findings "$T/$name.json" >"$T/$name.got"
    if diff -u "$T/want" "$T/$name.got" >"$T/$name.diff"; then
        echo "ok $name findings"
    else
        echo "FAIL $name findings differ from the sbundle bundle's:"; cat "$T/$name.diff"; fail=1
    fi
    got=$(meta "$T/$name.json")
    if [ "$got" = "$want_meta" ]; then echo "ok $name metadata"; else
        echo "FAIL $name metadata: got '$got', want '$want_meta'"; fail=1; fi
}

# cluster names from what the input holds (troubleshoot's kube-system
# kubeadm-config, must-gather's OpenShift Infrastructure), else the input's
# file or folder name (the dumps hold none);
# versions from their version files; the dumps' from the kubelets (the
# 1.13 dump's nodes run v1.13.5); collection time from must-gather's
# timestamp file, else the newest time the input holds (a node heartbeat)
check troubleshoot "$D/troubleshoot" "troubleshoot gpu-lab-east v1.28.3 2026-11-20T09:59:00Z"
check dump "$D/dump" "cluster-info-dump dump v1.28.3 2026-11-20T09:59:00Z"
check dump-1.13 "$D/dump-1.13" "cluster-info-dump dump-1.13 v1.13.5 2026-11-20T09:59:00Z"
check must-gather "$D/must-gather" "must-gather ocp-gpu-7xk2p v1.28.3+c5e4d2b 2026-11-20T10:00:00Z"
check must-gather-inner "$D/must-gather/must-gather.local.5038112390845211337" \
    "must-gather ocp-gpu-7xk2p v1.28.3+c5e4d2b 2026-11-20T10:00:00Z"

# packed: a top folder of any name, and none at all
tar -C "$D/troubleshoot" -czf "$T/ts.tar.gz" --transform 's,^support-bundle-[^/]*,customer-upload-42,' .
check troubleshoot-renamed-tgz "$T/ts.tar.gz" "troubleshoot gpu-lab-east v1.28.3 2026-11-20T09:59:00Z"
tar -C "$D/troubleshoot/support-bundle-2026-11-20T10_00_00" -czf "$T/ts-flat.tar.gz" cluster-resources cluster-info version.yaml
check troubleshoot-no-top-tgz "$T/ts-flat.tar.gz" "troubleshoot gpu-lab-east v1.28.3 2026-11-20T09:59:00Z"
tar -C "$D/dump-1.13" -czf "$T/dump-flat.tar.gz" default kube-system ml nodes.json
check dump-1.13-no-top-tgz "$T/dump-flat.tar.gz" "cluster-info-dump dump-flat v1.13.5 2026-11-20T09:59:00Z"
tar -C "$D" -czf "$T/mg.tar.gz" must-gather
check must-gather-tgz "$T/mg.tar.gz" "must-gather ocp-gpu-7xk2p v1.28.3+c5e4d2b 2026-11-20T10:00:00Z"

# the dump as kubectl writes it without --output-directory: one file (its
# standard output kept), read through a private folder removed after
python3 "${SB_SRC}/tests/e2e/lib/dump_to_stdout.py" "$D/dump" >"$T/cluster-dump.txt"
before=$(ls "${TMPDIR:-/tmp}" | grep -c '^sbundle-dump\.')
check dump-stdout "$T/cluster-dump.txt" "cluster-info-dump cluster-dump v1.28.3 2026-11-20T09:59:00Z"
after=$(ls "${TMPDIR:-/tmp}" | grep -c '^sbundle-dump\.')
[ "$after" -le "$before" ] && echo "ok dump-stdout scratch removed" ||
    { echo "FAIL dump-stdout left its scratch folder behind"; fail=1; }
# cut inside its last list: a warning, the lists before it kept
head -c $(( $(stat -c %s "$T/cluster-dump.txt") - 2000 )) "$T/cluster-dump.txt" >"$T/cut-dump.txt"
"$A" -q "$T/cut-dump.txt" -f json -o "$T/cut.json" 2>"$T/cut.err" >/dev/null ||
    { echo "FAIL a cut dump: $(cat "$T/cut.err")"; fail=1; }
grep -q "node-not-ready" "$T/cut.json" && grep -q "ends inside a JSON value\|outside the dump" "$T/cut.err" &&
    echo "ok cut dump: earlier lists kept, a warning" ||
    { echo "FAIL cut dump: $(cat "$T/cut.err")"; fail=1; }

# near miss: a dump whose nodes carry no version gives none, not a made-up one
mkdir -p "$T/nover"
cp -r "$D/dump/." "$T/nover/"
python3 - "$T/nover/nodes.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for n in d["items"]:
    del n["status"]["nodeInfo"]["kubeletVersion"]
json.dump(d, open(sys.argv[1], "w"))
PY
"$A" -q "$T/nover" -f json -o "$T/nover.json" >/dev/null 2>&1
v=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bundles"][0]["kubernetes_version"])' "$T/nover.json")
[ "$v" = None ] && echo "ok no version invented" || { echo "FAIL version invented: $v"; fail=1; }
exit $fail
