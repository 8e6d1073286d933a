#!/bin/bash
# collect --host's GPU health sources on a stand-in node, then analyze's
# GPU verdicts from that bundle. The stand-ins (written below, first on
# PATH): dcgmi answers "health --check -j" and "diag -r 1 -j"; systemctl
# knows nvidia-persistenced but not nvidia-imex; nvidia-smi answers
# "nvlink -e" and refuses "event-log" and "cper" as a driver older than
# R615 does, the rest going to the recorded stand-in of host_collect.sh.
# Each missing tool, subcommand or unit must be "absent", never a gap;
# "dcgmi diag" must run only with --gpu-diag; a node without dcgmi at all
# is absent too.
set -u
src="${SB_SRC:?}"
build="${SB_BUILD:?}"
collect="$build/collect"
analyze="$build/analyze"
standins="$src/tests/data/host-standins"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/sb-host-gpu.XXXXXX")" || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL: $*"
    exit 1
}

"$collect" --host --help 2>/dev/null | grep -q -- '--gpu-diag' ||
    { echo "SKIP: collect --host has no --gpu-diag"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }

mkdir -p "$tmp/bin" "$tmp/nodcgm"
cat >"$tmp/bin/dcgmi" <<'EOS'
#!/bin/sh
case "$*" in
"health --check -j") echo '{"stand-in": "dcgmi health --check -j"}' ;;
"diag -r 1 -j")      echo '{"stand-in": "dcgmi diag -r 1 -j"}' ;;
*)                   echo "unexpected dcgmi $*" >&2; exit 2 ;;
esac
EOS
cat >"$tmp/bin/systemctl" <<'EOS'
#!/bin/sh
case "$2" in
nvidia-persistenced) echo "nvidia-persistenced.service - NVIDIA Persistence Daemon"
                     echo "     Active: active (running)" ;;
*)                   echo "Unit $2.service could not be found." >&2; exit 4 ;;
esac
EOS
cat >"$tmp/bin/nvidia-smi" <<EOS
#!/bin/sh
case "\$*" in
"nvlink -e")          echo "GPU 0: NVIDIA H100 80GB HBM3"
                      echo "	 Link 0: Replay Errors: 0" ;;
"event-log"|"cper")   echo "Invalid combination of input arguments." >&2; exit 2 ;;
*)                    exec "$standins/bin/nvidia-smi" "\$@" ;;
esac
EOS
cp "$tmp/bin/systemctl" "$tmp/bin/nvidia-smi" "$tmp/nodcgm/"
chmod +x "$tmp/bin/"* "$tmp/nodcgm/"*

run() {     # run NAME PATH-FIRST [OPTIONS...]
    local name=$1 first=$2
    shift 2
    PATH="$first:$standins/bin:$PATH" "$collect" --host --node-name gpu-a \
        --host-root "$standins/root" --output "$tmp/$name.tar.gz" \
        --command-timeout 2s --since 2h --quiet "$@" 2>"$tmp/$name.err"
    rc=$?
    # nvidia-smi -q hangs in the stand-in: the one gap, exit 3
    [ "$rc" = 3 ] || { cat "$tmp/$name.err"; fail "$name: collect exited $rc"; }
    mkdir -p "$tmp/$name" && tar xzf "$tmp/$name.tar.gz" -C "$tmp/$name" ||
        fail "$name: not a tar.gz"
}

run plain "$tmp/bin"
run diag "$tmp/bin" --gpu-diag
run nodcgm "$tmp/nodcgm"

python3 - "$tmp" <<'EOS' || fail "manifest checks"
import glob, json, os, sys
tmp = sys.argv[1]
bad = []
def manifest(name):
    [m] = glob.glob(os.path.join(tmp, name, "*", "manifest.json"))
    return json.load(open(m)), os.path.dirname(m)
for name in ("plain", "diag", "nodcgm"):
    m, top = manifest(name)
    c = {x["name"]: x for x in m["collectors"]}
    gaps = [g["target"] for g in m["gaps"]]
    if gaps != ["host/nvidia-smi-q.txt"]:
        bad.append("%s: gaps %r" % (name, gaps))
    want = {"nvidia-smi-nvlink-errors": "ok", "nvidia-smi-event-log": "absent",
            "nvidia-smi-cper": "absent", "persistenced": "ok",
            "imex": "absent",
            "dcgm-health": "absent" if name == "nodcgm" else "ok"}
    for k, v in want.items():
        if c.get(k, {}).get("status") != v:
            bad.append("%s: %s is %r, want %s" % (name, k, c.get(k), v))
    if ("dcgm-diag" in c) != (name == "diag"):
        bad.append("%s: dcgm-diag ran: %r" % (name, c.get("dcgm-diag")))
    if m["parameters"].get("gpu_diag") != (name == "diag"):
        bad.append("%s: parameters.gpu_diag %r" % (name, m["parameters"]))
    files = {"host/nvidia-smi-nvlink-e.txt": True,
             "host/persistenced-status.txt": True,
             "host/dcgmi-health.json": name != "nodcgm",
             "host/dcgmi-diag-r1.json": name == "diag",
             "host/nvidia-smi-cper.txt": False}
    for f, present in files.items():
        if os.path.exists(os.path.join(top, f)) != present:
            bad.append("%s: %s present is %s" % (name, f, not present))
    if name == "diag":
        d = json.load(open(os.path.join(top, "host/dcgmi-diag-r1.json")))
        if d != {"stand-in": "dcgmi diag -r 1 -j"}:
            bad.append("diag output %r" % d)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOS

# ---- analyze: the recorded nvidia-smi holds two H100s, one with
# uncorrectable ECC errors since its last reset (and Xid 48 in dmesg) ----
"$analyze" -q "$tmp/diag.tar.gz" --format json -o "$tmp/report.json" \
    2>"$tmp/analyze.err" || { cat "$tmp/analyze.err"; fail "analyze failed"; }
python3 - "$tmp/report.json" <<'EOS' || fail "verdict checks"
import json, sys
d = json.load(open(sys.argv[1]))
g = {x["bus_id"]: x for x in d["gpus"]}
bad = []
if len(g) != 2:
    bad.append("gpus: %r" % d["gpus"])
v = {k: x["verdict"] for k, x in g.items()}
if v != {"00000000:18:00.0": "HEALTHY", "00000000:3B:00.0": "FAILED"}:
    bad.append("verdicts %r" % v)
for x in d["gpus"]:
    for k in ("uuid", "bus_id", "node", "model", "driver", "verdict",
              "action", "evidence", "evidence_ids"):
        if k not in x:
            bad.append("gpu %r lacks %s" % (x.get("bus_id"), k))
    if x["node"] != "gpu-a":
        bad.append("node %r" % x["node"])
failed = [x for x in d["gpus"] if x["verdict"] == "FAILED"]
if not failed or not any("ECC" in e for e in failed[0]["evidence"]):
    bad.append("no ECC evidence: %r" % failed)
n = d["gpu_nodes"]
if len(n) != 1 or n[0]["verdict"] != "FAILED":
    bad.append("gpu_nodes %r" % n)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOS
echo "ok"
