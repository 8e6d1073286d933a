#include "sb_host.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "sb_alloc.h"
#include "sb_bwriter.h"
#include "sb_proc.h"
#include "sb_time.h"

#define STDERR_EXCERPT 2048

/* A tool to run: 'argv' as given (argv[0] looked up in PATH). */
struct cmd_source {
    const char *name, *path;
    bool required;
    const char *argv[8];
};

/* A file to read under the host root; the first path that exists wins. */
struct file_source {
    const char *name, *path;
    bool required;
    const char *files[3];
};

static const struct cmd_source nvidia_cmds[] = {
    { "nvidia-smi-xml", "host/nvidia-smi-q.xml", true,
      { "nvidia-smi", "-q", "-x", NULL } },
    { "nvidia-smi", "host/nvidia-smi.txt", true, { "nvidia-smi", NULL } },
    { "nvidia-smi-q", "host/nvidia-smi-q.txt", true,
      { "nvidia-smi", "-q", NULL } },
    { "nvidia-smi-list", "host/nvidia-smi-L.txt", true,
      { "nvidia-smi", "-L", NULL } },
    { "nvidia-smi-topo", "host/nvidia-smi-topo-m.txt", false,
      { "nvidia-smi", "topo", "-m", NULL } },
    { "nvidia-smi-nvlink", "host/nvidia-smi-nvlink-s.txt", false,
      { "nvidia-smi", "nvlink", "-s", NULL } },
    { "nvidia-smi-remapped-rows", "host/nvidia-smi-remapped-rows.csv", false,
      { "nvidia-smi", "--query-remapped-rows=gpu_bus_id,gpu_uuid,"
        "remapped_rows.correctable,remapped_rows.uncorrectable,"
        "remapped_rows.pending,remapped_rows.failure", "--format=csv",
        NULL } },
    { "nvidia-smi-retired-pages", "host/nvidia-smi-retired-pages.csv", false,
      { "nvidia-smi", "--query-retired-pages=gpu_bus_id,gpu_uuid,"
        "retired_pages.address,retired_pages.timestamp,retired_pages.cause",
        "--format=csv", NULL } },
    { "fabricmanager", "host/fabricmanager-status.txt", false,
      { "systemctl", "status", "nvidia-fabricmanager", "--no-pager",
        "--full", NULL } },
};

/* GPU health sources a node may or may not have (docs/host.md): DCGM,
 * nvidia-smi subcommands newer drivers added (event-log and cper from
 * R615), and the NVIDIA daemons' units. None is required: a tool that is
 * not installed, or a subcommand or unit this node lacks, is recorded as
 * absent and the bundle stays complete. */
enum gpu_probe {
    PROBE_TOOL,         /* absent only when not installed */
    PROBE_SUBCOMMAND,   /* absent also when the tool refuses it */
    PROBE_UNIT,         /* systemctl status: exit 3 (inactive) is an answer */
    PROBE_DIAG,         /* active test: only with --gpu-diag */
};

struct gpu_source {
    const char *name, *path;
    enum gpu_probe probe;
    const char *argv[8];
};

static const struct gpu_source gpu_cmds[] = {
    { "nvidia-smi-nvlink-errors", "host/nvidia-smi-nvlink-e.txt",
      PROBE_SUBCOMMAND, { "nvidia-smi", "nvlink", "-e", NULL } },
    { "nvidia-smi-event-log", "host/nvidia-smi-event-log.txt",
      PROBE_SUBCOMMAND, { "nvidia-smi", "event-log", NULL } },
    { "nvidia-smi-cper", "host/nvidia-smi-cper.txt", PROBE_SUBCOMMAND,
      { "nvidia-smi", "cper", NULL } },
    { "persistenced", "host/persistenced-status.txt", PROBE_UNIT,
      { "systemctl", "status", "nvidia-persistenced", "--no-pager", "--full",
        NULL } },
    { "imex", "host/imex-status.txt", PROBE_UNIT,
      { "systemctl", "status", "nvidia-imex", "--no-pager", "--full",
        NULL } },
    { "dcgm-health", "host/dcgmi-health.json", PROBE_TOOL,
      { "dcgmi", "health", "--check", "-j", NULL } },
    /* a level-1 diagnostic takes seconds and loads the GPUs: asked only */
    { "dcgm-diag", "host/dcgmi-diag-r1.json", PROBE_DIAG,
      { "dcgmi", "diag", "-r", "1", "-j", NULL } },
};

