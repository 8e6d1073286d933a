# Credentials: bearer token (right and wrong), client certificate, and an
# exec credential plugin.
. "$(dirname "$0")/lib/collect_env.sh"
start_api tok --token e2e-token-auth

write_kubeconfig "$WORK/tok.kc" tok "    token: e2e-token-auth"
run_collect "$WORK/tok.tgz" --kubeconfig "$WORK/tok.kc"
[ "$RC" = 0 ] || fail "bearer token: exit $RC: $(cat "$WORK/err")"

write_kubeconfig "$WORK/wrong.kc" tok "    token: not-the-token"
run_collect "$WORK/wrong.tgz" --kubeconfig "$WORK/wrong.kc"
[ "$RC" = 1 ] || fail "wrong token: exit $RC, want 1"
grep -q "401 Unauthorized" "$WORK/err" || fail "wrong token: $(cat "$WORK/err")"

# exec plugin (client.authentication.k8s.io/v1): its token is used
cat >"$WORK/plugin.sh" <<PLUGIN
#!/bin/sh
echo ran >>"$WORK/plugin.ran"
cat <<J
{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
 "status":{"token":"e2e-token-auth"}}
J
PLUGIN
chmod +x "$WORK/plugin.sh"
write_kubeconfig "$WORK/exec.kc" tok "    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: $WORK/plugin.sh
      interactiveMode: Never"
run_collect "$WORK/exec.tgz" --kubeconfig "$WORK/exec.kc"
[ "$RC" = 0 ] || fail "exec plugin: exit $RC: $(cat "$WORK/err")"
[ -s "$WORK/plugin.ran" ] || fail "the exec plugin did not run"

# client certificate: the server's own kubeconfig carries it
start_api cert --client-cert
run_collect "$WORK/cert.tgz" --kubeconfig "$WORK/cert/kubeconfig"
[ "$RC" = 0 ] || fail "client certificate: exit $RC: $(cat "$WORK/err")"
grep -v '^ *token:' "$WORK/cert/kubeconfig" >"$WORK/cert-only.kc"
run_collect "$WORK/cert2.tgz" --kubeconfig "$WORK/cert-only.kc"
[ "$RC" = 0 ] || fail "client certificate alone: exit $RC: $(cat "$WORK/err")"
echo ok
