#!/bin/bash
# What a user installs works from where it is installed. Always: the
# install target (cmake --install) into a temporary prefix puts both
# programs, their man pages and the docs under GNUInstallDirs' folders,
# and the installed programs run: collect --version, analyze on the demo
# bundle (finding its GPU fault). With SB_DEB naming a .deb (CI sets it
# after scripts/package): the package holds the same, depends only on
# runtime libraries, and runs the same way once unpacked with dpkg -x
# into a temporary root.
set -u
src=${SB_SRC:?} build=${SB_BUILD:?}
for b in collect analyze; do
    [ -x "$build/$b" ] || { echo "skip: no $b"; exit 77; }
done
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# check_root ROOT PREFIX: the installed tree under ROOT/PREFIX works.
check_root() {
    local root=$1 p=$1$2 v
    for f in bin/collect bin/analyze share/man/man1/collect.1 \
             share/man/man1/analyze.1 share/doc/sbundle/README.md \
             share/doc/sbundle/bundle-format.md \
             share/doc/sbundle/deploy/kustomization.yaml; do
        [ -s "$p/$f" ] || fail "$f is not installed under $root"
    done
    v=$("$p/bin/collect" --version 2>&1) || fail "installed collect --version"
    grep -q '0\.1\.0\|[0-9]\.[0-9]' <<<"$v" || fail "collect --version: $v"
    "$p/bin/analyze" --version >/dev/null 2>&1 ||
        fail "installed analyze --version"
    # the demo bundle, as a folder; the report goes to stdout so nothing
    # is written beside the source tree
    "$p/bin/analyze" -q "$src/tests/data/demo-cluster" --format json \
        --output - >"$tmp/report.json" 2>"$tmp/analyze.err" ||
        { cat "$tmp/analyze.err"; fail "installed analyze on the demo"; }
    python3 - "$tmp/report.json" <<'PY' || fail "installed analyze's report"
import json, sys
d = json.load(open(sys.argv[1]))
rules = {f["rule"] for f in d["findings"]}
assert "gpu-xid" in rules, "no gpu-xid finding: %s" % sorted(rules)
PY
    # the man pages are well-formed: groff reports no warning
    if command -v groff >/dev/null; then
        for m in collect analyze; do
            w=$(groff -man -Tutf8 -ww -z "$p/share/man/man1/$m.1" 2>&1)
            [ -z "$w" ] || fail "man page $m.1: $w"
        done
    fi
}

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; fail "cmake --install"; }
check_root "$tmp/prefix" ""
echo "ok: cmake --install tree runs"

if [ -z "${SB_DEB:-}" ]; then
    echo "ok (the .deb is checked when SB_DEB names one: .ci/run)"
    exit 0
fi
[ -s "$SB_DEB" ] || fail "SB_DEB '$SB_DEB' is not a file"
command -v dpkg-deb >/dev/null || fail "SB_DEB given but no dpkg-deb"
[ "$(dpkg-deb -f "$SB_DEB" Package)" = sbundle ] || fail "package name"
deps=$(dpkg-deb -f "$SB_DEB" Depends)
[ -n "$deps" ] || fail "the package declares no dependencies"
# runtime libraries only: no -dev package, no compiler, no sanitizer
if grep -qE -- '-dev\b|libasan|libubsan|gcc|clang' <<<"$deps"; then
    fail "the package depends on build-time packages: $deps"
fi
# every dependency is a package of this Debian: what apt resolves
for d in $(tr ',' '\n' <<<"$deps" | sed 's/(.*//; s/|.*//; s/ //g'); do
    dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q 'ok installed' ||
        apt-cache show "$d" >/dev/null 2>&1 ||
        fail "dependency '$d' is not a Debian package here"
done
dpkg-deb -x "$SB_DEB" "$tmp/root" || fail "dpkg-deb -x"
check_root "$tmp/root" /usr
echo "ok: $(basename "$SB_DEB") unpacks and runs (Depends: $deps)"
