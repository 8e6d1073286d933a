#!/bin/bash
# The Containerfile and deploy/ agree: deploy/ runs the image name that
# scripts/container builds (sbundle:<project version>); the image is
# multi-stage on Debian slim, installs the package (both programs) and
# runs as the non-root user the collect Job asks for; the Job runs with a
# read-only root file system and has a writable volume for every folder
# collect writes (its --output folder, and TMPDIR); the host DaemonSet,
# which needs root, says so instead of inheriting the image's user.
# With SB_CONTAINER_BUILD=1 and podman or buildah present, it also builds
# the image and runs both programs in it with a read-only root.
set -u
src=${SB_SRC:?}
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
python3 -c 'import yaml' 2>/dev/null ||
    { echo "skip: python3-yaml is not installed"; exit 77; }
python3 - "$src" <<'PY' || exit 1
import glob, os, re, shlex, sys
import yaml

src = sys.argv[1]
problems = []
version = re.search(r"project\(sbundle VERSION ([0-9.]+)",
                    open(os.path.join(src, "CMakeLists.txt")).read()).group(1)
image = "sbundle:" + version

# ---- the Containerfile ----
cf = open(os.path.join(src, "Containerfile")).read()
lines = [l for l in re.sub(r"\\\n", " ", cf).splitlines()
         if l.strip() and not l.lstrip().startswith("#")]
stages = [l for l in lines if l.upper().startswith("FROM ")]
if len(stages) < 2:
    problems.append("Containerfile is not multi-stage")
final = lines[lines.index(stages[-1]):]
if not re.match(r"FROM \S*debian:\S*-slim\s*$", stages[-1], re.I):
    problems.append("final stage is not Debian slim: %s" % stages[-1])
users = [l.split()[1] for l in final if l.upper().startswith("USER ")]
if not users:
    problems.append("the final stage sets no USER (it would run as root)")
uid = users[-1].split(":")[0] if users else "0"
if not uid.isdigit() or uid == "0":
    problems.append("USER must be a numeric non-root id, got %r" % uid)
run = " ".join(l for l in final if l.upper().startswith("RUN "))
if "sbundle_" not in run or ".deb" not in run:
    problems.append("the final stage does not install the package")
for prog in ("collect", "analyze"):
    if not re.search(r"\b%s --version\b" % prog, run):
        problems.append("the image build does not run %s" % prog)
env = " ".join(l for l in final if l.upper().startswith("ENV "))
tmpdir = re.search(r"TMPDIR=(\S+)", env)
tmpdir = tmpdir.group(1) if tmpdir else "/tmp"
if "COPY --from=" not in cf:
    problems.append("the final stage copies nothing from the build stage")

# the build stage has what scripts/deps installs for a build, so that
# scripts/package (which runs scripts/deps) needs no network there
deps = open(os.path.join(src, "scripts", "deps")).read()
base = re.search(r'pkgs="([^"]*)"', deps).group(1).split()
build_stage = " ".join(lines[lines.index(stages[0]):lines.index(stages[1])])
for p in base:
    if not re.search(r"(^|\s)%s(\s|$)" % re.escape(p), build_stage):
        problems.append("the build stage lacks %s (scripts/deps)" % p)
if "scripts/package" not in build_stage:
    problems.append("the build stage does not run scripts/package")

# ---- scripts/container builds the name deploy/ uses ----
sc = open(os.path.join(src, "scripts", "container")).read()
if 'sbundle:$version' not in sc or "Containerfile" not in sc:
    problems.append("scripts/container does not build sbundle:<version>")

# ---- deploy/ ----
docs = []
for p in sorted(glob.glob(os.path.join(src, "deploy", "*.yaml"))):
    docs += [d for d in yaml.safe_load_all(open(p)) if d]
workloads = [d for d in docs if d.get("kind") in ("Job", "DaemonSet",
                                                  "Deployment", "CronJob")]
if not workloads:
    problems.append("deploy/ has no workload")

def under(path, mounts):
    return any(path == m or path.startswith(m.rstrip("/") + "/")
               for m in mounts)

for w in workloads:
    name = "%s/%s" % (w["kind"], w["metadata"]["name"])
    pod = w["spec"]["template"]["spec"]
    psc = pod.get("securityContext") or {}
    for c in pod["containers"]:
        where = "%s container %s" % (name, c["name"])
        if c.get("image") != image:
            problems.append("%s runs %r, scripts/container builds %r"
                            % (where, c.get("image"), image))
        sc = c.get("securityContext") or {}
        privileged = sc.get("privileged", False)
        user = sc.get("runAsUser", psc.get("runAsUser"))
        if privileged:
            # root must be asked for: the image's own user is not root
            if user != 0:
                problems.append("%s is privileged but does not ask for "
                                "runAsUser: 0" % where)
            continue
        if str(user) != uid:
            problems.append("%s runs as %r, the image's user is %s"
                            % (where, user, uid))
        if not (sc.get("runAsNonRoot") or psc.get("runAsNonRoot")):
            problems.append("%s does not require a non-root user" % where)
        if sc.get("readOnlyRootFilesystem") is not True:
            problems.append("%s has a writable root file system" % where)
        mounts = [m["mountPath"] for m in c.get("volumeMounts", [])
                  if not m.get("readOnly")]
        if not under(tmpdir, mounts):
            problems.append("%s: TMPDIR %s is not a writable volume"
                            % (where, tmpdir))
        script = " ".join(c.get("command", []) + c.get("args", []))
        for out in re.findall(r"--output[ =](\S+)", script):
            out = out.strip("\"'")
            if not under(os.path.dirname(out), mounts):
                problems.append("%s writes %s outside its volumes"
                                % (where, out))

if problems:
    print("FAIL:\n  " + "\n  ".join(problems))
    sys.exit(1)
print("ok: Containerfile and deploy/ agree on %s, user %s, read-only root"
      % (image, uid))
PY
[ "${SB_CONTAINER_BUILD:-0}" = 1 ] || exit 0
tool=""
for t in podman buildah; do
    command -v $t >/dev/null 2>&1 && { tool=$t; break; }
done
[ -n "$tool" ] || { echo "skip: SB_CONTAINER_BUILD=1 but no podman/buildah"
                    exit 77; }
tag="localhost/sbundle-test:$$"
"$src/scripts/container" "$tag" || { echo "FAIL: image build"; exit 1; }
trap '$tool rmi -f "$tag" >/dev/null 2>&1' EXIT
podman run --rm --read-only --tmpfs /tmp "$tag" collect --version ||
    { echo "FAIL: collect in the image"; exit 1; }
podman run --rm --read-only --tmpfs /tmp "$tag" analyze --version ||
    { echo "FAIL: analyze in the image"; exit 1; }
echo "ok: image built and runs read-only"
