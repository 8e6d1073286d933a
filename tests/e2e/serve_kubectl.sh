#!/bin/bash
# The real kubectl against `analyze serve` on the mini-cluster fixture: get
# with the server's columns for every common kind (-o wide too), -o json,
# describe (kubectl builds it from the served objects and events), logs and
# logs --previous, events, top, api-resources, and a refused delete.
# Outputs are compared with serve_kubectl.expected/NAME.txt (stdout, then
# stderr); AGE columns are relative to the bundle's collection time, so they
# do not change from day to day. SB_UPDATE_GOLDEN=1 rewrites the files.
set -u
# A real 1.32 client: $KUBECTL if set, else kubectl or the kubectl.1.32 beside
# it (some installs make kubectl a wrapper that picks a client version to
# match the server's, which would make the goldens depend on the server).
. "$(dirname "$0")/lib/kubectl_pin.sh" || exit 77
A=${SB_BUILD:?}/analyze
FIX=${SB_SRC:?}/tests/data/mini-cluster
EXP=$SB_SRC/tests/e2e/serve_kubectl.expected
T=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && { wait "$PID"; } 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

# a bad bundle is refused: exit 1, one clear line, no kubeconfig
printf 'not a bundle' >"$T/bad.tar.gz"
"$A" serve "$T/bad.tar.gz" --kubeconfig-out "$T/bad.kubeconfig" >"$T/bad.out" 2>&1
rc=$?
if [ $rc -ne 1 ] || [ -e "$T/bad.kubeconfig" ] ||
   [ "$(cat "$T/bad.out")" != "analyze: '$T/bad.tar.gz' is not a bundle: Unrecognized archive format" ]; then
    echo "FAIL bad bundle: exit $rc: $(cat "$T/bad.out")"; exit 1
fi
echo "ok bad bundle refused"
"$A" serve >/dev/null 2>&1; [ $? -eq 2 ] && echo "ok usage" || { echo "FAIL usage exit"; exit 1; }

"$A" serve "$FIX" --kubeconfig-out "$T/kubeconfig" >"$T/serve.out" 2>&1 &
PID=$!
for _ in $(seq 1 200); do [ -s "$T/kubeconfig" ] && break; sleep 0.1; done
[ -s "$T/kubeconfig" ] || { echo "analyze serve did not start"; cat "$T/serve.out"; exit 1; }
grep -q "^kubeconfig: $T/kubeconfig$" "$T/serve.out" || { echo "FAIL banner"; cat "$T/serve.out"; exit 1; }

k() { HOME=$T "$KUBECTL" --kubeconfig "$T/kubeconfig" --cache-dir "$T/cache" "$@"; }
fail=0
# golden NAME KUBECTL-ARGS...: stdout and stderr against the expected file
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
# has NAME PATTERN KUBECTL-ARGS...: output has a line matching PATTERN
has() {
    local name=$1 pat=$2; shift 2
    if k "$@" 2>&1 | grep -qE -- "$pat"; then echo "ok $name"; else
        echo "FAIL $name: no line like '$pat' in kubectl $*"; k "$@" 2>&1 | head -40; fail=1; fi
}