static const struct cmd_source system_cmds[] = {
    { "df", "host/df.txt", false, { "df", "-P", "-T", NULL } },
    { "lspci", "host/lspci.txt", false, { "lspci", "-nn", "-d", "10de:",
                                         NULL } },
};

static const struct file_source files[] = {
    { "nvidia-driver-version", "host/nvidia-driver-version.txt", true,
      { "/proc/driver/nvidia/version", NULL } },
    { "fabricmanager-log", "host/fabricmanager.log", false,
      { "/var/log/fabricmanager.log", NULL } },
    { "imex-log", "host/nvidia-imex.log", false,
      { "/var/log/nvidia-imex.log", NULL } },
    { "os-release", "host/os-release.txt", true,
      { "/etc/os-release", "/usr/lib/os-release", NULL } },
    { "uptime", "host/proc/uptime", true, { "/proc/uptime", NULL } },
    { "meminfo", "host/proc/meminfo", true, { "/proc/meminfo", NULL } },
    { "loadavg", "host/proc/loadavg", true, { "/proc/loadavg", NULL } },
    { "pressure-cpu", "host/proc/pressure/cpu", false,
      { "/proc/pressure/cpu", NULL } },
    { "pressure-memory", "host/proc/pressure/memory", false,
      { "/proc/pressure/memory", NULL } },
    { "pressure-io", "host/proc/pressure/io", false,
      { "/proc/pressure/io", NULL } },
    { "cgroup-memory", "host/cgroup/memory.stat", false,
      { "/sys/fs/cgroup/memory.stat", NULL } },
    { "cgroup-kubepods-memory", "host/cgroup/kubepods.memory.stat", false,
      { "/sys/fs/cgroup/kubepods.slice/memory.stat",
        "/sys/fs/cgroup/kubepods/memory.stat", NULL } },
    { "mounts", "host/mounts.txt", true,
      { "/proc/1/mounts", "/proc/mounts", NULL } },
};

static const struct { const char *unit; bool required; } journal_units[] = {
    { "kubelet", true }, { "containerd", false }, { "crio", false },
    { "docker", false },
};

/* One collection run. */
struct run {
    const struct sb_host_opts *o;
    const char *root;           /* "" for "/", else without trailing '/' */
    bool use_chroot;            /* tools run inside the host root */
    struct sb_bwriter *w;
    cJSON *collectors, *gaps;
    struct sb_host_summary *sum;
    int64_t deadline;           /* monotonic ms; 0: none */
    size_t output_max;
    int done, total;
    unsigned ok;
    int write_rc;               /* first bundle write error */
    struct sb_err write_err;
};

/* What one source produced, for the manifest and progress. */
struct outcome {
    const char *status;         /* ok | failed | absent | skipped */
    char error[512];
    char command[512];
    const char *source;         /* the file read, when one was */
    struct sb_proc_result proc;
    bool ran;
    struct sb_buf err_text;
    int64_t duration_ms;
};

/* snprintf that may cut: messages hold what fits */
static void SB_PRINTF(3, 4) set_text(char *dst, size_t cap, const char *fmt,
                                     ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(dst, cap, fmt, ap);
    va_end(ap);
}

static void outcome_init(struct outcome *oc)
{
    memset(oc, 0, sizeof(*oc));
    oc->status = "ok";
    sb_buf_init(&oc->err_text, STDERR_EXCERPT);
}

static bool out_of_time(struct run *r)
{
    if (r->o->stop && *r->o->stop)
        return true;
    return r->deadline && sb_time_mono_ms() >= r->deadline;
}

