# Sourced: sets KUBECTL to a kubectl client of version 1.32, or prints why
# there is none and returns 1 (the caller skips with exit 77). Tries
# $KUBECTL, kubectl.1.32 on PATH, kubectl.1.32 beside the file kubectl
# resolves to, then kubectl itself: some installs make kubectl a wrapper
# that picks a client version to match the server's, so a versioned
# client is preferred and the goldens do not depend on the server.
kubectl_is_132() {
    "$1" version --client -o json 2>/dev/null |
        grep -q '"gitVersion": *"v1\.32\.'
}
kubectl_pin() {
    local c k beside=
    k=$(command -v kubectl) && k=$(readlink -f "$k") &&
        beside=$(dirname "$k")/kubectl.1.32
    for c in "${KUBECTL:-}" "$(command -v kubectl.1.32)" "$beside" \
             "$(command -v kubectl)"; do
        if [ -n "$c" ] && [ -x "$c" ] && kubectl_is_132 "$c"; then
            KUBECTL=$c
            return 0
        fi
    done
    echo "no kubectl 1.32 client (set KUBECTL to one): skip"
    return 1
}
kubectl_pin
