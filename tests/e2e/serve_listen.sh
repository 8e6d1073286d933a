#!/bin/bash
# Where analyze serve can be reached from: --listen ADDR puts ADDR in the
# server certificate and --hostname (repeatable) adds names, so a kubectl
# elsewhere verifies the certificate; the kubeconfig points at the first
# --hostname; the wildcard 0.0.0.0 gives a kubeconfig for 127.0.0.1. Also
# kubectl describe service on a bundle with only Endpoints shows them (1.32
# reads EndpointSlices, made here from the Endpoints).
set -u
. "$(dirname "$0")/lib/kubectl_pin.sh" || exit 77
command -v openssl >/dev/null || { echo "openssl missing: skip"; exit 77; }
A=${SB_BUILD:?}/analyze
FIX=${SB_SRC:?}/tests/data/mini-cluster
T=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && { wait "$PID"; } 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail=0
# serve NAME ARGS...: starts analyze serve, waits for its kubeconfig
serve() {
    local name=$1; shift
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    "$A" serve "$@" --kubeconfig-out "$T/$name.kc" >"$T/$name.out" 2>&1 &
    PID=$!
    for _ in $(seq 1 200); do [ -s "$T/$name.kc" ] && break; sleep 0.1; done
    [ -s "$T/$name.kc" ] || { echo "FAIL $name: serve did not start"; cat "$T/$name.out"; exit 1; }
}
k() { local kc=$1; shift; HOME=$T "$KUBECTL" --kubeconfig "$kc" --cache-dir "$T/cache" "$@"; }
check() { if [ "$2" = "$3" ]; then echo "ok $1"; else echo "FAIL $1: got '$2', want '$3'"; fail=1; fi; }

serve named "$FIX" --listen 127.0.0.2:0 --hostname gpu-box.example --hostname 10.9.8.7
url=$(sed -n 's/^ *server: *//p' "$T/named.kc")
port=${url##*:}
check kubeconfig-server "$url" "https://gpu-box.example:$port"
sans=$(openssl s_client -connect "127.0.0.2:$port" </dev/null 2>/dev/null |
       openssl x509 -noout -ext subjectAltName 2>/dev/null | tail -n +2 | tr -d ' ')
for want in "IPAddress:127.0.0.2" "DNS:gpu-box.example" "IPAddress:10.9.8.7" "IPAddress:127.0.0.1" "DNS:localhost"; do
    case ",$sans," in *",$want,"*) echo "ok san $want" ;; *) echo "FAIL san $want not in $sans"; fail=1 ;; esac
done
# the certificate verifies for the listen address and for the hostname
check by-address "$(k "$T/named.kc" --server "https://127.0.0.2:$port" get ns default -o name 2>&1)" "namespace/default"
check by-hostname "$(k "$T/named.kc" --server "https://127.0.0.2:$port" --tls-server-name gpu-box.example get ns default -o name 2>&1)" "namespace/default"
check other-name-refused "$(k "$T/named.kc" --server "https://127.0.0.2:$port" --tls-server-name other.example get ns default -o name 2>&1 | grep -c 'certificate is valid for')" "1"

"$A" serve "$FIX" --hostname 'bad name' >"$T/bad.out" 2>&1
check bad-hostname "$?:$(head -1 "$T/bad.out")" "1:analyze: cannot put 'bad name' in the certificate: not an IP address or a DNS name"

serve wildcard "$FIX" --listen 0.0.0.0:0
url=$(sed -n 's/^ *server: *//p' "$T/wildcard.kc")
check wildcard-server "${url%:*}" "https://127.0.0.1"
check wildcard-get "$(k "$T/wildcard.kc" get ns default -o name 2>&1)" "namespace/default"

# a bundle with only Endpoints: describe service shows the addresses
cp -r "$FIX" "$T/b"
rm -f "$T"/b/resources/*/endpointslices.discovery.k8s.io.json
serve eponly "$T/b"
want=$(python3 -c '
import json, sys
eps = json.load(open(sys.argv[1]))["items"]
print(",".join(sorted("%s:%d" % (a["ip"], s["ports"][0]["port"])
      for e in eps if e["metadata"]["name"] == "web"
      for s in e["subsets"] for a in s.get("addresses", []))))' "$FIX/resources/default/endpoints.json")
got=$(k "$T/eponly.kc" describe service web -n default | sed -n 's/^Endpoints: *//p' | tr ',' '\n' | sort | paste -sd,)
check describe-svc-endpoints "$got" "$want"
[ -n "$want" ] || { echo "FAIL the fixture's web service has no ready address"; fail=1; }
exit $fail
