#!/bin/bash
# Load benchmark (issue 5): one run, same machine, printed figures.
#   bench/run_bench.sh BUILD_DIR [WORK_DIR]
# Generates (once) a bundle of ~330 MB uncompressed in WORK_DIR (default
# $TMPDIR/sbundle-bench), then times, in this order:
#   1 gzip -dc BUNDLE > /dev/null                 (the baseline)
#   2 analyze BUNDLE --format json -o /dev/null   (the whole pipeline)
#   3 bench_load BUNDLE                           (loading alone)
#   4 the resource JSON: sqlite3 shell json_each over the extracted files
#     against bench_load on a bundle of the same files (typed tables too)
#   5 cJSON against SQLite json_extract for the typed tables' fields
# and prints each time, the ratios the issue sets targets for (analyze
# <= 2x gzip; our resource load faster than the shell's json_each) and the
# peak RSS (target <= 200 MB).
set -euo pipefail
build=$(cd "${1:?usage: run_bench.sh BUILD_DIR [WORK_DIR]}" && pwd)
work=${2:-${TMPDIR:-/tmp}/sbundle-bench}
mkdir -p "$work"
bundle=$work/bench.tar.gz
resources=$work/bench-resources.tar.gz
if [ ! -f "$bundle" ] || [ ! -f "$resources" ]; then
    echo "generating $bundle (once)"
    "$build/bench_gen_bundle" "$bundle" "${PODS:-3000}" "${EVENTS:-30000}" \
        "${LOG_MB:-300}" >/dev/null
fi
raw=$(gzip -dc "$bundle" | wc -c)
printf 'bundle: %s, %d MB compressed, %d MB uncompressed\n' "$bundle" \
    $(( $(stat -c %s "$bundle") >> 20 )) $(( raw >> 20 ))

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
rss_of() {  # peak RSS in MB of a command, via GNU time when present
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>"$work/err" ||
            { cat "$work/err" >&2; return 1; }
        echo $(( $(cat "$work/rss") / 1024 ))
    else
        "$@" >/dev/null 2>"$work/err"; echo "?"
    fi
}

t0=$(now); gzip -dc "$bundle" >/dev/null; t1=$(now)
gz=$(secs "$t0" "$t1")
printf '1 gzip -dc                 %8.3f s\n' "$gz"

t0=$(now)
if rss=$(rss_of "$build/analyze" "$bundle" --format json -o /dev/null); then
    t1=$(now); an=$(secs "$t0" "$t1")
    printf '2 analyze --format json    %8.3f s  %.2fx gzip (target <= 2)  peak RSS %s MB (target <= 200)\n' \
        "$an" "$(echo "$an / $gz" | bc -l)" "$rss"
    grep -E 'loaded|rules in|rendered in' "$work/err" | sed 's/^/   /'
    # analyze inflates with ISA-L when built with it: say how much of the
    # margin that is, against ISA-L's own igzip on the same file
    if command -v igzip >/dev/null 2>&1; then
        t0=$(now); igzip -dc "$bundle" >/dev/null; t1=$(now)
        ig=$(secs "$t0" "$t1")
        printf '2b igzip -dc (ISA-L)       %8.3f s  analyze is %.2fx this (no target: for scale)\n' \
            "$ig" "$(echo "$an / $ig" | bc -l)"
    fi
else
    echo "2 analyze --format json    failed (see above)"
fi

t0=$(now); rss=$(rss_of "$build/bench_load" "$bundle"); t1=$(now)
ld=$(secs "$t0" "$t1")
printf '3 load only (no FTS)       %8.3f s  %.2fx gzip  peak RSS %s MB\n' \
    "$ld" "$(echo "$ld / $gz" | bc -l)" "$rss"
t0=$(now); rss=$(rss_of "$build/bench_load" "$bundle" --fts "$work/fts.db"); t1=$(now)
lf=$(secs "$t0" "$t1"); rm -f "$work/fts.db"
printf '3b load with FTS (--db)    %8.3f s  %.2fx gzip  peak RSS %s MB\n' \
    "$lf" "$(echo "$lf / $gz" | bc -l)" "$rss"

# 4: the shell's json_each on the same resource files, extracted first
# (extraction not timed), against our load of the resources-only bundle
rm -rf "$work/res" "$work/shell.db" && mkdir -p "$work/res"
tar xzf "$resources" -C "$work/res"
{
    echo "PRAGMA synchronous=OFF;"
    echo "CREATE TABLE objects(kind, namespace, name, uid, json);"
    echo "BEGIN;"
    find "$work/res" -name '*.json' | sort | while read -r f; do
        echo "INSERT INTO objects SELECT value->>'\$.kind',"
        echo " value->>'\$.metadata.namespace', value->>'\$.metadata.name',"
        echo " value->>'\$.metadata.uid', value FROM json_each(readfile('$f'), '\$.items');"
    done
    echo "COMMIT;"
} >"$work/shell.sql"
t0=$(now); sqlite3 "$work/shell.db" <"$work/shell.sql"; t1=$(now)
sh=$(secs "$t0" "$t1")
n=$(sqlite3 "$work/shell.db" 'SELECT count(*) FROM objects')
t0=$(now); "$build/bench_load" "$resources" >"$work/res.out"; t1=$(now)
ours=$(secs "$t0" "$t1")
printf '4 sqlite3 json_each        %8.3f s  objects=%s\n' "$sh" "$n"
printf '4b our resource load       %8.3f s  %.2fx the shell (target < 1; ours also fills the typed tables, from a tar.gz)\n' \
    "$ours" "$(echo "$ours / $sh" | bc -l)"
sed 's/^/   /' "$work/res.out"
"$build/bench_load" "$resources" --parsers | sed 's/^/5 /'
rm -rf "$work/res" "$work/shell.db" "$work/shell.sql"
