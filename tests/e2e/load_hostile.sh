#!/bin/bash
# Hostile bundles (issue 5): each must load what is readable, name what is
# wrong, never crash and never write a file outside --db/--output.
# The bundles are generated here; every analyze runs in an empty working
# folder that must stay empty.
set -u
: "${SB_BUILD:?}" "${SB_SRC:?}"
analyze=$SB_BUILD/analyze
command -v python3 >/dev/null || { echo "python3 missing: skip"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 missing: skip"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sb-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/cwd" "$work/in"
fails=0

python3 - "$work/in" <<'PY'
import gzip, io, os, sys, tarfile
out = sys.argv[1]

def member(t, name, data, **kw):
    ti = tarfile.TarInfo(name)
    for k, v in kw.items():
        setattr(ti, k, v)
    if isinstance(data, str):
        data = data.encode()
    ti.size = len(data) if ti.type == tarfile.REGTYPE else 0
    t.addfile(ti, io.BytesIO(data) if ti.type == tarfile.REGTYPE else None)

def bundle(name, members, level=6):
    path = os.path.join(out, name)
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=level,
                           mtime=0) as gz:
            with tarfile.open(fileobj=gz, mode="w") as t:
                for m in members:
                    member(t, *m[:2], **(m[2] if len(m) > 2 else {}))
    return path

nodes = ('{"kind":"NodeList","apiVersion":"v1","items":[{"kind":"Node",'
         '"metadata":{"name":"n1"}}]}')
pods = ('{"kind":"PodList","apiVersion":"v1","items":[{"kind":"Pod",'
        '"metadata":{"name":"p1","namespace":"a"},"status":{"phase":'
        '"Running"}}]}')
top = "sbundle-x/"
bundle("badjson.tar.gz", [(top + "resources/_cluster/nodes.json", nodes),
                          (top + "resources/a/pods.json", '{"items":[{,]}')])
bundle("text.tar.gz", [
    (top + "resources/_cluster/nodes.json", nodes),
    (top + "logs/a/p1/c.log", b"ok line\nbad \xff\xfe bytes\n" +
     b"x" * (1 << 20) + b"\nafter the long one\n")])
bundle("paths.tar.gz", [
    (top + "resources/_cluster/nodes.json", nodes),
    ("../evil-dotdot.txt", "escaped"),
    (top + "../../evil-dotdot2.txt", "escaped"),
    ("/tmp/sb-evil-absolute.txt", "absolute")])
bundle("links.tar.gz", [
    (top + "resources/_cluster/nodes.json", nodes),
    (top + "logs/a/p1/evil.log", "", {"type": tarfile.SYMTYPE,
                                      "linkname": "/etc/passwd"}),
    (top + "logs/a/p1/hard.log", "", {"type": tarfile.LNKTYPE,
                                      "linkname": "/etc/shadow"})])
bundle("deep.tar.gz", [(top + "resources/_cluster/nodes.json", nodes),
                       (top + "resources/a/pods.json",
                        "[" * 200000 + "]" * 200000)])
# a bomb: zeros far past the ratio limit once past the 64 MiB floor
big = bytes(200 << 20)
bundle("bomb.tar.gz", [(top + "resources/_cluster/nodes.json", nodes),
                       (top + "logs/a/p1/zero.log", big)], level=9)
del big
good = bundle("good.tar.gz", [
    (top + "resources/_cluster/nodes.json", nodes),
    (top + "resources/a/pods.json", pods),
    (top + "logs/a/p1/c.log", "".join("2026-11-23T10:00:%02dZ line %d\n"
                                      % (i % 60, i) for i in range(20000)))])
