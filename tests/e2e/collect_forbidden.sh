# RBAC: forbidden secrets and configmaps are gaps with 403, never fatal:
# exit 3, the rest collected, the manifest says what is missing.
. "$(dirname "$0")/lib/collect_env.sh"
start_api rbac --forbid secrets,configmaps
run_collect "$WORK/b.tgz" --kubeconfig "$WORK/rbac/kubeconfig"
[ "$RC" = 3 ] || fail "exit $RC, want 3: $(cat "$WORK/err")"
json_check "$WORK/b.tgz" '
assert manifest["complete"] is False
gaps = {g["target"]: g for g in manifest["gaps"]}
for r in ("secrets", "configmaps"):
    g = gaps.get(r)
    assert g, "no gap for %s in %s" % (r, list(gaps))
    assert g["status"] == 403 and g["error"].startswith("403 Forbidden"), g
    assert r in g["error"], g
assert not any(p.endswith("/secrets.json") or p.endswith("/configmaps.json")
               for p in members)
assert any(p.endswith("/pods.json") for p in members), "pods missing"
col = {c["name"]: c for c in manifest["collectors"]}
assert col["resources"]["status"] == "partial", col["resources"]
'
echo ok
