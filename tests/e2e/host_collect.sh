#!/bin/bash
# collect --host on a stand-in GPU node: PATH puts recorded nvidia-smi,
# dmesg and journalctl first (tests/data/host-standins/bin; "nvidia-smi -q"
# hangs and "nvidia-smi nvlink -s" fails) and --host-root points at a
# folder with /proc, /etc and cgroup files. The bundle must be written,
# marked incomplete (exit 3) with the hung tool as its one gap, redacted,
# and then analyze must find two GPUs, three Xids and the uncorrectable
# ECC errors.
set -u
src="${SB_SRC:?}"
build="${SB_BUILD:?}"
collect="$build/collect"
analyze="$build/analyze"
standins="$src/tests/data/host-standins"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/sb-host-e2e.XXXXXX")" || exit 1
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL: $*"
    exit 1
}

if ! "$collect" --host --help 2>/dev/null | grep -q 'usage: collect --host'; then
    echo "SKIP: this collect does not run collect --host yet (collect/main.c" \
         "must hand '--host' to host_main)"
    exit 77
fi

# ---- collect --host ----
start=$(date +%s)
PATH="$standins/bin:$PATH" "$collect" --host --node-name gpu-a \
    --host-root "$standins/root" --output "$tmp/gpu-a.tar.gz" \
    --command-timeout 5s --since 2h --quiet 2>"$tmp/collect.err"
rc=$?
elapsed=$(( $(date +%s) - start ))
[ "$rc" = 3 ] || { cat "$tmp/collect.err"; fail "collect exited $rc, want 3"; }
[ "$elapsed" -lt 40 ] || fail "collect took ${elapsed}s: the hung tool was not cut at 5s"
[ -s "$tmp/collect.err" ] && { cat "$tmp/collect.err"; fail "--quiet printed on stderr"; }
[ -f "$tmp/gpu-a.tar.gz.partial" ] && fail "a .partial file was left"

tar tzf "$tmp/gpu-a.tar.gz" | sed 's|^[^/]*/||' | sort >"$tmp/members" ||
    fail "the bundle is not a tar.gz"
for m in manifest.json host/nvidia-smi-q.xml host/nvidia-smi.txt \
         host/nvidia-smi-L.txt host/nvidia-smi-topo-m.txt \
         host/nvidia-smi-remapped-rows.csv host/nvidia-driver-version.txt \
         host/kernel/dmesg.txt host/journal/kubelet.log \
         host/journal/containerd.log host/os-release.txt host/uname.txt \
         host/proc/meminfo host/proc/loadavg host/proc/pressure/memory \
         host/cgroup/memory.stat host/mounts.txt; do
    grep -qx "$m" "$tmp/members" || fail "no '$m' in the bundle"
done
for m in host/nvidia-smi-q.txt host/journal/crio.log; do
    grep -qx "$m" "$tmp/members" && fail "'$m' should not be in the bundle"
done
grep -vxE 'manifest.json|host/.+' "$tmp/members" &&
    fail "members outside host/"

tar xzf "$tmp/gpu-a.tar.gz" -C "$tmp" || fail "cannot extract"
top="$(echo "$tmp"/sbundle-host-gpu-a-*)"
[ -d "$top" ] || fail "the top folder is not sbundle-host-gpu-a-<time>"
cmp -s "$top/host/nvidia-smi-q.xml" "$src/tests/data/nvsmi/h100x2-v13-ecc.xml" ||
    fail "host/nvidia-smi-q.xml differs from what nvidia-smi printed"
grep -q 'eyJhbGciOiJSUzI1NiJ9' "$top/host/journal/kubelet.log" &&
    fail "the bearer token in the kubelet journal was not redacted"
grep -q 'Error syncing pod' "$top/host/journal/kubelet.log" ||
    fail "the kubelet journal lost its lines"

python3 - "$top/manifest.json" <<'EOF' || fail "manifest checks"
import json, sys
m = json.load(open(sys.argv[1]))
def check(cond, what):
    if not cond:
        print("manifest: " + what)
        sys.exit(1)
c = {x["name"]: x for x in m["collectors"]}
check(m["kind"] == "host" and m["node"] == "gpu-a", "kind/node")
check(m["complete"] is False, "complete should be false")
check(m["collection"]["start"] <= m["collection"]["end"], "collection times")
check([g["target"] for g in m["gaps"]] == ["host/nvidia-smi-q.txt"],
      "gaps: %r" % m["gaps"])
