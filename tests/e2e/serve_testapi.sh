#!/bin/bash
# sb-testapi speaks the Kubernetes API over HTTPS with a bearer token and
# injects the faults collect's tests rely on: 403, 429, 503, 410, page size,
# latency, client certificates, plain HTTP.
set -u
B=${SB_BUILD:?}/sb-testapi
FIX=${SB_SRC:?}/tests/data/mini-cluster
command -v curl >/dev/null || { echo "curl missing: skip"; exit 77; }
T=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; { wait "$p"; } 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
fail=0
check() {  # check NAME EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then echo "FAIL $1: expected [$2] got [$3]"; fail=1; else echo "ok $1"; fi
}

# start NAME ARGS...: runs sb-testapi with state in $T/NAME, waits for port
start() {
    local name=$1; shift
    "$B" "$FIX" --dir "$T/$name" "$@" >"$T/$name.out" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 100); do [ -s "$T/$name/port" ] && return 0; sleep 0.1; done
    echo "server $name did not start"; cat "$T/$name.out"; exit 1
}
token() { sed -n 's/^ *token: //p' "$T/$1/kubeconfig"; }
url() { echo "https://127.0.0.1:$(cat "$T/$1/port")"; }
# get NAME PATH [curl args]: prints "STATUS BODY"
get() {
    local name=$1 path=$2; shift 2
    curl -s --cacert "$T/$name/ca.crt" -H "Authorization: Bearer $(token "$name")" \
         -w '\n%{http_code}' "$@" "$(url "$name")$path"
}
code() { get "$@" | tail -n1; echo; }
jq_() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