static void join_argv(const char *const *argv, char *buf, size_t cap)
{
    size_t len = 0;

    buf[0] = '\0';
    for (; *argv && len + 1 < cap; argv++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s",
                                len ? " " : "", *argv);
}

/* Printable excerpt: control characters other than newline become '?'. */
static void add_excerpt(cJSON *o, const char *key, const struct sb_buf *b)
{
    char text[STDERR_EXCERPT + 1];
    size_t i, n = b->len < STDERR_EXCERPT ? b->len : STDERR_EXCERPT;

    if (!n)
        return;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b->data[i];

        text[i] = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? '?' :
                  (char)c;
    }
    while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
        n--;
    text[n] = '\0';
    cJSON_AddStringToObject(o, key, text);
}

static void record(struct run *r, const char *name, const char *path,
                   bool required, struct outcome *oc)
{
    cJSON *c = cJSON_CreateObject();
    struct sb_host_step step;
    bool bad = strcmp(oc->status, "ok") && strcmp(oc->status, "absent");

    if (c) {
        cJSON_AddStringToObject(c, "name", name);
        cJSON_AddStringToObject(c, "status", oc->status);
        cJSON_AddNumberToObject(c, "duration_ms", (double)oc->duration_ms);
        if (oc->error[0])
            cJSON_AddStringToObject(c, "error", oc->error);
        else
            cJSON_AddNullToObject(c, "error");
        cJSON_AddStringToObject(c, "path", path);
        cJSON_AddBoolToObject(c, "required", required);
        if (oc->command[0])
            cJSON_AddStringToObject(c, "command", oc->command);
        if (oc->source)
            cJSON_AddStringToObject(c, "source", oc->source);
        if (oc->ran) {
            if (oc->proc.exit_code >= 0)
                cJSON_AddNumberToObject(c, "exit_code", oc->proc.exit_code);
            else
                cJSON_AddNullToObject(c, "exit_code");
            cJSON_AddBoolToObject(c, "timed_out", oc->proc.timed_out);
            if (oc->proc.stopped)
                cJSON_AddBoolToObject(c, "stopped", true);
            if (oc->proc.truncated)
                cJSON_AddBoolToObject(c, "truncated", true);
        }
        add_excerpt(c, "stderr", &oc->err_text);
        cJSON_AddItemToArray(r->collectors, c);
    }
    if (bad && required) {
        cJSON *g = cJSON_CreateObject();

        if (g) {
            cJSON_AddStringToObject(g, "collector", name);
            cJSON_AddStringToObject(g, "target", path);
            cJSON_AddNullToObject(g, "status");
            cJSON_AddStringToObject(g, "error", oc->error);
            cJSON_AddItemToArray(r->gaps, g);
        }
        r->sum->gaps++;
    }
    if (bad)
        r->sum->failed++;
    if (!strcmp(oc->status, "skipped"))
        r->sum->stopped = true;
    r->sum->sources++;
    r->done++;
    if (r->o->progress) {
        step = (struct sb_host_step){ name, oc->status, oc->error,
                                      oc->duration_ms, r->done, r->total };
        r->o->progress(r->o->progress_ctx, &step);
    }
    sb_buf_release(&oc->err_text);
}

/* Redacts (when asked) and adds one member. */
static void store(struct run *r, const char *path, const struct sb_buf *b)
{
    struct sb_buf red = SB_BUF_INIT(r->output_max + r->output_max / 2);
    const struct sb_buf *src = b;
    int rc;

    if (r->o->redact) {
        rc = r->o->redact(r->o->redact_ctx, b->data ? b->data : "", b->len,
                          &red);
        if (rc) {
            if (!r->write_rc)
                r->write_rc = sb_err_set(&r->write_err, rc, "cannot redact "
                                         "'%s': %s", path, sb_err_str(rc));
            sb_buf_release(&red);
            return;
        }
        src = &red;
    }
    rc = sb_bwriter_add(r->w, path, src->data ? src->data : "", src->len,
                        r->write_rc ? NULL : &r->write_err);
    if (rc && !r->write_rc)
        r->write_rc = rc;
    sb_buf_release(&red);
}

