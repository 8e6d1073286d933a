# Shared setup for tests/e2e/collect_*.sh: sourced, not run.
# Serves the fixture bundle with the project's test API server on
# 127.0.0.1 and offers helpers to run collect and read what it wrote.
set -u
: "${SB_SRC:?SB_SRC must name the source folder}"
: "${SB_BUILD:?SB_BUILD must name the build folder}"
COLLECT=$SB_BUILD/collect
TESTAPI=$SB_BUILD/sb-testapi
FIXTURE=$SB_SRC/tests/data/mini-cluster
if [ ! -x "$TESTAPI" ] || [ ! -d "$FIXTURE" ]; then
    echo "skip: sb-testapi or the mini-cluster fixture is not built"
    exit 77
fi
command -v python3 >/dev/null || { echo "skip: needs python3"; exit 77; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sb-collect-e2e.XXXXXX")
API_PIDS=""

cleanup() {
    for p in $API_PIDS; do
        kill "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# start_api NAME [sb-testapi options]: serves the fixture; STATE=$WORK/NAME.
start_api() {
    local name=$1 i
    shift
    mkdir -p "$WORK/$name"
    "$TESTAPI" "$FIXTURE" --dir "$WORK/$name" "$@" \
        >"$WORK/$name.out" 2>&1 &
    API_PIDS="$API_PIDS $!"
    for i in $(seq 1 200); do
        [ -s "$WORK/$name/port" ] && return 0
        sleep 0.1
    done
    cat "$WORK/$name.out" >&2
    fail "sb-testapi did not start"
}

# copy_fixture DIR PYTHON: copies the fixture to DIR, runs PYTHON there
# (cwd DIR) to change it, then makes its manifest's sizes and hashes
# true again; FIXTURE then names the copy.
copy_fixture() {
    cp -r "$FIXTURE" "$1"
    (cd "$1" && python3 -c "$2") || fail "cannot change the fixture copy"
    python3 - "$1" <<'PY' || fail "cannot update the fixture's manifest"
import hashlib, json, os, sys
top = sys.argv[1]
m = json.load(open(os.path.join(top, "manifest.json")))
for f in m.get("files", []):
    d = open(os.path.join(top, f["path"]), "rb").read()
    f["size"], f["sha256"] = len(d), hashlib.sha256(d).hexdigest()
json.dump(m, open(os.path.join(top, "manifest.json"), "w"))
PY
    FIXTURE=$1
}

# gen_cluster DIR PODS LOG_LINES: a big synthetic cluster (bench's
# generator) whose empty lists are left out (sb-testapi's index trips on
# an empty collection under UBSan); FIXTURE then names it.
gen_cluster() {
    python3 "$SB_SRC/bench/gen_cluster.py" "$1" "$2" "$3" >/dev/null ||
        fail "cannot generate the cluster"
    python3 - "$1" <<'PY' || fail "cannot prune the generated cluster"
import json, os, sys
top = sys.argv[1]
mp = os.path.join(top, "manifest.json")
m = json.load(open(mp))
gone = set()
for d, _, fs in os.walk(os.path.join(top, "resources")):
    for f in fs:
        p = os.path.join(d, f)
        if f.endswith(".json") and not json.load(open(p)).get("items"):
            os.remove(p)
            gone.add(os.path.relpath(p, top))
m["files"] = [f for f in m.get("files", []) if f["path"] not in gone]
json.dump(m, open(mp, "w"))
PY
    FIXTURE=$1
}

# write_kubeconfig FILE NAME USER-YAML: a kubeconfig for server NAME whose
# CA is $WORK/NAME/ca.crt and whose user entry is USER-YAML (indented 4).
write_kubeconfig() {
    local file=$1 name=$2 user=$3 ca
    ca=${4:-$WORK/$2/ca.crt}
    cat >"$file" <<KC
apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: https://127.0.0.1:$(cat "$WORK/$name/port")
    certificate-authority: $ca
contexts:
- name: test
  context:
    cluster: test
    user: tester
current-context: test
users:
- name: tester
  user:
$user
KC
}

# run_collect OUT.tgz [collect options]: sets RC, stderr in $WORK/err.
run_collect() {
    local out=$1
    shift
    "$COLLECT" --quiet --output "$out" "$@" 2>"$WORK/err"
    RC=$?
}

# json_check BUNDLE PYTHON: runs PYTHON with 'members' (path -> bytes,
# relative to the top folder) and 'manifest' (parsed) defined; a failed
# assert fails the test.
json_check() {
    local bundle=$1 code=$2
    python3 - "$bundle" "$FIXTURE" <<PY || fail "check failed on $bundle"
import json, os, sys, tarfile
bundle, fixture = sys.argv[1], sys.argv[2]
members = {}
with tarfile.open(bundle, "r:gz") as t:
    tops = set()
    for m in t.getmembers():
        if m.isfile():
            top, _, rel = m.name.partition("/")
            tops.add(top)
            members[rel] = t.extractfile(m).read()
assert len(tops) == 1, "one top folder, got %s" % tops
manifest = json.loads(members["manifest.json"])
def names(data):
    return sorted((i["metadata"].get("namespace"), i["metadata"]["name"])
                  for i in json.loads(data)["items"])
def fixture_files():
    out = {}
    for d, _, fs in os.walk(fixture):
        for f in fs:
            p = os.path.join(d, f)
            out[os.path.relpath(p, fixture)] = open(p, "rb").read()
    return out
$code
PY
}
