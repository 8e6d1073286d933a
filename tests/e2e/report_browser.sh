#!/bin/bash
# The HTML report in a real browser (headless Chromium): a bundle whose
# names, labels, annotations, logs and events carry <script>, <img onerror>
# and <svg onload> payloads renders, nothing from the bundle runs (checked
# in the rendered DOM), no request leaves the file (checked with a
# listener the payloads point at and Chromium's network log), and a
# screenshot 1400 px wide is taken of the report.
# Skips (77) when Chromium or a complete analyze is not available.
set -u
src=${SB_SRC:?} build=${SB_BUILD:?}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "skip: no chromium (scripts/deps --test installs it)"
    exit 77
fi
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }

tmp=$(mktemp -d)
listener=""
cleanup() {
    [ -n "$listener" ] && kill "$listener" 2>/dev/null && wait "$listener" \
        2>/dev/null
    [ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# a listener the payloads aim at: any request it logs is a leak
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$port" "$tmp/leaks.log" <<'EOF' &
import http.server, sys
log = open(sys.argv[2], "a")
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        log.write(self.path + "\n"); log.flush()
        self.send_response(204); self.end_headers()
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
EOF
listener=$!

# ---- the hostile bundle ------------------------------------------------
leak="http://127.0.0.1:$port"
b="$tmp/hostile"
python3 - "$b" "$leak" <<'EOF'
import json, os, sys
root, leak = sys.argv[1], sys.argv[2]
S1 = "<script>document.title='XSS1'</script>"
S2 = "<img src=x onerror=\"document.body.setAttribute('data-xss','img')\">"
S3 = "<svg onload=\"document.body.setAttribute('data-xss-svg','1')\">"
S4 = "\"><iframe src=\"%s/iframe\"></iframe>" % leak
S5 = "<link rel=stylesheet href=\"%s/css\"><img src=\"%s/img\">" % (leak, leak)
S6 = "</title><script>document.title='XSS6'</script>"
S7 = "</style><style>body{background:url(%s/bg)}</style>" % leak
S8 = "<div id=\"xss-marker\">injected</div>"
ALL = S1 + S2 + S3 + S4 + S5 + S6 + S7 + S8
T = "2026-11-23T10:%02d:00Z"

def put(rel, obj):
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(obj if isinstance(obj, str) else json.dumps(obj))

def lst(items):
    return {"kind": "List", "apiVersion": "v1", "items": items}

node_name = "node-1"
pods = []
def pod(name, phase, statuses, node=node_name, sched=None):
    p = {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": name, "namespace": "web", "uid": "u-" + name[:8],
                      "creationTimestamp": T % 0,
                      "labels": {"app": S1, "tier": S2},
                      "annotations": {"note": ALL}},
         "spec": {"containers": [{"name": "app", "image": "ex/app:" + S3}]},
         "status": {"phase": phase, "containerStatuses": statuses}}
    if node:
        p["spec"]["nodeName"] = node
    if sched:
        p["status"]["conditions"] = [{"type": "PodScheduled",
                                      "status": "False",
                                      "reason": "Unschedulable",
                                      "message": sched}]
    pods.append(p)

crash = {"name": "app", "ready": False, "restartCount": 12,
         "image": "ex/app:1",
         "state": {"waiting": {"reason": "CrashLoopBackOff",
                               "message": "back-off " + S1}},
         "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                                      "message": S2,
                                      "startedAt": T % 1,
                                      "finishedAt": T % 2}}}
pod("crash-" + S3.replace("/", ""), "Running", [crash])
pod("pending-" + S2.replace("/", ""), "Pending", [], node=None,
    sched="0/1 nodes are available: 1 Insufficient nvidia.com/gpu. " + S1)