static int64_t command_timeout(struct run *r)
{
    int64_t t = r->o->command_timeout_ms > 0 ? r->o->command_timeout_ms :
                SB_HOST_COMMAND_TIMEOUT;

    if (r->deadline) {
        int64_t left = r->deadline - sb_time_mono_ms();

        if (left < t)
            t = left > 1 ? left : 1;
    }
    return t;
}

/* Runs one tool into 'out'. Sets oc->status to ok or failed. */
static void run_tool(struct run *r, const char *const *argv,
                     struct sb_buf *out, struct outcome *oc)
{
    struct sb_proc_opts po = { command_timeout(r),
                               r->use_chroot ? r->root : NULL,
                               STDERR_EXCERPT, r->o->stop };
    struct sb_err err = SB_ERR_INIT;

    join_argv(argv, oc->command, sizeof(oc->command));
    if (sb_proc_run((char *const *)argv, &po, out, &oc->err_text, &oc->proc,
                    &err)) {
        oc->status = "failed";
        set_text(oc->error, sizeof(oc->error), "%s", err.msg);
        return;
    }
    oc->ran = true;
    oc->duration_ms = oc->proc.duration_ms;
    sb_proc_describe(&oc->proc, oc->error, sizeof(oc->error));
    if (oc->error[0]) {
        char what[sizeof(oc->error)];

        snprintf(what, sizeof(what), "%s", oc->error);
        set_text(oc->error, sizeof(oc->error), "'%s': %s", oc->command, what);
        oc->status = oc->proc.stopped ? "skipped" : "failed";
    }
}

static bool skip_if_late(struct run *r, struct outcome *oc)
{
    if (!out_of_time(r))
        return false;
    oc->status = "skipped";
    snprintf(oc->error, sizeof(oc->error), "%s",
             r->o->stop && *r->o->stop ? "stopped by a signal" :
             "the run's deadline passed first");
    return true;
}

static void collect_cmd(struct run *r, const struct cmd_source *c)
{
    struct sb_buf out = SB_BUF_INIT(r->output_max);
    struct outcome oc;

    outcome_init(&oc);
    if (!skip_if_late(r, &oc)) {
        run_tool(r, c->argv, &out, &oc);
        /* a tool that failed may still have said something useful */
        if (out.len)
            store(r, c->path, &out);
        if (!strcmp(oc.status, "ok"))
            r->ok++;
        /* optional tools that are not installed are simply absent */
        if (!c->required && oc.proc.not_found)
            oc.status = "absent";
        /* systemctl status: 3 is "inactive", a real answer; anything
         * else (no such unit, no systemd) means there is none to ask */
        if (!strcmp(c->name, "fabricmanager") && oc.ran &&
            oc.proc.exit_code == 3) {
            oc.status = "ok";
            oc.error[0] = '\0';
        } else if (!strcmp(c->name, "fabricmanager") && strcmp(oc.status,
                                                                "ok")) {
            oc.status = "absent";
        }
    }
    record(r, c->name, c->path, c->required, &oc);
    sb_buf_release(&out);
}

static void collect_gpu_cmd(struct run *r, const struct gpu_source *c)
{
    struct sb_buf out = SB_BUF_INIT(r->output_max);
    struct outcome oc;

    if (c->probe == PROBE_DIAG && !r->o->gpu_diag)
        return;
    outcome_init(&oc);
    if (!skip_if_late(r, &oc)) {
        run_tool(r, c->argv, &out, &oc);
        if (out.len)
            store(r, c->path, &out);
        if (!strcmp(oc.status, "ok"))
            r->ok++;
        if (oc.proc.not_found) {
            oc.status = "absent";
        } else if (c->probe == PROBE_UNIT && oc.ran &&
                   oc.proc.exit_code == 3) {
            oc.status = "ok";
            oc.error[0] = '\0';
        } else if ((c->probe == PROBE_UNIT ||
                    c->probe == PROBE_SUBCOMMAND) && oc.ran &&
                   !oc.proc.timed_out && strcmp(oc.status, "ok")) {
            /* the driver has no such subcommand, the node no such unit */
            oc.status = "absent";
        }
    }
    record(r, c->name, c->path, false, &oc);
    sb_buf_release(&out);
}

