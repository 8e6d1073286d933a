# --timeout: a slow server and a short deadline still give a valid bundle
# marked incomplete, listing what was not collected; exit 3, on time.
. "$(dirname "$0")/lib/collect_env.sh"
start_api slow --latency-ms 400
t0=$(date +%s)
run_collect "$WORK/b.tgz" --kubeconfig "$WORK/slow/kubeconfig" \
    --timeout 3s --parallel 2
t1=$(date +%s)
[ "$RC" = 3 ] || fail "exit $RC, want 3: $(cat "$WORK/err")"
[ $((t1 - t0)) -le 20 ] || fail "took $((t1 - t0))s with --timeout 3s"
json_check "$WORK/b.tgz" '
import hashlib
assert manifest["complete"] is False and manifest["stopped"] == "deadline"
assert manifest["gaps"], "no gaps listed"
assert any("deadline" in g["error"] for g in manifest["gaps"])
for f in manifest["files"]:
    d = members[f["path"]]
    assert hashlib.sha256(d).hexdigest() == f["sha256"], f["path"]
    assert len(d) == f["size"], f["path"]
assert "cluster/version.json" in members
'
echo ok
