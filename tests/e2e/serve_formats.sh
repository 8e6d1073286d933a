#!/bin/bash
# The real kubectl 1.32 against `analyze serve` on each input format of
# tests/data/formats/ (one cluster written by troubleshoot, kubectl
# cluster-info dump current and <= 1.13, and must-gather), packed and not:
# get, describe and logs give the same cluster through the same reader as
# plain analyze. Outputs are compared with serve_formats.expected/FMT-NAME.txt
# (stdout, then the exit code and stderr); AGE is relative to each input's
# own collection time. SB_UPDATE_GOLDEN=1 rewrites the files.
#
# The client is pinned: /usr/bin/kubectl may be a wrapper that picks a
# client to match the server's version, so a kubectl 1.32 is looked for
# ($SB_KUBECTL, then kubectl.1.32 beside the kubectl on PATH, then kubectl
# itself when it is 1.32).
set -u
A=${SB_BUILD:?}/analyze
D=${SB_SRC:?}/tests/data/formats
EXP=$SB_SRC/tests/e2e/serve_formats.expected

is_132() { "$1" version --client 2>/dev/null | grep -q '^Client Version: v1\.32\.'; }
KUBECTL=
for c in "${SB_KUBECTL:-}" \
         "$(dirname "$(readlink -f "$(command -v kubectl 2>/dev/null || echo /nonexistent)")")/kubectl.1.32" \
         "$(command -v kubectl.1.32 2>/dev/null)" "$(command -v kubectl 2>/dev/null)"; do
    if [ -n "$c" ] && [ -x "$c" ] && is_132 "$c"; then KUBECTL=$c; break; fi
done
[ -n "$KUBECTL" ] || { echo "no kubectl 1.32 client found (set SB_KUBECTL): skip"; exit 77; }

T=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && { wait "$PID"; } 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail=0

serve() {
    rm -f "$T/kubeconfig"
    "$A" serve "$1" --kubeconfig-out "$T/kubeconfig" >"$T/serve.out" 2>&1 &
    PID=$!
    for _ in $(seq 1 200); do [ -s "$T/kubeconfig" ] && break; sleep 0.1; done
    [ -s "$T/kubeconfig" ] || { echo "FAIL analyze serve did not start on $1"; cat "$T/serve.out"; exit 1; }
}
stop() {
    kill "$PID"; wait "$PID"; local rc=$?; PID=
    [ $rc -eq 0 ] || { echo "FAIL analyze serve exited $rc after SIGTERM"; fail=1; }
}
k() { HOME=$T "$KUBECTL" --kubeconfig "$T/kubeconfig" --cache-dir "$T/cache" "$@"; }
golden() {
    local name=$1; shift
    { k "$@" 2>"$T/err"; echo "exit $?"; cat "$T/err"; } >"$T/$name.txt"
    if [ "${SB_UPDATE_GOLDEN:-}" = 1 ]; then cp "$T/$name.txt" "$EXP/$name.txt"; fi
    if diff -u "$EXP/$name.txt" "$T/$name.txt" >"$T/$name.diff"; then
        echo "ok $name"
    else
        echo "FAIL $name: kubectl $*"; cat "$T/$name.diff"; fail=1
    fi
}
has() {
    local name=$1 pat=$2; shift 2
    if k "$@" 2>&1 | grep -qE -- "$pat"; then echo "ok $name"; else
        echo "FAIL $name: no line like '$pat' in kubectl $*"; k "$@" 2>&1 | head -20; fail=1; fi
}

# the kubeconfig names the cluster as the input does (what it holds, else
# the input's own file or folder name), never a made-up one
cluster_is() {
    local name=$1 want=$2 got
    got=$(k config view -o jsonpath='{.clusters[0].name}')
    if [ "$got" = "$want" ]; then echo "ok $name-cluster-name"; else
        echo "FAIL $name cluster name: got '$got', want '$want'"; fail=1; fi
}

# every format: the same pods, nodes, workloads and logs
common() {
    local f=$1
    golden "$f-get-pods" get pods -A
    golden "$f-get-nodes" get nodes -o wide
    golden "$f-get-workloads" get deployments,replicasets,services -A
    golden "$f-get-events" get events -A
    # describe is kubectl's own rendering: its key lines, not a golden
    has "$f-describe-dns-state" '^ +Reason: +CrashLoopBackOff' describe pod -n kube-system coredns-5d78c9869d-qm4tz
    has "$f-describe-dns-last" '^ +Last State: +Terminated' describe pod -n kube-system coredns-5d78c9869d-qm4tz
    has "$f-describe-dns-restarts" '^ +Restart Count: +14$' describe pod -n kube-system coredns-5d78c9869d-qm4tz
    has "$f-describe-dns-events" 'Warning +BackOff .*kubelet +Back-off restarting failed container coredns' describe pod -n kube-system coredns-5d78c9869d-qm4tz
    has "$f-describe-pending" 'Warning +FailedScheduling .*default-scheduler +0/2 nodes are available: 1 Insufficient cpu' describe pod -n ml trainer-big
    has "$f-describe-node" '^ +Ready +Unknown .*NodeStatusUnknown +Kubelet stopped posting node status\.' describe node node-b
    has "$f-describe-node-taint" '^Taints: +node\.kubernetes\.io/unreachable:NoSchedule' describe node node-b
    golden "$f-logs-web" logs -n default web-6d4cf56db6-x7k2p
    golden "$f-get-one" get pod trainer-big -n ml -o jsonpath='{.status.conditions[0].message}'
}