/* Reads at most 'max' bytes of 'path', the newest part of a longer file
 * (logs grow at the end; the tail is where the incident is). /proc files
 * report size 0, so they are read to their end. */
static int read_file(const char *path, size_t max, struct sb_buf *out,
                     bool *truncated)
{
    char chunk[65536];
    struct stat st;
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), e;

    if (fd < 0)
        return -errno;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        (uint64_t)st.st_size > max) {
        *truncated = true;
        lseek(fd, st.st_size - (off_t)max, SEEK_SET);
    }
    while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
        size_t room = out->max > out->len ? out->max - out->len : 0;

        if ((size_t)n > room) {
            *truncated = true;
            n = (ssize_t)room;
        }
        if (n && sb_buf_add(out, chunk, (size_t)n))
            break;
        if (!room)
            break;
    }
    e = n < 0 ? errno : 0;
    close(fd);
    return e && e != EAGAIN ? -e : 0;
}

/* Tries <root><file>, then (for /proc under another root) the file in
 * this mount namespace: with hostPID the pod's /proc is the host's. */
static const char *read_first(struct run *r, const char *const *names,
                              struct sb_buf *out, char *path, size_t cap,
                              bool *truncated, int *last_errno)
{
    int pass, rc;

    *last_errno = ENOENT;
    for (pass = 0; pass < 2; pass++) {
        const char *const *f;

        if (pass == 1 && !r->root[0])
            break;
        for (f = names; *f; f++) {
            if (pass == 1 && strncmp(*f, "/proc/", 6))
                continue;
            snprintf(path, cap, "%s%s", pass ? "" : r->root, *f);
            sb_buf_reset(out);
            rc = read_file(path, r->output_max, out, truncated);
            if (!rc)
                return path;
            *last_errno = -rc;
        }
    }
    return NULL;
}

static void collect_file(struct run *r, const struct file_source *s)
{
    struct sb_buf out = SB_BUF_INIT(r->output_max);
    char path[4096];
    struct outcome oc;
    bool truncated = false;
    int64_t t0 = sb_time_mono_ms();
    int e;

    outcome_init(&oc);
    if (!skip_if_late(r, &oc)) {
        oc.source = read_first(r, s->files, &out, path, sizeof(path),
                               &truncated, &e);
        if (oc.source) {
            store(r, s->path, &out);
            r->ok++;
        } else {
            oc.status = s->required ? "failed" : "absent";
            snprintf(oc.error, sizeof(oc.error), "cannot read '%s%s': %s",
                     r->root, s->files[0], strerror(e));
        }
    }
    oc.duration_ms = sb_time_mono_ms() - t0;
    record(r, s->name, s->path, s->required, &oc);
    sb_buf_release(&out);
}

/* /dev/kmsg records ("6,1234,5678901,-;text") as dmesg prints them
 * ("[    5.678901] text"); read without blocking until the buffer ends. */
static int read_kmsg(struct sb_buf *out)
{
    char rec[8192], line[8400];
    int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    ssize_t n;
    int e = 0;

    if (fd < 0)
        return -errno;
    for (;;) {
        unsigned long long usec;
        char *semi;

        n = read(fd, rec, sizeof(rec) - 1);
        if (n < 0 && errno == EPIPE)
            continue;       /* overwritten records: go on with the next */
        if (n <= 0) {
            e = n < 0 && errno != EAGAIN ? errno : 0;
            break;
        }
        rec[n] = '\0';
        semi = strchr(rec, ';');
        if (!semi || sscanf(rec, "%*u,%*u,%llu", &usec) != 1)
            continue;
        *strchrnul(semi, '\n') = '\0';
        snprintf(line, sizeof(line), "[%5llu.%06llu] %s\n", usec / 1000000,
                 usec % 1000000, semi + 1);
        if (sb_buf_adds(out, line))
            break;
    }
    close(fd);
    return e ? -e : 0;
}

