# Huge logs are capped per stream, newest kept: 10,000 lines by default,
# and --max-log-bytes; memory stays small while a long log streams in.
. "$(dirname "$0")/lib/collect_env.sh"
log=logs/ml-train/trainer-0/trainer.log
copy_fixture "$WORK/fx" "
with open('$log', 'a') as f:
    for i in range(25000):
        f.write('2026-11-20T09:58:%02d.%09dZ step %06d loss=%.4f padding %s\\n'
                % (i % 60, i, i, 1.0 / (i + 1), 'x' * 8))
"
start_api big
last=$(tail -n 1 "$WORK/fx/$log")

check_cap() {   # check_cap BUNDLE MAXLINES MAXBYTES
    json_check "$1" "
d = members['$log']
lines = d.decode().splitlines()
assert len(lines) <= $2, len(lines)
assert len(d) <= $3, len(d)
assert len(lines) >= min($2, 100), len(lines)
assert lines[-1] == '''$last''', 'the newest line was not kept: ' + lines[-1]
assert all(l.startswith('2026-') for l in lines), 'a line was cut'
col = {c['name']: c for c in manifest['collectors']}
assert col['logs']['status'] == 'ok', col['logs']
"
}

/usr/bin/time -f "%M" -o "$WORK/rss" "$COLLECT" --quiet \
    --kubeconfig "$WORK/big/kubeconfig" --output "$WORK/a.tgz" 2>"$WORK/err"
RC=$?
[ "$RC" = 0 ] || fail "default caps: exit $RC: $(cat "$WORK/err")"
check_cap "$WORK/a.tgz" 10000 5242880
rss=$(tail -n 1 "$WORK/rss")
[ "$rss" -lt 102400 ] || fail "peak RSS ${rss} KiB while streaming a 12 MB log"

run_collect "$WORK/b.tgz" --kubeconfig "$WORK/big/kubeconfig" \
    --max-log-bytes 50000
[ "$RC" = 0 ] || fail "--max-log-bytes: exit $RC: $(cat "$WORK/err")"
check_cap "$WORK/b.tgz" 10000 50000

run_collect "$WORK/c.tgz" --kubeconfig "$WORK/big/kubeconfig" \
    --max-log-lines 7
[ "$RC" = 0 ] || fail "--max-log-lines: exit $RC: $(cat "$WORK/err")"
check_cap "$WORK/c.tgz" 7 5242880
echo ok