put("manifest.json", {
    "format_version": "1", "tool_version": "0.1.0", "kind": "cluster",
    "cluster": "evil" + S6, "server": "https://x" + S2,
    "kubernetes_version": "v1.30.0" + S1,
    "collection": {"start": T % 5, "end": T % 6},
    "collectors": [{"name": "logs" + S3, "status": "partial",
                    "duration_ms": 1, "error": S4}],
    "gaps": [{"collector": "resources", "target": "secrets" + S5,
              "status": 403, "error": "forbidden " + S1}],
    "complete": False, "redactions": {"token" + S2: 3}})
put("cluster/version.json", {"gitVersion": "v1.30.0", "major": "1",
                             "minor": "30"})
put("resources/_cluster/nodes.json", lst([{
    "apiVersion": "v1", "kind": "Node",
    "metadata": {"name": node_name, "labels": {"evil": S2, "x": S7}},
    "status": {"conditions": [{"type": "Ready", "status": "True",
                               "reason": S1, "message": S8}],
               "nodeInfo": {"kubeletVersion": "v1.30.0" + S3},
               "capacity": {"nvidia.com/gpu": "1"},
               "allocatable": {"nvidia.com/gpu": "0"}}}]))
put("resources/web/pods.json", lst(pods))
put("resources/web/events.json", lst([{
    "apiVersion": "v1", "kind": "Event",
    "metadata": {"name": "e%d" % i, "namespace": "web"},
    "involvedObject": {"kind": "Pod", "namespace": "web",
                       "name": pods[0]["metadata"]["name"]},
    "reason": r, "message": m + " " + ALL, "type": "Warning", "count": 3,
    "firstTimestamp": T % 1, "lastTimestamp": T % 4}
    for i, (r, m) in enumerate([("BackOff", "Back-off restarting failed "
                                 "container app"),
                                ("Failed", "Error: " + S5)])]))
put("resources/web/deployments.apps.json", lst([{
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "dep" + S2.replace("/", ""), "namespace": "web"},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": S1}}},
    "status": {"replicas": 2, "readyReplicas": 0, "availableReplicas": 0}}]))
put("resources/web/services.json", lst([{
    "apiVersion": "v1", "kind": "Service",
    "metadata": {"name": "svc", "namespace": "web"},
    "spec": {"selector": {"app": S8}, "ports": [{"port": 80}]}}]))
log = "".join("2026-11-23T10:0%d:00.000000000Z %s\n" % (i % 4, line)
              for i, line in enumerate(["Traceback (most recent call last):",
                                        S1, S2, S3, S4, S5, S7, S8,
                                        "Error: " + ALL,
                                        "RuntimeError: CUDA error: " + S6]))
d = "logs/web/%s" % pods[0]["metadata"]["name"]
put(d + "/app.log", log)
put(d + "/app.previous.log", log)
put("nodes/%s/logs/kern.log" % node_name,
    "Nov 23 10:02:11 node-1 kernel: NVRM: Xid (PCI:0000:3b:00): 79, " + ALL
    + "\n")
EOF
[ -f "$b/manifest.json" ] || fail "cannot write the hostile bundle"

# ---- the report ---------------------------------------------------------
html="$tmp/report.html"
if ! "$build/analyze" "$b" --format html --output "$html" \
        >"$tmp/analyze.out" 2>&1; then
    if grep -q "built without" "$tmp/analyze.out"; then
        echo "skip: analyze is not complete yet:"
        cat "$tmp/analyze.out"
        exit 77
    fi
    cat "$tmp/analyze.out"
    fail "analyze failed on the hostile bundle"
fi
[ -s "$html" ] || fail "no report written"
grep -q "Content-Security-Policy" "$html" || fail "no CSP meta tag"
grep -qi "<script" "$html" && fail "the report holds a <script> tag"

# ---- in the browser ---------------------------------------------------------
run_browser() {
    timeout 90 "$browser" --headless --no-sandbox --disable-gpu \
        --disable-quic --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --disable-extensions \
        --disable-default-apps --user-data-dir="$(mktemp -d -p "$tmp")" \
        --hide-scrollbars "$@" "file://$html"
}
run_browser --virtual-time-budget=3000 --log-net-log="$tmp/netlog.json" \
    --dump-dom >"$tmp/dom.html" 2>"$tmp/browser.err" ||
    { cat "$tmp/browser.err"; fail "chromium could not load the report"; }