/* The kernel log in the first form that works: dmesg with ISO stamps
 * (year and zone), dmesg -T, /dev/kmsg, then kern.log on disk. */
static void collect_kernel(struct run *r)
{
    static const char *const iso[] = { "dmesg", "--time-format", "iso",
                                       NULL };
    static const char *const ctime[] = { "dmesg", "-T", NULL };
    struct sb_buf out = SB_BUF_INIT(r->output_max);
    const char *path = "host/kernel/dmesg.txt";
    char tried[1024] = "", file[4096];
    struct outcome oc;
    int64_t t0 = sb_time_mono_ms();
    bool truncated = false;
    int e;

    outcome_init(&oc);
    if (skip_if_late(r, &oc))
        goto done;
    run_tool(r, iso, &out, &oc);
    if (strcmp(oc.status, "ok")) {
        snprintf(tried, sizeof(tried), "%s", oc.error);
        sb_buf_reset(&out);
        sb_buf_reset(&oc.err_text);
        oc.status = "ok";
        run_tool(r, ctime, &out, &oc);
    }
    if (strcmp(oc.status, "ok")) {
        snprintf(tried + strlen(tried), sizeof(tried) - strlen(tried),
                 "; %s", oc.error);
        sb_buf_reset(&out);
        oc.command[0] = '\0';
        oc.ran = false;
        path = "host/kernel/kmsg.txt";
        e = read_kmsg(&out);
        if (!e && out.len) {
            oc.status = "ok";
            oc.source = "/dev/kmsg";
        } else {
            static const char *const kern[] = { "/var/log/kern.log", NULL };

            snprintf(tried + strlen(tried), sizeof(tried) - strlen(tried),
                     "; cannot read '/dev/kmsg': %s",
                     e ? strerror(-e) : "empty");
            path = "host/kernel/kern.log";
            oc.source = read_first(r, kern, &out, file, sizeof(file),
                                   &truncated, &e);
            if (oc.source) {
                oc.status = "ok";
            } else {
                snprintf(tried + strlen(tried), sizeof(tried) - strlen(tried),
                         "; cannot read '%s/var/log/kern.log': %s", r->root,
                         strerror(e));
            }
        }
    }
    if (!strcmp(oc.status, "ok")) {
        store(r, path, &out);
        r->ok++;
        oc.error[0] = '\0';
    } else {
        set_text(oc.error, sizeof(oc.error), "%s", tried);
    }
done:
    oc.duration_ms = sb_time_mono_ms() - t0;
    record(r, "kernel-log", path, true, &oc);
    sb_buf_release(&out);
}

static void collect_journal(struct run *r, const char *unit, bool required)
{
    char since[64], name[64], path[128];
    const char *argv[] = { "journalctl", "-u", unit, since, "-o",
                           "short-iso", "--utc", "--no-pager", "-q", NULL };
    struct sb_buf out = SB_BUF_INIT(r->output_max);
    int64_t secs = r->o->since_secs > 0 ? r->o->since_secs : SB_HOST_SINCE;
    struct outcome oc;

    snprintf(since, sizeof(since), "--since=-%llds", (long long)secs);
    snprintf(name, sizeof(name), "journal-%s", unit);
    snprintf(path, sizeof(path), "host/journal/%s.log", unit);
    outcome_init(&oc);
    if (!skip_if_late(r, &oc)) {
        run_tool(r, argv, &out, &oc);
        if (out.len)
            store(r, path, &out);
        if (!strcmp(oc.status, "ok") && out.len)
            r->ok++;
        /* a runtime the node does not use has no entries */
        if (!required && (oc.proc.not_found ||
                          (!strcmp(oc.status, "ok") && !out.len)))
            oc.status = "absent";
    }
    record(r, name, path, required, &oc);
    sb_buf_release(&out);
}

