#!/bin/bash
# deploy/ renders with kustomize (kubectl kustomize, no cluster needed),
# grants only read verbs, and runs collect --host the way docs/host.md
# says: privileged, host PID namespace, host root read-only at /host,
# bundles on a hostPath, only on GPU nodes.
set -u
src="${SB_SRC:?}"
if ! command -v kubectl >/dev/null 2>&1; then
    echo "SKIP: kubectl is not installed"
    exit 77
fi
out="$(kubectl kustomize "$src/deploy")" || { echo "FAIL: kustomize"; exit 1; }
fail=0
expect() {
    if ! grep -qE -- "$1" <<<"$out"; then
        echo "FAIL: rendered manifests lack /$1/"
        fail=1
    fi
}
expect '^kind: ClusterRole$'
expect '^kind: ClusterRoleBinding$'
expect '^kind: ServiceAccount$'
expect '^kind: Job$'
expect '^kind: DaemonSet$'
expect 'pods/log'
expect 'nodes/proxy'
expect 'pods/proxy'
expect 'hostPID: true'
expect 'privileged: true'
expect 'mountPath: /host$'
expect 'collect --host --host-root /host --node-name "\$NODE_NAME"'
expect 'nvidia.com/gpu.present: "true"'
expect 'path: /var/lib/sbundle'
# every verb granted is a read
verbs="$(awk '/^ *verbs:/ { ind = match($0, /[^ ]/) - 1; v = 1; next }
              v && match($0, /[^ ]/) - 1 == ind && /^ *- / { print $2; next }
              { v = 0 }' <<<"$out" | sort -u | grep -vxE 'get|list|watch' ||
         true)"
if [ -n "$verbs" ]; then
    echo "FAIL: the ClusterRole grants more than reads: $verbs"
    fail=1
fi
# the host root is mounted read-only
if ! grep -A3 'mountPath: /host$' <<<"$out" | grep -q 'readOnly: true'; then
    echo "FAIL: the host root is not mounted read-only"
    fail=1
fi
[ "$fail" = 0 ] && echo "ok: deploy/ renders and is read-only"
exit "$fail"