check(c["nvidia-smi-q"]["timed_out"] is True, "nvidia-smi -q timed out")
check("timed out after" in m["gaps"][0]["error"], "gap error text")
n = c["nvidia-smi-nvlink"]
check(n["status"] == "failed" and n["exit_code"] == 3, "nvlink exit code")
check("NVLink is not supported" in n["stderr"], "nvlink stderr excerpt")
check(c["nvidia-smi-xml"]["status"] == "ok", "xml ok")
check(c["kernel-log"]["command"] == "dmesg --time-format iso", "dmesg form")
check(c["journal-crio"]["status"] == "absent", "crio absent")
check("--since=-7200s" in c["journal-kubelet"]["command"], "journal since")
check(m["parameters"]["host_root"].endswith("host-standins/root"), "params")
paths = {f["path"] for f in m["files"]}
check("host/kernel/dmesg.txt" in paths and all(len(f["sha256"]) == 64
      for f in m["files"]), "files[] with sha256")
EOF

# ---- analyze ----
if ! "$analyze" --help 2>&1 | grep -q -- '--db'; then
    echo "ok: collect --host; SKIP (analyze part): this analyze cannot" \
         "keep its database (--db)"
    exit 0
fi
"$analyze" "$tmp/gpu-a.tar.gz" --format json --output "$tmp/report.json" \
    --db "$tmp/a.db" --quiet >"$tmp/analyze.out" 2>"$tmp/analyze.err"
arc=$?
[ -s "$tmp/a.db" ] || { cat "$tmp/analyze.err"; fail "analyze kept no database"; }
q() { sqlite3 "$tmp/a.db" "$1"; }
[ "$(q "SELECT kind || ' ' || node_name || ' ' || complete FROM bundles")" = \
  "host gpu-a 0" ] || fail "bundles row: $(q 'SELECT * FROM bundles')"
[ "$(q "SELECT group_concat(gpu_index || ' ' || pci_bus_id || ' ' ||
        ecc_volatile_uncorrected || ' ' || ecc_aggregate_uncorrected, '; ')
        FROM (SELECT * FROM gpus WHERE node = 'gpu-a' AND
        source = 'nvidia-smi' ORDER BY gpu_index)")" = \
  "0 00000000:18:00.0 0 0; 1 00000000:3B:00.0 2 4" ] ||
    fail "GPU inventory: $(q 'SELECT * FROM gpus')"
[ "$(q "SELECT product || ' ' || driver_version || ' ' || cuda_version
        FROM gpus WHERE gpu_index = 1")" = \
  "NVIDIA H100 80GB HBM3 580.95.05 13.0" ] || fail "GPU product/driver"
[ "$(q "SELECT group_concat(code || '@' || pci || '@' || time, ' ') FROM
        (SELECT * FROM gpu_xids WHERE node = 'gpu-a' ORDER BY time)")" = \
  "94@0000:3b:00@2026-11-23T10:01:58.004211000Z 48@0000:3b:00@2026-11-23T10:02:11.523001000Z 63@0000:3b:00@2026-11-23T10:02:11.523090000Z" ] ||
    fail "Xid table: $(q 'SELECT * FROM gpu_xids')"
[ "$(q "SELECT count(*) FROM node_log_lines WHERE node = 'gpu-a' AND
        source = 'kubelet.log'")" = 3 ] || fail "kubelet journal lines"
[ "$(q "SELECT value FROM metrics WHERE node = 'gpu-a' AND
        name = 'pressure.memory.some.avg10'")" = 31.2 ] ||
    fail "memory pressure metric"

if [ "$arc" != 0 ]; then
    if grep -q 'built without its rules engine' "$tmp/analyze.err"; then
        echo "ok: collect --host and loading; SKIP (findings): this analyze" \
             "was built without its rules engine or renderer"
        exit 0
    fi
    cat "$tmp/analyze.err"
    fail "analyze exited $arc"
fi
[ -s "$tmp/report.json" ] || fail "no JSON report"
ecc="$(q "SELECT count(*) FROM findings WHERE (node = 'gpu-a' OR node IS NULL)
          AND (lower(rule) LIKE '%ecc%' OR title LIKE '%ECC%')")"
xid="$(q "SELECT count(*) FROM findings WHERE (node = 'gpu-a' OR node IS NULL)
          AND (lower(rule) LIKE '%xid%' OR title LIKE '%Xid%')")"
if ! ls "$src"/reports/rules/*.sql >/dev/null 2>&1 ||
   ! grep -qil 'gpu_xids' "$src"/reports/rules/*.sql; then
    echo "ok: collect --host, loading, report; SKIP (findings): no rule" \
         "reads gpu_xids yet"
    exit 0
fi
[ "$ecc" -ge 1 ] || fail "no finding for the uncorrectable ECC errors"
[ "$xid" -ge 1 ] || fail "no finding for Xid 48/94"
grep -q 'gpu-a' "$tmp/report.json" || fail "the JSON report does not name gpu-a"
echo "ok: collect --host, load, findings (ECC $ecc, Xid $xid)"
