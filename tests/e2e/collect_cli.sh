# collect's command line: usage errors exit 2 naming the option and what
# was expected; --help and --version exit 0. Needs no server.
set -u
: "${SB_BUILD:?}"
C=$SB_BUILD/collect
out=$(mktemp -d "${TMPDIR:-/tmp}/sb-collect-cli.XXXXXX")
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

expect_usage() {    # expect_usage MESSAGE ARGS...
    local msg=$1
    shift
    "$C" "$@" >"$out/o" 2>"$out/e"
    rc=$?
    [ "$rc" = 2 ] || fail "collect $* exited $rc, want 2"
    grep -qF -- "$msg" "$out/e" || fail "collect $*: stderr lacks '$msg': $(cat "$out/e")"
    [ ! -s "$out/o" ] || fail "collect $* wrote to stdout"
}

expect_usage "option '--parallel': expected a number from 1 to 256, got 'lots'" --parallel lots
expect_usage "option '--parallel': expected a number from 1 to 256, got '0'" --parallel=0
expect_usage "option '--timeout': expected a duration" --timeout soon
expect_usage "option '--since': expected a duration" --since -5m
expect_usage "unknown option '--bogus'" --bogus
expect_usage "option '--kubeconfig' needs a value" --kubeconfig
expect_usage "option '--dry-run' takes no value" --dry-run=yes
expect_usage "try 'collect --help'" --max-log-lines many

"$C" --help >"$out/h" 2>&1 || fail "--help exited $?"
for o in --kubeconfig --context --namespace --since --max-log-lines \
         --max-log-bytes --parallel --timeout --output --redact-pattern \
         --no-redact --dry-run --quiet --version; do
    grep -q -- "$o" "$out/h" || fail "--help does not mention $o"
done
"$C" --version | grep -q '^collect (sbundle) [0-9]' || fail "--version"

# nothing to connect to: exit 1 with the cause, and no bundle
HOME=$out KUBECONFIG=$out/none.yaml "$C" --quiet --output "$out/b.tgz" \
    2>"$out/e"
rc=$?
[ "$rc" = 1 ] || fail "missing kubeconfig exited $rc, want 1"
grep -q "none.yaml" "$out/e" || fail "the error does not name the file: $(cat "$out/e")"
[ ! -e "$out/b.tgz" ] || fail "a bundle was written without a cluster"
echo ok
