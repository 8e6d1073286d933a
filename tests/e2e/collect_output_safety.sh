# Nothing the user had is lost or overwritten: a link planted at
# OUTPUT.partial is never written through, an output that exists (a
# folder, a file) is refused before the cluster is asked anything; a
# legal name that is no plain path ("x..y", "..", "a%b\c") is encoded,
# never refused, and costs no other object.
. "$(dirname "$0")/lib/collect_env.sh"
copy_fixture "$WORK/fx" '
import json, os
p = "resources/ml-train/pods.json"
d = json.load(open(p))
pod = json.loads(json.dumps(d["items"][0]))
for it in d["items"]:
    if it["spec"].get("nodeName") and it["metadata"]["name"] == "trainer-0":
        pod = json.loads(json.dumps(it))
pod["metadata"]["name"] = "x..y"
pod["metadata"]["uid"] = "9e3c7f52-0000-4000-8000-000000000001"
d["items"].append(pod)
json.dump(d, open(p, "w"))
c = pod["spec"]["containers"][0]["name"]
os.makedirs("logs/ml-train/x..y")
open("logs/ml-train/x..y/%s.log" % c, "w").write(
    "2026-11-20T09:00:00.000000000Z odd pod says hello\n")
p = "resources/ml-train/services.json"
d = json.load(open(p))
for name in ("..", "a%b\\c"):
    s = json.loads(json.dumps(d["items"][0]))
    s["metadata"]["name"] = name
    d["items"].append(s)
json.dump(d, open(p, "w"))
'
start_api safe
kc=$WORK/safe/kubeconfig
nreq() { wc -l <"$WORK/safe/requests.log" 2>/dev/null || echo 0; }

# a planted link at OUTPUT.partial: its target is untouched
echo "precious" >"$WORK/target"
ln -s "$WORK/target" "$WORK/a.tgz.partial"
before=$(nreq)
run_collect "$WORK/a.tgz" --kubeconfig "$kc"
[ "$RC" = 1 ] || fail "planted link: exit $RC, expected 1"
grep -q "cannot create '$WORK/a.tgz.partial': File exists" "$WORK/err" ||
    fail "planted link: $(cat "$WORK/err")"
[ "$(cat "$WORK/target")" = precious ] || fail "the link was followed"
[ -L "$WORK/a.tgz.partial" ] || fail "the planted link was removed"
[ ! -e "$WORK/a.tgz" ] || fail "an output appeared"
[ "$(nreq)" = "$before" ] || fail "planted link: the cluster was asked"

# an existing folder, an existing file: refused before any request
mkdir "$WORK/dir.tgz"
run_collect "$WORK/dir.tgz" --kubeconfig "$kc"
[ "$RC" = 2 ] || fail "folder: exit $RC, expected 2"
[ "$(cat "$WORK/err")" = "collect: cannot write '$WORK/dir.tgz': it is a directory" ] ||
    fail "folder: $(cat "$WORK/err")"
echo "old bundle" >"$WORK/old.tgz"
run_collect "$WORK/old.tgz" --kubeconfig "$kc"
[ "$RC" = 2 ] || fail "existing file: exit $RC, expected 2"
grep -q "cannot write '$WORK/old.tgz': it already exists" "$WORK/err" ||
    fail "existing file: $(cat "$WORK/err")"
[ "$(cat "$WORK/old.tgz")" = "old bundle" ] || fail "the file was replaced"
run_collect "$WORK/nodir/b.tgz" --kubeconfig "$kc"
[ "$RC" = 1 ] || fail "missing folder: exit $RC, expected 1"
grep -q "cannot create '$WORK/nodir/b.tgz.partial': No such file" \
    "$WORK/err" || fail "missing folder: $(cat "$WORK/err")"
[ "$(nreq)" = "$before" ] || fail "a refused output still asked the cluster"

# odd names: encoded members, every other object still there
run_collect "$WORK/b.tgz" --kubeconfig "$kc"
[ "$RC" = 0 ] || fail "odd names: exit $RC: $(cat "$WORK/err")"
json_check "$WORK/b.tgz" '
pods = names(members["resources/ml-train/pods.json"])
assert ("ml-train", "x..y") in pods, pods
fx = fixture_files()
assert names(members["resources/ml-train/pods.json"]) == \
    names(fx["resources/ml-train/pods.json"])
assert any(p.startswith("logs/ml-train/x..y/") for p in members), \
    sorted(p for p in members if p.startswith("logs/ml-train"))
assert "describe/ml-train/pods/x..y.txt" in members
assert "describe/ml-train/services/%2E%2E.txt" in members
assert "describe/ml-train/services/a%25b%5Cc.txt" in members
assert b"a%b\\c" in members["describe/ml-train/services/a%25b%5Cc.txt"]
assert manifest["complete"] is True, manifest["gaps"]
'
# the loader finds the odd pod and its log by its name
if [ -x "$SB_BUILD/analyze" ]; then
    "$SB_BUILD/analyze" "$WORK/b.tgz" --db "$WORK/b.db" -f json \
        -o "$WORK/r.json" >/dev/null 2>"$WORK/aerr" ||
        fail "analyze: $(cat "$WORK/aerr")"
    python3 - "$WORK/b.db" <<'PY' || fail "the loader lost the odd pod"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in db.execute(
    "select name from sqlite_master where type in ('table','view')")]
found = False
for t in tables:
    cols = [r[1] for r in db.execute("pragma table_info('%s')" % t)]
    if "name" in cols and "namespace" in cols:
        if db.execute("select 1 from \"%s\" where name = 'x..y'" % t).fetchone():
            found = True
assert found, "no table holds the pod x..y"
PY
fi
echo ok
