# --timeout bounds everything: an exec credential plugin that hangs gets
# what is left of the timeout, not its own 60 s; on a cluster of
# thousands of pods the describe pass stops at the deadline too, so the
# run ends near --timeout with a valid bundle.
. "$(dirname "$0")/lib/collect_env.sh"
now() { date +%s.%N; }
elapsed_ok() {  # elapsed_ok T0 T1 MAX WHAT
    python3 -c "import sys; d = $2 - $1; print('$4 took %.1f s' % d);
sys.exit(0 if d < $3 else 1)" || fail "$4 took too long"
}

start_api tok
cat >"$WORK/hang.sh" <<'PLUGIN'
#!/bin/sh
exec sleep 60
PLUGIN
chmod +x "$WORK/hang.sh"
write_kubeconfig "$WORK/hang.kc" tok "    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: $WORK/hang.sh
      interactiveMode: Never"
t0=$(now)
run_collect "$WORK/a.tgz" --kubeconfig "$WORK/hang.kc" --timeout 3s
t1=$(now)
[ "$RC" = 1 ] || fail "hanging plugin: exit $RC: $(cat "$WORK/err")"
grep -q "exec plugin '$WORK/hang.sh' timed out after" "$WORK/err" ||
    fail "hanging plugin: $(cat "$WORK/err")"
elapsed_ok "$t0" "$t1" 10 "--timeout 3s with a hanging exec plugin"
[ ! -e "$WORK/a.tgz" ] && [ ! -e "$WORK/a.tgz.partial" ] ||
    fail "hanging plugin: a bundle was left"

# 25 ms a request: 3,000 pods take well over 4 s whatever the machine, so
# the deadline always cuts the collection
gen_cluster "$WORK/big" 3000 2
start_api big --latency-ms 25
t0=$(now)
run_collect "$WORK/b.tgz" --kubeconfig "$WORK/big/kubeconfig" --timeout 4s
t1=$(now)
[ "$RC" = 3 ] || fail "big cluster: exit $RC: $(cat "$WORK/err")"
elapsed_ok "$t0" "$t1" 5.5 "--timeout 4s on 3,000 pods"
json_check "$WORK/b.tgz" '
assert manifest["stopped"] == "deadline", manifest["stopped"]
assert manifest["complete"] is False
assert any("deadline" in g["error"] for g in manifest["gaps"]), manifest["gaps"][:3]
'
echo ok
