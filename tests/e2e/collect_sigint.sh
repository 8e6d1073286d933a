# Ctrl-C: SIGINT part way still writes a valid bundle marked incomplete
# (exit 3); the partial file never keeps the final name half-written.
. "$(dirname "$0")/lib/collect_env.sh"
start_api slow --latency-ms 300
"$COLLECT" --quiet --parallel 2 --kubeconfig "$WORK/slow/kubeconfig" \
    --output "$WORK/b.tgz" 2>"$WORK/err" &
pid=$!
sleep 2.5
kill -INT $pid
wait $pid
RC=$?
[ "$RC" = 3 ] || fail "exit $RC after SIGINT, want 3: $(cat "$WORK/err")"
[ ! -e "$WORK/b.tgz.partial" ] || fail "partial file left behind"
json_check "$WORK/b.tgz" '
assert manifest["complete"] is False
assert manifest["stopped"] == "interrupted", manifest["stopped"]
assert any(g["error"] == "interrupted" or "interrupted" in g["error"]
           for g in manifest["gaps"]), manifest["gaps"][:3]
for f in manifest["files"]:
    assert f["path"] in members
'
echo ok
