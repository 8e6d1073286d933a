#!/bin/bash
# analyze never destroys what it was given (issue 15): an output (report,
# --db) that names an input bundle, under any spelling, is refused before
# anything is written; a report replaces a planted symlink instead of
# writing through it; a full disk is reported as such, with the path.
set -u
: "${SB_BUILD:?}" "${SB_SRC:?}"
analyze=$SB_BUILD/analyze
command -v python3 >/dev/null || { echo "python3 missing: skip"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sb-outputs.XXXXXX")
mnt=
cleanup() {
    [ -n "$mnt" ] && umount "$mnt" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

python3 - "$work/b.tar.gz" <<'PY'
import gzip, io, sys, tarfile
def add(t, name, text):
    ti = tarfile.TarInfo("sbundle-x/" + name)
    ti.size = len(text)
    t.addfile(ti, io.BytesIO(text.encode()))
with open(sys.argv[1], "wb") as f:
    with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as gz:
        with tarfile.open(fileobj=gz, mode="w") as t:
            add(t, "resources/_cluster/nodes.json",
                '{"kind":"NodeList","apiVersion":"v1","items":[{"kind":'
                '"Node","metadata":{"name":"n1"}}]}')
PY
[ $? -eq 0 ] || { echo "cannot generate the bundle"; exit 1; }
sum=$(sha256sum <"$work/b.tar.gz")
ln "$work/b.tar.gz" "$work/hard.tar.gz"
ln -s b.tar.gz "$work/soft.json"

# refused OUTPUT_ARGS...: exit 2, says so, the bundle unchanged
refused() {
    local rc
    (cd "$work" && "$analyze" b.tar.gz -q "$@" >"$work/out" 2>"$work/err")
    rc=$?
    if [ "$rc" -ne 2 ]; then
        fail "'$*': exit $rc, expected 2"; cat "$work/err"
    elif ! grep -q "it is the bundle 'b.tar.gz' being analyzed" "$work/err"
    then
        fail "'$*': stderr lacks the reason:"; cat "$work/err"
    else
        echo "ok   refused: $*"
    fi
    [ "$(sha256sum <"$work/b.tar.gz")" = "$sum" ] ||
        { fail "'$*' changed the bundle"; exit 1; }
}
refused -f json -o b.tar.gz
refused -f json -o ./b.tar.gz
refused -f html -o "$work/b.tar.gz"
refused -f md -o hard.tar.gz
refused -f json -o soft.json
refused --db b.tar.gz
refused --db hard.tar.gz -f json -o r.json
[ -e "$work/r.json" ] && fail "a report was written before the refusal"

# a symlink planted at the report's path is replaced, not written through
echo "precious" >"$work/victim"
ln -s victim "$work/planted.json"
(cd "$work" && "$analyze" b.tar.gz -q -f json -o planted.json >/dev/null) ||
    fail "analyze with a planted symlink at the output"
[ "$(cat "$work/victim")" = "precious" ] ||
    fail "the report was written through the planted symlink"
[ -L "$work/planted.json" ] && fail "the symlink is still there"
grep -q '"findings"' "$work/planted.json" 2>/dev/null ||
    grep -q '{' "$work/planted.json" || fail "no report at planted.json"
# the default report paths (next to the bundle) too
ln -s victim "$work/b.md"
(cd "$work" && "$analyze" b.tar.gz -q -f md >/dev/null) || fail "analyze -f md"
[ "$(cat "$work/victim")" = "precious" ] ||
    fail "the md report was written through the planted symlink"
# a device is written to, not replaced
(cd "$work" && "$analyze" b.tar.gz -q -f json -o /dev/null >/dev/null) ||
    fail "analyze -o /dev/null"
[ -c /dev/null ] || { echo "FAIL /dev/null replaced"; exit 1; }
# no temporary file left beside the reports
ls "$work" | grep -q '\.[A-Za-z0-9]\{6\}$' &&
    { fail "temporary files left:"; ls "$work"; }
echo "ok   symlinks replaced, devices written"

# a full disk: the report, then the database
err=$(cd "$work" && "$analyze" b.tar.gz -q -f json -o /dev/full 2>&1)
case $err in
    *"cannot write '/dev/full': No space left on device"*)
        echo "ok   full device named" ;;
    *) fail "report on /dev/full said: $err" ;;
esac
mkdir "$work/small"
if mount -t tmpfs -o size=64k tmpfs "$work/small" 2>/dev/null; then
    mnt=$work/small
    err=$(cd "$work" && "$analyze" b.tar.gz -q --db small/x.db -f json \
          -o r2.json 2>&1)
    case $err in
        *"small/x.db"*"No space left on device"*)
            echo "ok   full disk under the database named" ;;
        *) fail "database on a full disk said: $err" ;;
    esac
    head -c 60000 /dev/zero >"$work/small/fill" 2>/dev/null
    err=$(cd "$work" && "$analyze" b.tar.gz -q -f json -o small/r.json 2>&1)
    case $err in
        *"cannot write 'small/r.json': No space left on device"*)
            echo "ok   full disk under the report named" ;;
        *) fail "report on a full disk said: $err" ;;
    esac
    ls "$work/small" | grep -q 'r\.json' &&
        fail "a partial report was left: $(ls "$work/small")"
else
    echo "skip full-disk cases: cannot mount a small tmpfs here"
fi

[ "$fails" -eq 0 ] && echo "all outputs safe" && exit 0
echo "$fails failures"; exit 1
