#!/bin/bash
# The work after the load on several connections gives the reports one
# connection gives: the timeline's log lines read on a reader and
# inserted by the writer, the JSON timeline written by a helper thread,
# the reports rendered side by side. SBUNDLE_RULE_THREADS=1 is the serial
# path (no reader); 2 and 4 the parallel ones. Every format alone
# (--format, so the JSON report gets its helper) and the default run of
# all three, with and without a time window, compared byte for byte.
set -u
src=${SB_SRC:?} build=${SB_BUILD:?}
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sb-threads.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The formats fixture's own bundle with a web log of 60 error lines (the
# timeline keeps a stream's last 20; "fatal" ones are critical), its
# manifest made to match.
cp -r "$src/tests/data/formats/sbundle" "$tmp/sbundle-x"
python3 - "$tmp/sbundle-x" <<'PY' || fail "cannot build the bundle"
import hashlib, json, os, sys
top = sys.argv[1]
rel = "logs/default/web-6d4cf56db6-x7k2p/web.log"
with open(os.path.join(top, rel), "a") as f:
    for i in range(60):
        word = "fatal" if i % 7 == 0 else "error"
        f.write("2026-11-20T09:%02d:%02d.000000000Z %s: upstream %d "
                "refused\n" % (40 + i // 6, i % 60, word, i))
data = open(os.path.join(top, rel), "rb").read()
m = json.load(open(os.path.join(top, "manifest.json")))
for e in m["files"]:
    if e["path"] == rel:
        e["sha256"] = hashlib.sha256(data).hexdigest()
        e["size"] = len(data)
json.dump(m, open(os.path.join(top, "manifest.json"), "w"), indent=2)
PY
tar -C "$tmp" -czf "$tmp/demo.tar.gz" sbundle-x || fail "cannot pack"

# run THREADS NAME [ARGS...]: analyzes the bundle at one path (the
# report names it) with -o "$tmp/run/out" and ARGS, or with no ARGS the
# default run's three reports beside it; what it wrote ends in
# $tmp/NAME.THREADS
mkdir "$tmp/run"
cp "$tmp/demo.tar.gz" "$tmp/run/demo.tar.gz"
run() {
    local n=$1 name=$2
    shift 2
    [ $# -gt 0 ] && set -- "$@" -o "$tmp/run/out"
    SBUNDLE_RULE_THREADS=$n "$build/analyze" -q "$tmp/run/demo.tar.gz" \
        "$@" >/dev/null 2>"$tmp/err" ||
        fail "analyze $* with $n thread(s): $(cat "$tmp/err")"
    mkdir "$tmp/$name.$n"
    mv "$tmp/run/out" "$tmp/run/demo.html" "$tmp/run/demo.md" \
        "$tmp/run/demo.json" "$tmp/$name.$n/" 2>/dev/null
}

for n in 1 2 4; do
    for f in json md html; do
        run $n "$f" -f $f
        run $n "$f-win" -f $f --since 2026-11-20T09:45:00Z \
            --until 2026-11-20T09:47:30Z
    done
    run $n all
done
for n in 2 4; do
    for f in json md html; do
        cmp "$tmp/$f.1/out" "$tmp/$f.$n/out" ||
            fail "$f with $n threads differs from one"
        cmp "$tmp/$f-win.1/out" "$tmp/$f-win.$n/out" ||
            fail "$f with a window and $n threads differs from one"
        cmp "$tmp/all.1/demo.$f" "$tmp/all.$n/demo.$f" ||
            fail "the default run's $f with $n threads differs from one"
    done
done
# the JSON report written alone is the default run's JSON report
cmp "$tmp/json.2/out" "$tmp/all.2/demo.json" ||
    fail "--format json differs from the default run's JSON"
[ "$(grep -c '"source":	"log"' "$tmp/json.1/out")" -ge 20 ] ||
    fail "no log lines in the timeline: the test proves nothing"
echo "ok: one connection and several give the same reports"