data = open(good, "rb").read()
open(os.path.join(out, "truncated.tar.gz"), "wb").write(data[:len(data) * 2 // 3])
open(os.path.join(out, "notatar.tar.gz"), "w").write("just some text\n")
open(os.path.join(out, "empty.tar.gz"), "w").close()
PY
[ $? -eq 0 ] || { echo "cannot generate the hostile bundles"; exit 1; }

# run NAME EXPECTED_RC STDERR_PATTERN: analyze into NAME.db, output to a file
run() {
    local name=$1 want=$2 pattern=$3 rc
    (cd "$work/cwd" && "$analyze" "$work/in/$name" --db "$work/$name.db" \
        --format json --output "$work/$name.json" -q \
        >"$work/$name.out" 2>"$work/$name.err")
    rc=$?
    if [ "$rc" -ge 128 ] || grep -q "AddressSanitizer\|runtime error" \
        "$work/$name.err"; then
        echo "FAIL $name: crashed (rc $rc)"; cat "$work/$name.err"
        fails=$((fails + 1)); return
    fi
    case " $want " in
        *" $rc "*) ;;
        *) echo "FAIL $name: exit $rc, expected $want"; cat "$work/$name.err"
           fails=$((fails + 1)); return ;;
    esac
    if ! grep -q -- "$pattern" "$work/$name.err"; then
        echo "FAIL $name: stderr lacks '$pattern':"; cat "$work/$name.err"
        fails=$((fails + 1)); return
    fi
    echo "ok   $name (exit $rc)"
}

# q NAME SQL EXPECTED: one value from NAME's database
q() {
    local got
    got=$(sqlite3 "$work/$1.db" "$2" 2>&1)
    if [ "$got" != "$3" ]; then
        echo "FAIL $1: '$2' gave '$got', expected '$3'"
        fails=$((fails + 1))
    fi
}

# A bundle with anything readable gets its report: exit 0.
loaded=0
run notatar.tar.gz 1 "is not a bundle"
run empty.tar.gz 1 "empty"
run badjson.tar.gz "$loaded" "bad JSON in 'resources/a/pods.json'"
q badjson.tar.gz "SELECT count(*) FROM nodes" 1
q badjson.tar.gz "SELECT status FROM files WHERE path = 'resources/a/pods.json'" error
run text.tar.gz "$loaded" "capped"
q text.tar.gz "SELECT count(*) FROM log_lines" 4
q text.tar.gz "SELECT text FROM log_lines WHERE line_no = 2" "bad �� bytes"
q text.tar.gz "SELECT length(text) FROM log_lines WHERE line_no = 3" 65536
q text.tar.gz "SELECT text FROM log_lines WHERE line_no = 4" "after the long one"
run paths.tar.gz "$loaded" "evil-dotdot"
q paths.tar.gz "SELECT count(*) FROM nodes" 1
q paths.tar.gz "SELECT count(*) FROM load_errors WHERE file LIKE '%evil%'" 3
run links.tar.gz "$loaded" "link"
q links.tar.gz "SELECT count(*) FROM log_lines" 0
q links.tar.gz "SELECT count(*) FROM load_errors WHERE file LIKE '%.log'" 2
run deep.tar.gz "$loaded" "resources/a/pods.json"
q deep.tar.gz "SELECT count(*) FROM nodes" 1
run bomb.tar.gz "$loaded" "decompression bomb"
q bomb.tar.gz "SELECT count(*) FROM nodes" 1
run truncated.tar.gz "$loaded" "truncated\|unexpected end\|corrupt"
q truncated.tar.gz "SELECT count(*) FROM nodes" 1
q truncated.tar.gz "SELECT count(*) > 0 FROM load_errors WHERE file IS NULL" 1

# the temporary database (shared with the rules' reader connections) is
# unlinked as soon as it is open: nothing is left in TMPDIR
mkdir "$work/tmp"
(cd "$work/cwd" && TMPDIR="$work/tmp" SBUNDLE_RULE_THREADS=3 "$analyze" \
    "$work/in/deep.tar.gz" --format json -o "$work/tmp-report.json" -q) ||
    { echo "FAIL: analyze with a private TMPDIR"; fails=$((fails + 1)); }
if [ -n "$(ls -A "$work/tmp")" ]; then
    echo "FAIL: temporary files left behind:"; ls -A "$work/tmp"
    fails=$((fails + 1))
fi

# nothing written anywhere but the databases and reports asked for
if [ -n "$(ls -A "$work/cwd")" ] || [ -e /tmp/sb-evil-absolute.txt ] ||
    [ -e "$work/evil-dotdot.txt" ] || [ -e "$work/in/evil-dotdot.txt" ]; then
    echo "FAIL: files were written outside --db/--output:"
    ls -A "$work/cwd" "$work" /tmp/sb-evil-absolute.txt 2>/dev/null
    fails=$((fails + 1))
fi
[ "$fails" -eq 0 ] && echo "all hostile bundles handled" && exit 0
echo "$fails failures"; exit 1