start plain
check version "v1.30.4" "$(get plain /version | head -n1 | jq_ 'd["gitVersion"]')"
check no-token 401 "$(curl -s --cacert "$T/plain/ca.crt" -o /dev/null -w '%{http_code}' "$(url plain)/api/v1/pods")"
check bad-ca 60 "$(curl -s -o /dev/null "$(url plain)/version"; echo $?)"
check kubeconfig-context "current-context: \"mini-cluster\"" "$(grep current-context "$T/plain/kubeconfig")"
check pods-all 11 "$(get plain /api/v1/pods | head -n1 | jq_ 'len(d["items"])')"
check pods-ns 6 "$(get plain /api/v1/namespaces/ml-train/pods | head -n1 | jq_ 'len(d["items"])')"
check list-kind "PodList v1" "$(get plain /api/v1/pods | head -n1 | jq_ 'd["kind"]+" "+d["apiVersion"]')"
# pagination: 3 pages of 4, 4, 3 with continue tokens
p1=$(get plain "/api/v1/pods?limit=4" | head -n1)
check page1 "4 7" "$(echo "$p1" | jq_ 'str(len(d["items"]))+" "+str(d["metadata"]["remainingItemCount"])')"
c1=$(echo "$p1" | jq_ 'd["metadata"]["continue"]')
p2=$(get plain "/api/v1/pods?limit=4&continue=$c1" | head -n1)
c2=$(echo "$p2" | jq_ 'd["metadata"]["continue"]')
p3=$(get plain "/api/v1/pods?limit=4&continue=$c2" | head -n1)
check page3 "3 False" "$(echo "$p3" | jq_ 'str(len(d["items"]))+" "+str("continue" in d["metadata"])')"
names=$( (echo "$p1"; echo "$p2"; echo "$p3") | python3 -c '
import json,sys
print(len(set(i["metadata"]["name"] for l in sys.stdin for i in json.loads(l)["items"])))')
check pages-distinct 11 "$names"
check bad-continue 400 "$(code plain "/api/v1/pods?limit=4&continue=%25%25")"
check label-selector "trainer-0" "$(get plain "/api/v1/pods?labelSelector=app%3Dtrainer" | head -n1 | jq_ '",".join(i["metadata"]["name"] for i in d["items"])')"
check field-selector 5 "$(get plain "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-gpu-1" | head -n1 | jq_ 'len(d["items"])')"
check field-phase 1 "$(get plain "/api/v1/pods?fieldSelector=status.phase%3DPending,metadata.namespace%3Dml-train,spec.nodeName%3D" | head -n1 | jq_ 'len(d["items"])')"
check bad-selector 400 "$(code plain "/api/v1/pods?labelSelector=a%20in%20(b")"
check get-one "trainer-0" "$(get plain /api/v1/namespaces/ml-train/pods/trainer-0 | head -n1 | jq_ 'd["metadata"]["name"]')"
check get-missing '404 pods "nope" not found' "$(get plain /api/v1/namespaces/ml-train/pods/nope | python3 -c '
import json,sys; l=sys.stdin.read().split("\n"); print(l[1], json.loads(l[0])["message"])')"
check unknown-path 404 "$(code plain /apis/nope.example.com/v1/things)"
check delete-405 405 "$(code plain /api/v1/namespaces/ml-train/pods/trainer-0 -X DELETE)"
check post-405 405 "$(code plain /api/v1/namespaces/ml-train/pods -X POST -d '{"kind":"Pod"}')"
check discovery-apps "daemonsets,deployments,replicasets,statefulsets" "$(get plain /apis/apps/v1 | head -n1 | jq_ '",".join(r["name"] for r in d["resources"])')"
check discovery-groups 1 "$(get plain /apis | head -n1 | jq_ 'sum(1 for g in d["groups"] if g["name"]=="serving.kserve.io")')"
check crd-list "llama-chat" "$(get plain /apis/serving.kserve.io/v1beta1/namespaces/ml-train/inferenceservices | head -n1 | jq_ 'd["items"][0]["metadata"]["name"]')"
check metrics 2 "$(get plain /apis/metrics.k8s.io/v1beta1/nodes | head -n1 | jq_ 'len(d["items"])')"
# logs
check log-tail "RuntimeError: CUDA error: an illegal memory access was encountered" "$(get plain "/api/v1/namespaces/ml-train/pods/trainer-0/log?container=trainer&tailLines=1" | head -n1)"
check log-prev-ts "2026-11-20T09:52:35.123457789Z ERROR trainer exited with code 1" "$(get plain "/api/v1/namespaces/ml-train/pods/trainer-0/log?previous=true&timestamps=true&tailLines=1" | head -n1)"
check log-limit "INFO st" "$(get plain "/api/v1/namespaces/ml-train/pods/trainer-0/log?limitBytes=7" | head -n1)"
check log-since 2 "$(get plain "/api/v1/namespaces/ml-train/pods/trainer-0/log?sinceSeconds=137" | sed '$d' | grep -c .)"
check log-no-prev 'previous terminated container "preprocess" in pod "preprocess-x8v2n" not found' "$(get plain "/api/v1/namespaces/ml-train/pods/preprocess-x8v2n/log?previous=true" | head -n1 | jq_ 'd["message"]')"
check log-choose 'a container name must be specified for pod web-calgdcfgfb-5c8vt, choose one of: [nginx log-shipper]' "$(get plain "/api/v1/namespaces/default/pods/web-calgdcfgfb-5c8vt/log" | head -n1 | jq_ 'd["message"]')"
check log-unscheduled "200" "$(code plain "/api/v1/namespaces/ml-train/pods/big-job-7mx4k/log")"
# node proxy and pod proxy
check node-logs-dir '<a href="kern.log">kern.log</a>|<a href="syslog">syslog</a>' "$(get plain /api/v1/nodes/node-gpu-1/proxy/logs/ | grep '<a ' | paste -sd'|')"
check node-kern-xid 1 "$(get plain /api/v1/nodes/node-gpu-1/proxy/logs/kern.log | grep -c 'Xid (PCI:0000:3b:00): 79')"
check node-missing-file 404 "$(code plain /api/v1/nodes/node-gpu-1/proxy/logs/messages)"
check node-missing 404 "$(code plain /api/v1/nodes/nope/proxy/logs/)"
check dcgm 8 "$(get plain /api/v1/namespaces/gpu-operator/pods/nvidia-dcgm-exporter-4xq8z:9400/proxy/metrics | grep -c '^DCGM_FI_DEV_GPU_TEMP')"
check pod-proxy-other 503 "$(code plain /api/v1/namespaces/default/pods/web-calgdcfgfb-5c8vt:80/proxy/)"
# Table
check table-kind "Table Name,Ready,Status,Restarts,Age,IP,Node,Nominated Node,Readiness Gates" "$(get plain /api/v1/namespaces/ml-train/pods -H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io' | head -n1 | jq_ 'd["kind"]+" "+",".join(c["name"] for c in d["columnDefinitions"])')"
check request-log 1 "$(grep -c '^GET /api/v1/pods?limit=4 200 ' "$T/plain/requests.log")"

# faults
start forbid --forbid secrets,configmaps
check forbid-list 403 "$(code forbid /api/v1/namespaces/ml-train/secrets)"
check forbid-msg 'secrets is forbidden: User "system:serviceaccount:default:sbundle" cannot list resource "secrets" in API group "" at the cluster scope' "$(get forbid /api/v1/secrets | head -n1 | jq_ 'd["message"]')"
check forbid-get 403 "$(code forbid /api/v1/namespaces/ml-train/configmaps/trainer-config)"
check forbid-other 200 "$(code forbid /api/v1/pods)"

start throttle --throttle-every 3
codes=$(for i in 1 2 3 4 5 6; do code throttle /version; done | paste -sd' ')
check throttle "200 200 429 200 200 429" "$codes"
check retry-after "Retry-After: 1" "$(curl -s -D - -o /dev/null --cacert "$T/throttle/ca.crt" -H "Authorization: Bearer $(token throttle)" "$(url throttle)/version" "$(url throttle)/version" "$(url throttle)/version" | grep -i '^retry-after' | tr -d '\r')"

start flaky --flaky 0.5 --seed 7
n503=$(for i in $(seq 1 40); do code flaky /version; done | grep -c 503)
[ "$n503" -ge 8 ] && [ "$n503" -le 32 ] && echo "ok flaky ($n503/40)" || { echo "FAIL flaky: $n503/40"; fail=1; }

start expire --expire-continue
c=$(get expire "/api/v1/pods?limit=2" | head -n1 | jq_ 'd["metadata"]["continue"]')
check expire-first 410 "$(code expire "/api/v1/pods?limit=2&continue=$c")"
check expire-reason Expired "$(get expire "/api/v1/namespaces/ml-train/pods?limit=2&continue=$c" | head -n1 | jq_ 'd["reason"]')"
check expire-second 200 "$(code expire "/api/v1/pods?limit=2&continue=$c")"

start maxlimit --max-limit 3
check max-limit-absent 3 "$(get maxlimit /api/v1/pods | head -n1 | jq_ 'len(d["items"])')"
check max-limit-larger 3 "$(get maxlimit "/api/v1/pods?limit=500" | head -n1 | jq_ 'len(d["items"])')"

start slow --latency-ms 300
t0=$(date +%s%N); code slow /version >/dev/null; t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
[ "$ms" -ge 300 ] && echo "ok latency ($ms ms)" || { echo "FAIL latency: $ms ms"; fail=1; }

start cert --client-cert
check cert-in-kubeconfig 2 "$(grep -c 'client-certificate-data\|client-key-data' "$T/cert/kubeconfig")"
check cert-none 401 "$(curl -s --cacert "$T/cert/ca.crt" -o /dev/null -w '%{http_code}' "$(url cert)/version")"
check cert-ok 200 "$(curl -s --cacert "$T/cert/ca.crt" --cert "$T/cert/client.crt" --key "$T/cert/client.key" -o /dev/null -w '%{http_code}' "$(url cert)/version")"

start insecure --insecure --token secret-1
check insecure 200 "$(curl -s -H 'Authorization: Bearer secret-1' -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(cat "$T/insecure/port")/version")"
check insecure-kubeconfig 1 "$(grep -c 'server: http://127.0.0.1' "$T/insecure/kubeconfig")"

# 32 concurrent clients
CP=()
for i in $(seq 1 32); do code plain "/api/v1/pods" >"$T/c$i" & CP+=($!); done
wait "${CP[@]}"
check concurrent 32 "$(cat "$T"/c* | grep -c '^200$')"

# bad bundles are refused with a clear error and no crash
: >"$T/empty.tar.gz"
"$B" "$T/empty.tar.gz" --dir "$T/bad1" >"$T/bad1.out" 2>&1; rc=$?
check empty-bundle-rc 1 "$rc"
grep -q "sb-testapi: .*empty.tar.gz" "$T/bad1.out" && echo "ok empty-bundle-msg" || { echo "FAIL empty-bundle-msg: $(cat "$T/bad1.out")"; fail=1; }
echo "not a tarball" >"$T/junk.tar.gz"
"$B" "$T/junk.tar.gz" --dir "$T/bad2" >"$T/bad2.out" 2>&1; rc=$?
check junk-bundle-rc 1 "$rc"
"$B" "$T/nonexistent" --dir "$T/bad3" >"$T/bad3.out" 2>&1; rc=$?
check missing-bundle-rc 1 "$rc"
"$B" "$FIX" --dir "$T/bad4" --flaky lots >"$T/bad4.out" 2>&1; rc=$?
check usage-rc 2 "$rc"
exit $fail
