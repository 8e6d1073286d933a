#!/bin/bash
# analyze serve under idle and slow clients (issue 15): 1,000 half-open
# connections (no TLS handshake, no token) from one address and 50
# slowloris clients (a header byte a second) from another, while
# legitimate clients open new TLS connections and read pods and a log.
# Every legitimate request must succeed, the slow clients must be cut at
# the header timeout, and the server's peak RSS must stay bounded. Prints
# the handshake success rate, the cut times and the peak RSS.
set -u
: "${SB_BUILD:?}" "${SB_SRC:?}"
analyze=$SB_BUILD/analyze
command -v python3 >/dev/null || { echo "python3 missing: skip"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sb-soak.XXXXXX")
PID=
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && { wait "$PID"; } 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

python3 - "$work/b.tar.gz" <<'PY'
import gzip, io, json, sys, tarfile
def add(t, name, data):
    ti = tarfile.TarInfo("sbundle-x/" + name)
    ti.size = len(data)
    t.addfile(ti, io.BytesIO(data))
pods = {"kind": "PodList", "apiVersion": "v1", "items": [
    {"kind": "Pod", "apiVersion": "v1",
     "metadata": {"name": "p%d" % i, "namespace": "a",
                  "uid": "u%d" % i, "creationTimestamp": "2026-11-23T10:00:00Z"},
     "spec": {"containers": [{"name": "c", "image": "x"}]},
     "status": {"phase": "Running"}} for i in range(50)]}
log = "".join("2026-11-23T10:%02d:%02dZ line %d %s\n" % (i // 60 % 60, i % 60, i, "z" * 80)
              for i in range(2000)).encode()
with open(sys.argv[1], "wb") as f:
    with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as gz:
        with tarfile.open(fileobj=gz, mode="w") as t:
            add(t, "resources/a/pods.json", json.dumps(pods).encode())
            add(t, "logs/a/p0/c.log", log)
PY
[ $? -eq 0 ] || { echo "cannot generate the bundle"; exit 1; }

"$analyze" serve "$work/b.tar.gz" --header-timeout 3 \
    --kubeconfig-out "$work/kc" >"$work/serve.out" 2>&1 &
PID=$!
for _ in $(seq 1 100); do [ -s "$work/kc" ] && break; sleep 0.1; done
[ -s "$work/kc" ] || { echo "analyze serve did not start"; cat "$work/serve.out"; exit 1; }
grep -q "^limits: 512 connections, 64 per client, 3 s for the headers, 60 s idle$" \
    "$work/serve.out" || { echo "FAIL the limits are not announced"; cat "$work/serve.out"; exit 1; }

python3 - "$work/kc" "$PID" <<'PY'
import base64, os, re, resource, socket, ssl, sys, threading, time
kc = open(sys.argv[1]).read()
pid = sys.argv[2]
url = re.search(r'server: "?(https://[^"\s]+)', kc).group(1)
host, port = url[len("https://"):].rsplit(":", 1)
port = int(port)
token = re.search(r'token: "?([^"\s]+)', kc).group(1)
ca = base64.b64decode(re.search(r'certificate-authority-data: "?([^"\s]+)', kc).group(1))
ctx = ssl.create_default_context(cadata=ca.decode())
ctx.check_hostname = False
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))

def connect(src, timeout=10):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((src, 0))
    s.connect((host, port))
    return s

# 1,000 half-open connections from 127.0.0.2: connected, then silent
idle = []
for _ in range(int(os.environ.get("SOAK_IDLE", "1000"))):
    try:
        idle.append(connect("127.0.0.2"))
    except OSError:
        pass

# 50 slowloris clients from 127.0.0.3: a handshake, then a byte a second
cut = []
def slowloris():
    try:
        s = ctx.wrap_socket(connect("127.0.0.3"), server_hostname="localhost")
        t0 = time.monotonic()
        s.sendall(b"GET /api/v1/pods HTTP/1.1\r\nHost: x\r\n")
        s.settimeout(1)
        for _ in range(30):
            try:
                s.sendall(b"X")
                if s.recv(1) == b"":
                    break
            except socket.timeout:
                continue
            except OSError:
                break
        cut.append(time.monotonic() - t0)
        s.close()
    except OSError:
        cut.append(0.0)
slow = [threading.Thread(target=slowloris)
        for _ in range(int(os.environ.get("SOAK_SLOW", "50")))]
for t in slow:
    t.start()
time.sleep(1)

# legitimate clients from 127.0.0.1, each request on a new TLS connection
ok = tried = 0
lock = threading.Lock()
def get(path):
    global ok, tried
    good = False
    t1 = time.monotonic()
    try:
        s = ctx.wrap_socket(connect("127.0.0.1"), server_hostname="localhost")
        s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                   "Connection: close\r\n\r\n" % (path, token)).encode())
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
        s.close()
        good = data.startswith(b"HTTP/1.1 200") and len(data) > 10000
    except OSError as e:
        print("legitimate request %s failed after %.1f s: %s"
              % (path, time.monotonic() - t1, e))
    with lock:
        tried += 1
        ok += good
def legit():
    for i in range(15):
        get("/api/v1/namespaces/a/pods" if i % 2 else
            "/api/v1/namespaces/a/pods/p0/log")
t0 = time.monotonic()
users = [threading.Thread(target=legit) for _ in range(8)]
for t in users:
    t.start()
for t in users:
    t.join()
took = time.monotonic() - t0
for t in slow:
    t.join()
rss = [l for l in open("/proc/%s/status" % pid) if l.startswith("VmHWM")][0].split()[1]
peak_mb = int(rss) / 1024
print("half-open connections opened: %d; slowloris cut after %.1f-%.1f s"
      % (len(idle), min(cut or [0]), max(cut or [0])))
print("legitimate requests: %d of %d succeeded (handshake success %.0f%%) in %.1f s"
      % (ok, tried, 100.0 * ok / max(tried, 1), took))
print("server peak RSS: %.0f MB" % peak_mb)
for s in idle:
    s.close()
bad = 0
if ok != tried:
    print("FAIL legitimate requests failed under the attack"); bad = 1
if cut and max(cut) > 3 + 3 or min(cut) < 2:
    print("FAIL slow clients were not cut at the 3 s header timeout"); bad = 1
if peak_mb > 400:
    print("FAIL peak RSS past 400 MB"); bad = 1
sys.exit(bad)
PY
rc=$?
kill -0 "$PID" 2>/dev/null || { echo "FAIL the server died"; cat "$work/serve.out"; exit 1; }
[ $rc -eq 0 ] && echo "serve held under idle and slow clients" && exit 0
cat "$work/serve.out" | tail -5
exit 1