golden get-pods get pods -A
golden get-pods-wide get pods -A -o wide
golden get-pods-ns get pods -n ml-train
golden get-nodes get nodes
golden get-nodes-wide get nodes -o wide
golden get-events get events -A
golden get-events-ns get events -n ml-train
golden get-workloads get deployments,replicasets,statefulsets,daemonsets -A
golden get-workloads-wide get deployments,replicasets,statefulsets,daemonsets -A -o wide
golden get-jobs get jobs -A -o wide
golden get-services get services -A -o wide
golden get-endpoints get endpoints -A
golden get-pvc get pvc -A -o wide
golden get-pv get pv
golden get-namespaces get namespaces
golden get-ingresses get ingresses -A
golden get-crd-kind get inferenceservices -A
golden get-crds get crd
golden get-undiscovered-kind get workflows.argoproj.io -A
golden get-configmaps get configmaps -A
golden get-secrets get secrets -n ml-train
golden get-one-pod get pod trainer-0 -n ml-train
golden get-labels get pods -n ml-train -l app=trainer --show-labels
golden get-field get pods -A --field-selector spec.nodeName=node-gpu-1
golden get-missing get pod nope -n ml-train
golden get-chunked get pods -A --chunk-size 3
golden get-jsonpath get pods -n ml-train -o 'jsonpath={range .items[*]}{.metadata.name}{" "}{.status.phase}{"\n"}{end}'
golden logs logs -n ml-train trainer-0
golden logs-previous logs -n ml-train trainer-0 --previous
golden logs-previous-missing logs -n ml-train preprocess-x8v2n --previous
golden logs-waiting logs -n ml-train inference-cehmabhkgd-h8d7w
golden logs-tail-ts logs -n ml-train trainer-0 --previous --tail 2 --timestamps
golden logs-container logs -n default web-calgdcfgfb-5c8vt -c log-shipper
golden top-nodes top nodes
golden top-pods top pods -A
golden api-resources api-resources
# short names, the "all" category and kinds the bundle has none of
golden get-short-svc get svc -A
golden get-short-po get po -n ml-train
golden get-short-deploy get deploy -A
golden get-all get all -A
golden get-empty-kind get hpa -A
golden get-empty-kind-ns get cj -n ml-train
golden get-empty-cluster-kind get pc
golden get-endpointslices get endpointslices -A
golden get-leases get leases -A
golden field-selector-bad get pods -A --field-selector spec.foo=bar
golden field-selector-default get ingresses -A --field-selector spec.x=1
golden can-i-get auth can-i get pods -n ml-train
golden can-i-delete auth can-i delete pods -n ml-train
golden can-i-log auth can-i get pods --subresource=log -n ml-train
golden can-i-list auth can-i --list -n ml-train
golden explain explain pods
golden explain-crd explain inferenceservices
golden delete delete pod -n ml-train trainer-0
golden raw-node-logs get --raw /api/v1/nodes/node-gpu-1/proxy/logs/
has pods-status '"phase":"Pending"' get --raw /api/v1/namespaces/ml-train/pods/big-job-7mx4k/status
has json-name '"name": "trainer-0"' get pod trainer-0 -n ml-train -o json
has json-restarts '"restartCount": 7' get pod trainer-0 -n ml-train -o json
has describe-pod-status '^Status: +Running' describe pod trainer-0 -n ml-train
has describe-pod-state '^ +Reason: +CrashLoopBackOff' describe pod trainer-0 -n ml-train
has describe-pod-last '^ +Last State: +Terminated' describe pod trainer-0 -n ml-train
has describe-pod-events 'Warning +BackOff .*kubelet +Back-off restarting failed container trainer' describe pod trainer-0 -n ml-train
has describe-pod-sched 'Warning +FailedScheduling .*default-scheduler +0/2 nodes are available' describe pod big-job-7mx4k -n ml-train
has describe-node-gpu '^ +nvidia.com/gpu: +8' describe node node-gpu-1
has describe-node-pods '^Non-terminated Pods: +\(5 in total\)' describe node node-gpu-1
has describe-node-events 'Warning +XidError .*GPU has fallen off the bus' describe node node-gpu-1
has describe-deploy '^Replicas: +1 desired \| 1 updated \| 1 total \| 0 available \| 1 unavailable' describe deployment data-loader -n ml-train
kill "$PID"; wait "$PID"; rc=$?; PID=
[ $rc -eq 0 ] || { echo "FAIL analyze serve exited $rc after SIGTERM"; fail=1; }
if grep -qv '^\(serving\|kubeconfig:\|limits:\|try:\|press\) ' "$T/serve.out"; then
    echo "FAIL unexpected output from analyze serve:"; cat "$T/serve.out"; fail=1
fi
exit $fail