static void collect_uname(struct run *r)
{
    struct sb_buf out = SB_BUF_INIT(4096);
    struct utsname u;
    struct outcome oc;

    outcome_init(&oc);
    if (uname(&u) == 0) {
        /* the node name is the pod's in a container: the kernel is not */
        if (sb_buf_addf(&out, "%s %s %s %s\n", u.sysname, u.release,
                        u.version, u.machine)) {
            oc.status = "failed";
            snprintf(oc.error, sizeof(oc.error), "uname: out of memory");
        } else {
            /* not counted as usable: it says nothing about this node's
             * GPUs, logs or files */
            store(r, "host/uname.txt", &out);
        }
    } else {
        oc.status = "failed";
        snprintf(oc.error, sizeof(oc.error), "uname: %s", strerror(errno));
    }
    record(r, "uname", "host/uname.txt", true, &oc);
    sb_buf_release(&out);
}

static void safe_name(const char *in, char *out, size_t cap)
{
    size_t i;

    for (i = 0; in[i] && i + 1 < cap; i++)
        out[i] = isalnum((unsigned char)in[i]) || in[i] == '.' ||
                 in[i] == '-' || in[i] == '_' ? in[i] : '_';
    out[i] = '\0';
}

/* --node-name, else the host's /etc/hostname under another root, else
 * the kernel's host name. */
static void node_name(const struct sb_host_opts *o, const char *root,
                      char *out, size_t cap)
{
    char path[4096];
    FILE *f;

    out[0] = '\0';
    if (o->node_name && *o->node_name) {
        snprintf(out, cap, "%s", o->node_name);
        return;
    }
    if (root[0]) {
        snprintf(path, sizeof(path), "%s/etc/hostname", root);
        f = fopen(path, "r");
        if (f) {
            if (fgets(out, (int)cap, f))
                out[strcspn(out, " \t\r\n")] = '\0';
            fclose(f);
        }
    }
    if (!out[0] && gethostname(out, cap) != 0)
        snprintf(out, cap, "%s", "unknown");
    out[cap - 1] = '\0';
}

/* A real root file system has its own tools: run them there (nvidia-smi
 * needs the host's driver libraries). A bare folder of files (tests, a
 * copied root) has none: run this image's tools from PATH. */