serve "$D/troubleshoot"
grep -q "^serving '$D/troubleshoot' " "$T/serve.out" || { echo "FAIL banner"; cat "$T/serve.out"; fail=1; }
common troubleshoot
cluster_is troubleshoot gpu-lab-east
golden troubleshoot-logs-previous logs -n kube-system coredns-5d78c9869d-qm4tz --previous
has troubleshoot-version '^Server Version: v1\.28\.3$' version
stop

serve "$D/dump"
common dump
cluster_is dump dump
# a dump holds no previous logs: kubectl's own message, not an empty 200
golden dump-logs-previous logs -n kube-system coredns-5d78c9869d-qm4tz --previous
has dump-version '^Server Version: v1\.28\.3$' version
stop

serve "$D/dump-1.13"
common dump-1.13
cluster_is dump-1.13 dump-1.13
has dump-1.13-version '^Server Version: v1\.13\.5$' version
stop

serve "$D/must-gather"
common must-gather
cluster_is must-gather ocp-gpu-7xk2p
golden must-gather-logs-previous logs -n kube-system coredns-5d78c9869d-qm4tz --previous --timestamps
has must-gather-version '^Server Version: v1\.28\.3\+c5e4d2b$' version
stop

# packed with another top folder name, and with none
tar -C "$D/troubleshoot" -czf "$T/ts.tar.gz" --transform 's,^\./support-bundle-[^/]*,./case-1234,' .
serve "$T/ts.tar.gz"
golden troubleshoot-get-pods get pods -A
cluster_is troubleshoot-tgz gpu-lab-east
stop
tar -C "$D/must-gather/must-gather.local.5038112390845211337" -czf "$T/mg.tar.gz" .
serve "$T/mg.tar.gz"
golden must-gather-get-pods get pods -A
stop

# a log over --max-member-size: kubectl's error naming the cap, not an
# empty log; the cap is announced; the rest is served
cp -r "$D/must-gather" "$T/big"
big=$T/big/must-gather.local.5038112390845211337/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-5d1d4a1b2c/namespaces/default/pods/web-6d4cf56db6-x7k2p/web/web/logs/current.log
python3 -c 'import sys
with open(sys.argv[1], "w") as f:
    for i in range(40000):
        f.write("2026-11-20T09:00:00.000000000Z GET /item/%06d 200\n" % i)' "$big"
# and one file another tool wrote badly costs its own objects only
printf 'apiVersion: v1\nkind: ConfigMapList\nitems: [unclosed\n' \
    >"${big%/pods/*}/core/configmaps.yaml"
rm -f "$T/kubeconfig"
"$A" serve "$T/big" --kubeconfig-out "$T/kubeconfig" --max-member-size 1Mi >"$T/serve.out" 2>&1 &
PID=$!
for _ in $(seq 1 200); do [ -s "$T/kubeconfig" ] && break; sleep 0.1; done
grep -q '^limits: 1048576 bytes per file or list (--max-member-size)' "$T/serve.out" &&
    echo "ok cap announced" || { echo "FAIL cap not announced"; cat "$T/serve.out"; fail=1; }
grep -q "^analyze: 'logs/default/web-6d4cf56db6-x7k2p/web.log' is larger than --max-member-size (1048576 bytes): requests for it are refused$" "$T/serve.out" &&
    echo "ok over-cap log warned" || { echo "FAIL no warning for the over-cap log"; cat "$T/serve.out"; fail=1; }
grep -q "^analyze: bad YAML in '.*/namespaces/default/core/configmaps.yaml' line [0-9]*: .*: not served$" "$T/serve.out" &&
    echo "ok bad member warned" || { echo "FAIL no warning for the bad member"; cat "$T/serve.out"; fail=1; }
golden must-gather-logs-over-cap logs -n default web-6d4cf56db6-x7k2p
golden must-gather-get-pods get pods -A
golden must-gather-logs-previous logs -n kube-system coredns-5d78c9869d-qm4tz --previous --timestamps
stop

# an input of no format is refused with the formats named
mkdir -p "$T/empty/notes"; echo hi >"$T/empty/notes/readme.txt"
"$A" serve "$T/empty" --kubeconfig-out "$T/no.kubeconfig" >"$T/empty.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "is not a bundle: no manifest.json, and nothing of a troubleshoot bundle, a cluster-info dump or a must-gather" "$T/empty.out" &&
   [ ! -e "$T/no.kubeconfig" ]; then echo "ok unknown input refused"; else
    echo "FAIL unknown input: exit $rc: $(cat "$T/empty.out")"; fail=1; fi
exit $fail