[ -s "$tmp/dom.html" ] || fail "chromium dumped no DOM"
grep -q 'id="findings"' "$tmp/dom.html" || fail "the report did not render"

# the payloads are in the page as text ...
grep -q "document.title='XSS1'" "$tmp/dom.html" ||
    fail "the payload text is missing: the test proves nothing"
grep -q "setAttribute('data-xss','img')" "$tmp/dom.html" ||
    fail "the <img onerror> payload text is missing"
grep -q "setAttribute('data-xss-svg','1')" "$tmp/dom.html" ||
    fail "the <svg onload> payload text is missing"
# ... and none of them ran or became markup
grep -q '<title>XSS' "$tmp/dom.html" && fail "a script set document.title"
grep -Eq 'data-xss(-svg)?="' "$tmp/dom.html" &&
    fail "an event handler ran (body attribute set)"
grep -qi '<script' "$tmp/dom.html" && fail "a <script> element exists"
grep -Eqi '<(img|iframe|link)[ >]' "$tmp/dom.html" &&
    fail "a payload element exists"
grep -qi '<svg onload' "$tmp/dom.html" && fail "an <svg onload> exists"
grep -q '<div id="xss-marker"' "$tmp/dom.html" && fail "a payload <div> exists"
[ "$(grep -oi '<style' "$tmp/dom.html" | wc -l)" -eq 1 ] ||
    fail "a payload <style> element exists"

# no request left the file: nothing reached the listener, and the network
# log has no request the page started (the browser's own update and
# account checks have no initiator: "not an origin")
page_requests() {
    python3 - "$1" <<'PY'
import json, sys
raw = open(sys.argv[1]).read().rstrip()
try:
    j = json.loads(raw)
except ValueError:      # a log cut short by the browser's exit
    j = json.loads(raw.rstrip(",") + "]}")
types = {v: k for k, v in j["constants"]["logEventTypes"].items()}
for e in j.get("events", []):
    p = e.get("params", {})
    if types.get(e["type"]) == "URL_REQUEST_START_JOB" and \
            "url" in p and p.get("initiator") != "not an origin" and \
            not p["url"].startswith(("file:", "data:")):
        print(p.get("url"))
PY
}
sleep 0.5
[ -s "$tmp/leaks.log" ] && { cat "$tmp/leaks.log"; fail "requests left"; }
[ -s "$tmp/netlog.json" ] || fail "chromium wrote no network log"
reqs=$(page_requests "$tmp/netlog.json") || fail "cannot read the network log"
[ -n "$reqs" ] && { echo "$reqs"; fail "the page made requests"; }

# the control: a page that does fetch is seen by both checks, so the
# checks above can see a leak
printf '<img src="%s/control">' "$leak" >"$tmp/control.html"
html="$tmp/control.html" run_browser --virtual-time-budget=3000 \
    --log-net-log="$tmp/control.json" --dump-dom >/dev/null 2>&1
sleep 0.5
grep -q /control "$tmp/leaks.log" 2>/dev/null ||
    fail "control: the listener saw no request"
page_requests "$tmp/control.json" | grep -q /control ||
    fail "control: the network log shows no request"
html="$tmp/report.html"

# a screenshot 1400 px wide, as the docs show it
run_browser --window-size=1400,2400 --screenshot="$tmp/report.png" \
    >/dev/null 2>&1 || fail "chromium could not take a screenshot"
width=$(od -An -tu1 -j16 -N4 "$tmp/report.png" |
        awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
[ "$width" = 1400 ] || fail "screenshot is $width px wide, not 1400"
echo "ok: no payload ran, no request left the file, screenshot 1400 px"
