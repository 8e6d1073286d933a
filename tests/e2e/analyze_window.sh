#!/bin/bash
# analyze --since/--until on the demo cluster, collected through the test
# API server: the report states the window, keeps only findings, evidence
# and timeline rows that meet it, and a bad bound is a usage error naming
# the option and what was expected.
. "${SB_SRC:?}/tests/e2e/lib/served_cluster.sh"

collect_from "$src/tests/data/demo-cluster" "$tmp/demo.tar.gz"

# The demo's trouble runs from 10:02 to 10:15; a window 10:05-10:13:30
# keeps what overlaps it.
"$build/analyze" -q "$tmp/demo.tar.gz" --since 2026-11-23T10:05:00Z \
    --until 2026-11-23T10:13:30+00:00 -f json,md -o "$tmp/x" 2>"$tmp/err" &&
    fail "--output with two formats accepted"
"$build/analyze" -q "$tmp/demo.tar.gz" --since 2026-11-23T10:05:00Z \
    --until 2026-11-23T10:13:30+00:00 -f json -o "$tmp/w.json" ||
    fail "analyze with a window failed"
"$build/analyze" -q "$tmp/demo.tar.gz" --since 2026-11-23T10:05:00Z \
    --until 2026-11-23T10:13:30Z -f md -o "$tmp/w.md" ||
    fail "analyze with a window (md) failed"
grep -q '^\*\*Time window:\*\* findings, evidence and timeline from 2026-11-23 10:05:00 UTC to 2026-11-23 10:13:30 UTC' "$tmp/w.md" ||
    fail "Markdown does not state the window"
"$build/analyze" -q "$tmp/demo.tar.gz" -f json -o "$tmp/all.json" ||
    fail "analyze without a window failed"
# a duration counts back from the collection's end: 400 days is everything
"$build/analyze" -q "$tmp/demo.tar.gz" --since 400d -f json \
    -o "$tmp/rel.json" || fail "analyze --since 400d failed"

python3 - "$tmp/w.json" "$tmp/all.json" "$tmp/rel.json" <<'PY' ||
import json, sys
w, a, r = (json.load(open(p)) for p in sys.argv[1:4])
problems = []
if w["window"] != {"since": "2026-11-23T10:05:00Z",
                   "until": "2026-11-23T10:13:30Z",
                   "since_arg": "2026-11-23T10:05:00Z",
                   "until_arg": "2026-11-23T10:13:30+00:00"}:
    problems.append("window: %r" % w["window"])
if a["window"] is not None:
    problems.append("no window asked, got %r" % a["window"])
lo, hi = "2026-11-23T10:05:00", "2026-11-23T10:13:30"
for t in w["timeline"]:
    if not lo <= t["time"][:19] <= hi:
        problems.append("timeline row outside: %s" % t["time"])
if not w["timeline"] or len(w["timeline"]) >= len(a["timeline"]):
    problems.append("timeline not scoped: %d of %d" %
                    (len(w["timeline"]), len(a["timeline"])))
for f in w["findings"]:
    fs, ls = f["first_seen"], f["last_seen"] or f["first_seen"]
    if fs is None or ls[:19] < lo or fs[:19] > hi:
        problems.append("finding outside: %s %s" % (f["rule"], fs))
    for e in f["evidence"]:
        if e["time"] and not lo <= e["time"][:19] <= hi:
            problems.append("evidence outside: %s" % e["time"])
rules = set(f["rule"] for f in w["findings"])
if "gpu-xid" not in rules or "pod-oomkilled" in rules:
    problems.append("scoped rules: %r" % sorted(rules))
if r["window"]["since"] is None or r["window"]["until"] is not None:
    problems.append("relative window: %r" % r["window"])
if len(r["findings"]) != len(a["findings"]):
    problems.append("--since 400d lost findings")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
    fail "window checks"

rc=0
"$build/analyze" -q "$tmp/demo.tar.gz" --since yesterday -f json \
    -o "$tmp/bad.json" 2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] || fail "a bad --since exited $rc"
grep -q "option '--since': expected an RFC 3339 time" "$tmp/err" ||
    fail "bad --since message: $(cat "$tmp/err")"
rc=0
"$build/analyze" -q "$tmp/demo.tar.gz" --since 2026-11-23T11:00:00Z \
    --until 2026-11-23T10:00:00Z -f json -o "$tmp/bad.json" 2>"$tmp/err" ||
    rc=$?
[ $rc -eq 2 ] || fail "an empty window exited $rc"
grep -q "the window is empty" "$tmp/err" || fail "empty window message: $(cat "$tmp/err")"
echo "ok: the time window scopes findings, evidence and timeline"