static bool has_usr_bin(const char *root)
{
    char path[4200];
    struct stat st;

    snprintf(path, sizeof(path), "%s/usr/bin", root);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static cJSON *manifest_new(struct run *r, const char *start, const char *end)
{
    cJSON *m = cJSON_CreateObject(), *c;

    if (!m)
        return NULL;
    cJSON_AddNumberToObject(m, "format_version", 1);
    cJSON_AddStringToObject(m, "tool_version", SB_VERSION);
    cJSON_AddStringToObject(m, "kind", "host");
    cJSON_AddStringToObject(m, "node", r->sum->node);
    cJSON_AddNullToObject(m, "cluster");
    cJSON_AddNullToObject(m, "server");
    cJSON_AddNullToObject(m, "kubernetes_version");
    c = cJSON_AddObjectToObject(m, "collection");
    if (c) {
        cJSON_AddStringToObject(c, "start", start);
        cJSON_AddStringToObject(c, "end", end);
    }
    cJSON_AddItemToObject(m, "parameters", r->o->parameters ?
                          cJSON_Duplicate(r->o->parameters, true) :
                          cJSON_CreateObject());
    cJSON_AddItemToObject(m, "collectors", r->collectors);
    cJSON_AddItemToObject(m, "gaps", r->gaps);
    r->collectors = r->gaps = NULL;
    cJSON_AddBoolToObject(m, "complete", r->sum->complete);
    cJSON_AddItemToObject(m, "redactions", r->o->redact_counts ?
                          r->o->redact_counts(r->o->redact_ctx) :
                          cJSON_CreateObject());
    return m;
}

static void collect_all(struct run *r)
{
    size_t i;

    for (i = 0; i < sizeof(nvidia_cmds) / sizeof(nvidia_cmds[0]); i++)
        collect_cmd(r, &nvidia_cmds[i]);
    for (i = 0; i < sizeof(gpu_cmds) / sizeof(gpu_cmds[0]); i++)
        collect_gpu_cmd(r, &gpu_cmds[i]);
    collect_kernel(r);
    for (i = 0; i < sizeof(journal_units) / sizeof(journal_units[0]); i++)
        collect_journal(r, journal_units[i].unit, journal_units[i].required);
    collect_uname(r);
    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        collect_file(r, &files[i]);
    for (i = 0; i < sizeof(system_cmds) / sizeof(system_cmds[0]); i++)
        collect_cmd(r, &system_cmds[i]);
}

static int total_sources(const struct sb_host_opts *o)
{
    size_t gpu = 0;

    for (size_t i = 0; i < sizeof(gpu_cmds) / sizeof(gpu_cmds[0]); i++)
        gpu += gpu_cmds[i].probe != PROBE_DIAG || o->gpu_diag;
    return (int)(sizeof(nvidia_cmds) / sizeof(nvidia_cmds[0]) + gpu + 1 +
                 sizeof(journal_units) / sizeof(journal_units[0]) + 1 +
                 sizeof(files) / sizeof(files[0]) +
                 sizeof(system_cmds) / sizeof(system_cmds[0]));
}

int sb_host_collect(const struct sb_host_opts *o, struct sb_host_summary *sum,
                    struct sb_err *err)
{
    char root[4096], start[SB_TIME_MAX], end[SB_TIME_MAX], top[512];
    char safe[256], stamp[32];
    struct run r;
    int64_t t0 = sb_time_mono_ms(), now = sb_time_now();
    cJSON *manifest;
    size_t rl;
    int rc;

    memset(sum, 0, sizeof(*sum));
    memset(&r, 0, sizeof(r));
    snprintf(root, sizeof(root), "%s", o->host_root ? o->host_root : "/");
    rl = strlen(root);
    while (rl && root[rl - 1] == '/')
        root[--rl] = '\0';
    r.o = o;
    r.root = root;
    r.sum = sum;
    r.output_max = o->output_max ? o->output_max : SB_HOST_OUTPUT_MAX;
    r.deadline = o->timeout_ms > 0 ? t0 + o->timeout_ms : 0;
    r.use_chroot = root[0] && has_usr_bin(root);
    r.total = total_sources(o);
    sb_time_format(now, -1, start);
    node_name(o, root, sum->node, sizeof(sum->node));
    safe_name(sum->node, safe, sizeof(safe));
    {
        time_t tt = (time_t)now;
        struct tm tm;

        gmtime_r(&tt, &tm);
        strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
    }
    snprintf(top, sizeof(top), "sbundle-host-%s-%s", safe, stamp);
    if (o->output)
        snprintf(sum->output, sizeof(sum->output), "%s", o->output);
    else
        snprintf(sum->output, sizeof(sum->output), "%s.tar.gz", top);

    r.collectors = cJSON_CreateArray();
    r.gaps = cJSON_CreateArray();
    if (!r.collectors || !r.gaps) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    rc = sb_bwriter_open(sum->output, top, &r.w, err);
    if (rc)
        goto cleanup;
    collect_all(&r);
    if (r.write_rc) {
        rc = sb_err_set(err, r.write_rc, "%s", r.write_err.msg);
        goto cleanup;
    }
    if (!r.ok) {
        rc = sb_err_set(err, SB_E_NOTFOUND, "nothing could be collected on "
                        "'%s' (host root '%s'): every source failed",
                        sum->node, o->host_root ? o->host_root : "/");
        goto cleanup;
    }
    sum->complete = !sum->gaps && !sum->stopped;
    sb_time_format(sb_time_now(), -1, end);
    manifest = manifest_new(&r, start, end);
    sb_bwriter_stats(r.w, &sum->files, &sum->bytes);
    rc = sb_bwriter_finish(r.w, manifest, err);
    r.w = NULL;
    if (!rc)
        sum->files++;   /* manifest.json */
cleanup:
    sb_bwriter_abort(r.w);
    cJSON_Delete(r.collectors);
    cJSON_Delete(r.gaps);
    sum->duration_ms = sb_time_mono_ms() - t0;
    return rc;
}
