#!/bin/bash
# analyze serve answers logs without copying them (issues 15 and 17): 8
# concurrent readers of a 200 MB log (a folder bundle made here) must
# each receive exactly the log, while the server's peak RSS stays far
# below readers x log size. Prints the peak RSS and the time taken.
# SERVE_LOG_MB sets the log's size.
set -u
: "${SB_BUILD:?}" "${SB_SRC:?}"
analyze=$SB_BUILD/analyze
command -v python3 >/dev/null || { echo "python3 missing: skip"; exit 77; }
mb=${SERVE_LOG_MB:-200}
work=$(mktemp -d "${TMPDIR:-/tmp}/sb-logreaders.XXXXXX")
PID=
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && { wait "$PID"; } 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
avail=$(df -Pm "$work" | awk 'NR == 2 { print $4 }')
[ "${avail:-0}" -gt $((mb * 3 + 100)) ] ||
    { echo "less than $((mb * 3 + 100)) MB free for the log and the spool: skip"; exit 77; }

mkdir -p "$work/b/resources/a" "$work/b/logs/a/p0"
cat >"$work/b/resources/a/pods.json" <<'JSON'
{"kind":"PodList","apiVersion":"v1","items":[{"kind":"Pod","apiVersion":"v1",
"metadata":{"name":"p0","namespace":"a","uid":"u0",
"creationTimestamp":"2026-11-23T10:00:00Z"},
"spec":{"containers":[{"name":"c","image":"x"}]},
"status":{"phase":"Running"}}]}
JSON
# no timestamps: the log comes back byte for byte
python3 - "$work/b/logs/a/p0/c.log" "$mb" <<'PY'
import sys
target = int(sys.argv[2]) << 20
line = b"%09d " + b"x" * 100 + b"\n"
with open(sys.argv[1], "wb") as f:
    n, i = 0, 0
    while n < target:
        chunk = b"".join(line % (i + k) for k in range(10000))
        f.write(chunk)
        n += len(chunk)
        i += 10000
PY
[ $? -eq 0 ] || { echo "cannot generate the log"; exit 1; }
size=$(stat -c %s "$work/b/logs/a/p0/c.log")
want=$(sha256sum <"$work/b/logs/a/p0/c.log" | cut -d' ' -f1)

# under AddressSanitizer the memory freed per chunk (TLS records) waits in
# a 256 MB quarantine by default: a small one keeps the RSS the server's
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8" \
"$analyze" serve "$work/b" --kubeconfig-out "$work/kc" >"$work/serve.out" 2>&1 &
PID=$!
for _ in $(seq 1 600); do [ -s "$work/kc" ] && break; sleep 0.1; done
[ -s "$work/kc" ] || { echo "analyze serve did not start"; cat "$work/serve.out"; exit 1; }
load_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$PID/status")

python3 - "$work/kc" "$PID" "$size" "$want" "$load_kb" <<'PY'
import base64, hashlib, re, socket, ssl, sys, threading, time
kc = open(sys.argv[1]).read()
pid, size, want, load_kb = sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
url = re.search(r'server: "?(https://[^"\s]+)', kc).group(1)
host, port = url[len("https://"):].rsplit(":", 1)
token = re.search(r'token: "?([^"\s]+)', kc).group(1)
ca = base64.b64decode(re.search(r'certificate-authority-data: "?([^"\s]+)', kc).group(1))
ctx = ssl.create_default_context(cadata=ca.decode())
ctx.check_hostname = False
readers = 8
got = [None] * readers

def read(i):
    try:
        s = ctx.wrap_socket(socket.create_connection((host, int(port)), timeout=60),
                            server_hostname="localhost")
        s.sendall(("GET /api/v1/namespaces/a/pods/p0/log HTTP/1.1\r\nHost: x\r\n"
                   "Authorization: Bearer %s\r\nConnection: close\r\n\r\n"
                   % token).encode())
        f = s.makefile("rb")
        status = f.readline()
        chunked = False
        while True:
            h = f.readline()
            if h in (b"\r\n", b""):
                break
            if h.lower().startswith(b"transfer-encoding:") and b"chunked" in h.lower():
                chunked = True
        h, n = hashlib.sha256(), 0
        while True:
            if chunked:
                ln = int(f.readline().split(b";")[0], 16)
                if ln == 0:
                    break
                data = f.read(ln)
                f.readline()
            else:
                data = f.read(1 << 20)
                if not data:
                    break
            h.update(data)
            n += len(data)
        got[i] = (status.split()[1].decode(), n, h.hexdigest())
        s.close()
    except (OSError, ValueError, IndexError) as e:
        got[i] = ("error: %s" % e, 0, "")

t0 = time.monotonic()
ts = [threading.Thread(target=read, args=(i,)) for i in range(readers)]
for t in ts:
    t.start()
for t in ts:
    t.join()
took = time.monotonic() - t0
peak_mb = int([l for l in open("/proc/%s/status" % pid)
               if l.startswith("VmHWM")][0].split()[1]) / 1024
print("log: %.0f MB; %d concurrent readers took %.1f s" % (size / 1048576, readers, took))
print("server peak RSS: %.0f MB after loading, %.0f MB after the readers "
      "(readers x log = %.0f MB)" % (load_kb / 1024, peak_mb, readers * size / 1048576))
bad = 0
for i, (status, n, digest) in enumerate(got):
    if status != "200" or n != size or digest != want:
        print("FAIL reader %d: status %s, %d bytes of %d, %s" % (i, status, n, size,
              "same bytes" if digest == want else "other bytes"))
        bad = 1
limit = 150
if peak_mb > limit:
    print("FAIL peak RSS %.0f MB past %.0f MB" % (peak_mb, limit)); bad = 1
sys.exit(bad)
PY
rc=$?
kill -0 "$PID" 2>/dev/null || { echo "FAIL the server died"; cat "$work/serve.out"; exit 1; }
[ $rc -eq 0 ] && echo "serve streamed the log to every reader" && exit 0
tail -5 "$work/serve.out"
exit 1
