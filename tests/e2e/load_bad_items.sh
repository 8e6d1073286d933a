#!/bin/bash
# One bad item loses that item, recorded, never its file or the bundle
# (issue 15): a lone surrogate escape, a member past --max-member-size, a
# folder nested 20,000 deep, numbers no integer holds, a log cut short by
# a truncated archive. The bundles are generated here; `analyze serve`
# must serve the surrogate bundle too.
set -u
: "${SB_BUILD:?}" "${SB_SRC:?}"
analyze=$SB_BUILD/analyze
command -v python3 >/dev/null || { echo "python3 missing: skip"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 missing: skip"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sb-baditems.XXXXXX")
PID=
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && { wait "$PID"; } 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

python3 - "$work" <<'PY'
import gzip, io, json, os, sys, tarfile
out = sys.argv[1]

def bundle(name, members):
    with open(os.path.join(out, name), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as gz:
            with tarfile.open(fileobj=gz, mode="w") as t:
                for path, text in members:
                    data = text.encode() if isinstance(text, str) else text
                    ti = tarfile.TarInfo("sbundle-x/" + path)
                    ti.size = len(data)
                    t.addfile(ti, io.BytesIO(data))

nodes = json.dumps({"kind": "NodeList", "apiVersion": "v1", "items": [
    {"kind": "Node", "metadata": {"name": "n1"}}]})

def pod(name, extra=""):
    return ('{"kind":"Pod","metadata":{"name":"%s","namespace":"a"%s},'
            '"spec":{"containers":[{"name":"c"}]},'
            '"status":{"phase":"Running"}}' % (name, extra))

# one pod's annotation holds a lone high surrogate, one event's message a
# lone low one: both lists must load whole
pods = ('{"kind":"PodList","apiVersion":"v1","items":[%s,%s,%s]}' %
        (pod("p1"), pod("p2", ',"annotations":{"x":"bad \\ud800 here"}'),
         pod("p3", ',"annotations":{"ok":"pair \\ud83d\\ude00 \\\\ud800"}')))
events = ('{"kind":"EventList","apiVersion":"v1","items":[{"kind":"Event",'
          '"metadata":{"name":"e1","namespace":"a"},"reason":"Odd",'
          '"message":"lone \\udc00 low","involvedObject":{"kind":"Pod",'
          '"name":"p1","namespace":"a"},"count":1e400}]}')
bundle("surrogate.tar.gz", [("resources/_cluster/nodes.json", nodes),
                            ("resources/a/pods.json", pods),
                            ("resources/a/events.json", events)])

# a pods member of about 300 KB
many = ",".join(pod("big-%04d" % i, ',"labels":{"pad":"%s"}' % ("x" * 60))
                for i in range(1500))
bundle("big.tar.gz", [("resources/_cluster/nodes.json", nodes),
                      ("resources/a/pods.json",
                       '{"kind":"PodList","apiVersion":"v1","items":[%s]}'
                       % many)])

# numbers past any integer: restartCount, counters, a manifest size
cs = ('"containerStatuses":[{"name":"c","restartCount":1e400,"ready":true},'
      '{"name":"d","restartCount":1e400,"ready":true}]')
huge = ('{"kind":"PodList","apiVersion":"v1","items":[{"kind":"Pod",'
        '"metadata":{"name":"h1","namespace":"a"},"spec":{"containers":'
        '[{"name":"c"},{"name":"d"}]},"status":{"phase":"Running",%s}}]}'
        % cs)
deps = ('{"kind":"DeploymentList","apiVersion":"apps/v1","items":[{"kind":'
        '"Deployment","metadata":{"name":"d1","namespace":"a"},"spec":'
        '{"replicas":-1e300},"status":{"readyReplicas":1e400,'
        '"availableReplicas":-1e400}}]}')
bundle("numbers.tar.gz", [("resources/_cluster/nodes.json", nodes),
                          ("resources/a/pods.json", huge),
                          ("resources/a/deployments.apps.json", deps)])

# a log cut short by a truncated archive
log = "".join("2026-11-23T10:00:%02dZ line %d %s\n" % (i % 60, i, "y" * (i % 97))
              for i in range(150000))
bundle("cut.tar.gz", [("resources/_cluster/nodes.json", nodes),
                      ("logs/a/p1/c.log", log)])
data = open(os.path.join(out, "cut.tar.gz"), "rb").read()
open(os.path.join(out, "cut.tar.gz"), "wb").write(data[:len(data) * 2 // 3])

# a folder bundle with a chain of 20,000 folders beside what loads
top = os.path.join(out, "deepdir")
os.makedirs(os.path.join(top, "resources", "_cluster"))
open(os.path.join(top, "resources", "_cluster", "nodes.json"), "w").write(nodes)
os.makedirs(os.path.join(top, "resources", "a"))
open(os.path.join(top, "resources", "a", "pods.json"), "w").write(
    '{"kind":"PodList","apiVersion":"v1","items":[%s]}' % pod("p1"))
fd = os.open(top, os.O_RDONLY)
os.mkdir("chain", dir_fd=fd)
for i in range(20000):
    nfd = os.open("chain", os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    fd = nfd
    os.mkdir("chain", dir_fd=fd)
open("/proc/self/fd/%d/chain/leaf.json" % fd, "w").write("{}")
os.close(fd)
PY
[ $? -eq 0 ] || { echo "cannot generate the bundles"; exit 1; }

# run NAME BUNDLE EXPECTED_RC [ARGS...]: analyze BUNDLE into NAME.db
run() {
    local name=$1 bundle=$2 want=$3 rc
    shift 3
    "$analyze" "$work/$bundle" --db "$work/$name.db" --format json \
        --output "$work/$name.json" -q "$@" >/dev/null 2>"$work/$name.err"
    rc=$?
    if [ "$rc" -ge 128 ] || grep -q "AddressSanitizer\|runtime error" \
        "$work/$name.err"; then
        fail "$name: crashed (rc $rc)"; cat "$work/$name.err"; return 1
    fi
    [ "$rc" -eq "$want" ] ||
        { fail "$name: exit $rc, expected $want"; cat "$work/$name.err"; return 1; }
    return 0
}
# q NAME SQL EXPECTED: one value from NAME's database
q() {
    local got
    got=$(sqlite3 "$work/$1.db" "$2" 2>&1)
    [ "$got" = "$3" ] && echo "ok   $1: $2 = $3" ||
        fail "$1: '$2' gave '$got', expected '$3'"
}
# says NAME PATTERN: NAME's stderr has PATTERN
says() {
    grep -q -- "$2" "$work/$1.err" && echo "ok   $1 says '$2'" ||
        { fail "$1: stderr lacks '$2':"; cat "$work/$1.err"; }
}

run surrogate surrogate.tar.gz 0
q surrogate "SELECT count(*) FROM pods WHERE namespace = 'a'" 3
q surrogate "SELECT count(*) FROM events WHERE namespace = 'a'" 1
q surrogate "SELECT message FROM events" "lone � low"
q surrogate "SELECT json->>'$.metadata.annotations.x' FROM objects WHERE name = 'p2'" "bad � here"
q surrogate "SELECT json->>'$.metadata.annotations.ok' FROM objects WHERE name = 'p3'" 'pair 😀 \ud800'
q surrogate "SELECT count(*) FROM load_errors WHERE error LIKE '%surrogate%U+FFFD'" 2
q surrogate "SELECT count FROM events" 1
says surrogate "'resources/a/pods.json': 1 unpaired UTF-16 surrogate escape read as U+FFFD"

run big-capped big.tar.gz 0 --max-member-size 64K
q big-capped "SELECT count(*) FROM nodes" 1
q big-capped "SELECT count(*) FROM pods" 0
says big-capped "'resources/a/pods.json': larger than 65536 bytes: not loaded (raise --max-member-size to load it)"
run big-raised big.tar.gz 0 --max-member-size 1M
q big-raised "SELECT count(*) FROM pods" 1500
run big-default big.tar.gz 0
q big-default "SELECT count(*) FROM pods" 1500
"$analyze" "$work/big.tar.gz" --max-member-size 2G -q >/dev/null 2>"$work/opt.err"
[ $? -eq 2 ] && grep -q "option '--max-member-size': expected a size" "$work/opt.err" &&
    echo "ok   --max-member-size 2G refused" || fail "--max-member-size 2G: $(cat "$work/opt.err")"

run numbers numbers.tar.gz 0
q numbers "SELECT count(*) FROM containers WHERE restart_count < 0" 0
q numbers "SELECT quote(restart_count) FROM containers WHERE name = 'c'" NULL
q numbers "SELECT restarts FROM pods WHERE name = 'h1'" 2147483647
q numbers "SELECT quote(ready) || ' ' || quote(available) FROM workloads WHERE name = 'd1'" "NULL NULL"

run cut cut.tar.gz 0
q cut "SELECT status FROM files WHERE path = 'logs/a/p1/c.log'" partial
q cut "SELECT count(*) > 1000 FROM log_lines" 1
says cut "'logs/a/p1/c.log': [0-9]* lines loaded, the rest lost: "
grep -q "could not be loaded\|already ended" "$work/cut.err" &&
    fail "cut: a warning says the log was not loaded: $(cat "$work/cut.err")"

run deep deepdir 0
q deep "SELECT count(*) FROM nodes" 1
q deep "SELECT count(*) FROM pods" 1
q deep "SELECT count(*) FROM load_errors WHERE error LIKE 'folder nested more than 64 deep%'" 1

# analyze serve serves the surrogate bundle: all three pods
"$analyze" serve "$work/surrogate.tar.gz" --insecure \
    --kubeconfig-out "$work/kc" >"$work/serve.out" 2>&1 &
PID=$!
for _ in $(seq 1 100); do [ -s "$work/kc" ] && break; sleep 0.1; done
if [ -s "$work/kc" ]; then
    url=$(sed -n 's/^ *server: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$work/kc" | head -1)
    tok=$(sed -n 's/^ *token: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$work/kc" | head -1)
    n=$(curl -s -H "Authorization: Bearer $tok" \
        "$url/api/v1/namespaces/a/pods" | grep -o '"kind":"Pod"' | wc -l)
    [ "$n" -eq 3 ] && echo "ok   serve: 3 pods served" ||
        fail "serve: $n pods served, expected 3"
else
    fail "analyze serve refused the surrogate bundle: $(cat "$work/serve.out")"
fi

[ "$fails" -eq 0 ] && echo "every bad item cost only itself" && exit 0
echo "$fails failures"; exit 1
