# Shared by the e2e scripts that build a cluster folder, serve it with the
# test API server and collect it (analyze_*, demo_cluster): sourced, not
# run. Skips (77) when python3 or a binary is missing; defines src, build,
# tmp (a private folder removed at exit, with any server still running),
# fail, and collect_from.
set -u
src=${SB_SRC:?} build=${SB_BUILD:?}
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
for b in collect analyze sb-testapi; do
    [ -x "$build/$b" ] || { echo "skip: no $b"; exit 77; }
done
tmp=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# collect_from DIR OUTPUT: serves the cluster folder DIR, collects it into
# OUTPUT with the real collect, then stops the server. Exit 3 (the bundle
# has gaps) is accepted: these clusters leave some kinds out on purpose.
collect_from() {
    rm -rf "$tmp/api"
    "$build/sb-testapi" "$1" --dir "$tmp/api" >"$tmp/api.log" 2>&1 &
    pid=$!
    for _ in $(seq 300); do
        [ -s "$tmp/api/port" ] && break
        kill -0 "$pid" 2>/dev/null ||
            { cat "$tmp/api.log"; fail "server died"; }
        sleep 0.1
    done
    [ -s "$tmp/api/port" ] || fail "the API server did not start"
    local rc=0
    "$build/collect" --kubeconfig "$tmp/api/kubeconfig" -q --output "$2" ||
        rc=$?
    [ $rc -eq 0 ] || [ $rc -eq 3 ] || fail "collect exited $rc"
    kill "$pid" && wait "$pid" 2>/dev/null
    pid=""
}
