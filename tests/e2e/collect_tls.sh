# TLS: the server's certificate is verified against the kubeconfig's CA;
# another CA fails with x509's words, exit 1 and no bundle.
. "$(dirname "$0")/lib/collect_env.sh"
start_api tls --token e2e-token-tls

write_kubeconfig "$WORK/good.kc" tls "    token: e2e-token-tls"
run_collect "$WORK/good.tgz" --kubeconfig "$WORK/good.kc"
[ "$RC" = 0 ] || fail "collect with the right CA exited $RC: $(cat "$WORK/err")"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/other.key" \
    -out "$WORK/other.crt" -days 2 -subj /CN=another-ca 2>/dev/null ||
    fail "openssl cannot make a CA"
write_kubeconfig "$WORK/bad.kc" tls "    token: e2e-token-tls" "$WORK/other.crt"
run_collect "$WORK/bad.tgz" --kubeconfig "$WORK/bad.kc"
[ "$RC" = 1 ] || fail "collect with another CA exited $RC, want 1"
grep -q "x509: certificate signed by unknown authority" "$WORK/err" ||
    fail "the error does not say x509: $(cat "$WORK/err")"
[ ! -e "$WORK/bad.tgz" ] && [ ! -e "$WORK/bad.tgz.partial" ] ||
    fail "a bundle was left behind"

# insecure-skip-tls-verify accepts it, as kubectl does
sed 's|    certificate-authority: .*|    insecure-skip-tls-verify: true|' \
    "$WORK/bad.kc" >"$WORK/insecure.kc"
run_collect "$WORK/insecure.tgz" --kubeconfig "$WORK/insecure.kc"
[ "$RC" = 0 ] || fail "insecure-skip-tls-verify exited $RC: $(cat "$WORK/err")"
echo ok
