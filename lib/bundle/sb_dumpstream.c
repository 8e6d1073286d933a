/*
 * The standard output of `kubectl cluster-info dump`, laid out as its
 * --output-directory form. One pass, byte by byte: JSON values are
 * delimited by counting braces outside strings (they are copied to a
 * spool file as they go, and only their first HEAD_MAX bytes are kept to
 * learn the list's kind and namespace); log blocks by their START and END
 * lines, copied through to NS/POD/logs.txt with their markers, which the
 * dump reader splits per container.
 */
#include "sb_dumpstream.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb_buf.h"

#define HEAD_MAX (1u << 20)     /* a list's kind and first namespace */
#define LINE_HEAD 600           /* enough of a line for a marker */
#define NAME_MAX_K8S 253

static const char start_mark[] = "==== START logs for container ";
static const char end_mark[] = "==== END logs for container ";

/* the lists the dump writes, and their file names in the folder form */
static const struct {
    const char *kind, *file;
} lists[] = {
    { "NodeList", "nodes.json" },
    { "EventList", "events.json" },
    { "ReplicationControllerList", "replication-controllers.json" },
    { "ServiceList", "services.json" },
    { "DaemonSetList", "daemonsets.json" },
    { "DeploymentList", "deployments.json" },
    { "ReplicaSetList", "replicasets.json" },
    { "PodList", "pods.json" },
    { "StatefulSetList", "statefulsets.json" },
    { "JobList", "jobs.json" },
    { "CronJobList", "cronjobs.json" },
};

enum state { OUTSIDE, IN_JSON, IN_LOG, SKIP_LINE };

struct splitter {
    const char *path, *dir;
    sb_dumpstream_warn_fn *warn;
    void *warn_ctx;
    struct sb_err *err;
    enum state st;
    /* a JSON value */
    int fd;                     /* its spool, -1 when none */
    long long depth;
    bool in_str, esc;
    struct sb_buf head;         /* its first HEAD_MAX bytes */
    /* a log block, or a line outside values */
    int log_fd;
    char line[LINE_HEAD + 1];
    size_t line_len;
    bool at_line_start;
    int files;
    struct sb_buf tmp;          /* paths */
};

static void warn(struct splitter *s, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (!s->warn)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    s->warn(s->warn_ctx, msg);
}

static int io_error(struct splitter *s, const char *what, const char *file)
{
    return sb_err_set(s->err, SB_E_IO, "cannot %s '%s': %s", what, file,
                      strerror(errno));
}

/* A name the API allows, so safe as one path component */
static bool good_name(const char *s, size_t n)
{
    size_t i;

    if (n == 0 || n > NAME_MAX_K8S || (n <= 2 && s[0] == '.'))
        return false;
    for (i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '-' || s[i] == '.'))
            return false;
    return true;
}

static int write_all(struct splitter *s, int fd, const char *p, size_t n,
                     const char *file)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return io_error(s, "write", file);
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static const char *spool_path(struct splitter *s)
{
    sb_buf_reset(&s->tmp);
    if (sb_buf_addf(&s->tmp, "%s/.value.partial", s->dir))
        return NULL;
    return sb_buf_str(&s->tmp);
}

/* ---- JSON values ---- */

static int value_begin(struct splitter *s)
{
    const char *p = spool_path(s);

    if (!p)
        return sb_err_set(s->err, SB_E_NOMEM, "out of memory");
    s->fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
                 0600);
    if (s->fd < 0)
        return io_error(s, "create", p);
    s->depth = 0;
    s->in_str = s->esc = false;
    sb_buf_reset(&s->head);
    s->st = IN_JSON;
    return 0;
}

/* The string value of the first '"key": "' at or after 'from' in the
 * head, copied into 'out'; false when absent or too long. */
static bool head_string(const struct splitter *s, const char *from,
                        const char *key, char *out, size_t cap)
{
    const char *end = s->head.data + s->head.len, *p, *q;
    char pat[32];
    size_t n;

    snprintf(pat, sizeof(pat), "\"%s\":", key);
    p = from ? memmem(from, (size_t)(end - from), pat, strlen(pat)) : NULL;
    if (!p)
        return false;
    p += strlen(pat);
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    if (p >= end || *p != '"')
        return false;
    p++;
    q = memchr(p, '"', (size_t)(end - p));
    if (!q || (n = (size_t)(q - p)) >= cap)
        return false;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

static const char *list_file(const char *kind)
{
    size_t i;

    for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        if (!strcmp(kind, lists[i].kind))
            return lists[i].file;
    return NULL;
}

/* The finished value goes to its place: NS/<list>.json, or nodes.json */
static int value_end(struct splitter *s)
{
    char kind[64] = "", ns[NAME_MAX_K8S + 1] = "";
    const char *file, *items, *spool;
    struct sb_buf dest = SB_BUF_INIT(4096);
    int rc = 0;

    if (close(s->fd))
        rc = io_error(s, "write", ".value.partial");
    s->fd = -1;
    s->st = OUTSIDE;
    s->at_line_start = true;    /* what follows the brace is a new line */
    if (rc)
        return rc;
    if (s->head.len == 0 || !head_string(s, s->head.data, "kind", kind,
                                         sizeof(kind)) ||
        !(file = list_file(kind))) {
        warn(s, "a JSON value of kind '%s' is not one the dump writes: "
             "skipped", kind[0] ? kind : "(none)");
        return 0;
    }
    items = memmem(s->head.data, s->head.len, "\"items\":", 8);
    if (strcmp(kind, "NodeList") != 0) {
        if (!items || !head_string(s, items, "namespace", ns, sizeof(ns))) {
            /* an empty list holds nothing to load; a huge first item
             * hides its namespace past the head */
            if (items && !memmem(items, s->head.len -
                                 (size_t)(items - s->head.data), "{", 1))
                return 0;
            warn(s, "a %s whose namespace cannot be told: skipped", kind);
            return 0;
        }
        if (!good_name(ns, strlen(ns))) {
            warn(s, "a %s in namespace '%.64s', not a valid name: skipped",
                 kind, ns);
            return 0;
        }
    }
    if (ns[0] && sb_buf_addf(&dest, "%s/%s", s->dir, ns) == 0 &&
        mkdir(sb_buf_str(&dest), 0700) && errno != EEXIST)
        rc = io_error(s, "create", sb_buf_str(&dest));
    sb_buf_reset(&dest);
    if (rc == 0 && sb_buf_addf(&dest, "%s/%s%s%s", s->dir, ns,
                               ns[0] ? "/" : "", file))
        rc = sb_err_set(s->err, SB_E_NOMEM, "out of memory");
    if (rc == 0 && access(sb_buf_str(&dest), F_OK) == 0) {
        warn(s, "a second %s%s%s: skipped", kind, ns[0] ? " in " : "", ns);
    } else if (rc == 0 && !(spool = spool_path(s))) {
        rc = sb_err_set(s->err, SB_E_NOMEM, "out of memory");
    } else if (rc == 0 && rename(spool, sb_buf_str(&dest))) {
        rc = io_error(s, "create", sb_buf_str(&dest));
    } else if (rc == 0) {
        s->files++;
    }
    sb_buf_release(&dest);
    return rc;
}

/* Copies the run of JSON bytes p[0..n) that belongs to the value; returns
 * how many were its (up to its closing brace), or a negative code. */
static ssize_t value_bytes(struct splitter *s, const char *p, size_t n)
{
    size_t i, keep;
    int rc;

    for (i = 0; i < n; i++) {
        char c = p[i];

        if (s->esc)
            s->esc = false;
        else if (s->in_str && c == '\\')
            s->esc = true;
        else if (c == '"')
            s->in_str = !s->in_str;
        else if (!s->in_str && c == '{')
            s->depth++;
        else if (!s->in_str && c == '}' && --s->depth == 0) {
            i++;
            break;
        }
    }
    keep = s->head.len < HEAD_MAX ? HEAD_MAX - s->head.len : 0;
    if (keep > i)
        keep = i;
    if (keep && sb_buf_add(&s->head, p, keep))
        return sb_err_set(s->err, SB_E_NOMEM, "out of memory");
    if ((rc = write_all(s, s->fd, p, i, ".value.partial")))
        return rc;
    if (s->depth == 0 && (rc = value_end(s)))
        return rc;
    return (ssize_t)i;
}

/* ---- log blocks ---- */

/* "==== START logs for container C of pod NS/P ====": opens NS/P/logs.txt
 * for appending (a pod's containers come one after another) */
static int log_begin(struct splitter *s)
{
    const char *c = s->line + sizeof(start_mark) - 1, *of, *slash, *sp;
    struct sb_buf p = SB_BUF_INIT(4096);
    int rc = 0;

    of = strstr(c, " of pod ");
    slash = of ? strchr(of + 8, '/') : NULL;
    sp = slash ? strchr(slash, ' ') : NULL;
    if (!of || !slash || !sp ||
        !good_name(of + 8, (size_t)(slash - of - 8)) ||
        !good_name(slash + 1, (size_t)(sp - slash - 1))) {
        warn(s, "a log block whose pod cannot be read: skipped");
        s->st = IN_LOG;
        return 0;
    }
    if (sb_buf_addf(&p, "%s/%.*s", s->dir, (int)(slash - of - 8), of + 8))
        rc = sb_err_set(s->err, SB_E_NOMEM, "out of memory");
    if (rc == 0 && mkdir(sb_buf_str(&p), 0700) && errno != EEXIST)
        rc = io_error(s, "create", sb_buf_str(&p));
    if (rc == 0 && sb_buf_addf(&p, "/%.*s", (int)(sp - slash - 1), slash + 1))
        rc = sb_err_set(s->err, SB_E_NOMEM, "out of memory");
    if (rc == 0 && mkdir(sb_buf_str(&p), 0700) && errno != EEXIST)
        rc = io_error(s, "create", sb_buf_str(&p));
    if (rc == 0 && sb_buf_adds(&p, "/logs.txt") < 0)
        rc = sb_err_set(s->err, SB_E_NOMEM, "out of memory");
    if (rc == 0) {
        s->log_fd = open(sb_buf_str(&p), O_WRONLY | O_CREAT | O_APPEND |
                         O_CLOEXEC | O_NOFOLLOW, 0600);
        if (s->log_fd < 0)
            rc = io_error(s, "create", sb_buf_str(&p));
        else
            s->files++;
    }
    if (rc == 0)
        rc = write_all(s, s->log_fd, s->line, s->line_len, sb_buf_str(&p));
    sb_buf_release(&p);
    s->st = IN_LOG;
    return rc;
}

static int log_end(struct splitter *s)
{
    int rc = 0;

    if (s->log_fd >= 0 && close(s->log_fd))
        rc = io_error(s, "write", "logs.txt");
    s->log_fd = -1;
    s->st = OUTSIDE;
    return rc;
}

static bool line_is(const struct splitter *s, const char *mark, size_t n)
{
    return s->line_len >= n && !memcmp(s->line, mark, n);
}

/* A line inside a log block: copied through; returns bytes used */
static ssize_t log_bytes(struct splitter *s, const char *p, size_t n)
{
    const char *nl = memchr(p, '\n', n);
    size_t take = nl ? (size_t)(nl - p) + 1 : n, k;
    int rc;

    if (s->at_line_start)
        s->line_len = 0;
    k = take < LINE_HEAD - s->line_len ? take : LINE_HEAD - s->line_len;
    memcpy(s->line + s->line_len, p, k);
    s->line_len += k;
    s->line[s->line_len] = '\0';
    s->at_line_start = nl != NULL;
    /* a new START without an END: the last block was cut short */
    if (nl && line_is(s, start_mark, sizeof(start_mark) - 1)) {
        if ((rc = log_end(s)) || (rc = log_begin(s)))
            return rc;
        return (ssize_t)take;
    }
    if (s->log_fd >= 0 &&
        (rc = write_all(s, s->log_fd, p, take, "logs.txt")))
        return rc;
    if (nl && line_is(s, end_mark, sizeof(end_mark) - 1) &&
        (rc = log_end(s)))
        return rc;
    return (ssize_t)take;
}

/* ---- between values ---- */

static ssize_t outside_bytes(struct splitter *s, const char *p, size_t n)
{
    const char *nl;
    size_t take, k;
    int rc;

    if (s->at_line_start) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            return 1;   /* white space between values */
        if (*p == '{') {
            s->at_line_start = false;
            return (rc = value_begin(s)) ? rc : 0;
        }
        s->line_len = 0;
    }
    nl = memchr(p, '\n', n);
    take = nl ? (size_t)(nl - p) + 1 : n;
    k = take < LINE_HEAD - s->line_len ? take : LINE_HEAD - s->line_len;
    memcpy(s->line + s->line_len, p, k);
    s->line_len += k;
    s->line[s->line_len] = '\0';
    s->at_line_start = nl != NULL;
    if (nl && line_is(s, start_mark, sizeof(start_mark) - 1))
        return (rc = log_begin(s)) ? rc : (ssize_t)take;
    if (nl && s->line[strspn(s->line, " \t\r\n")])
        warn(s, "text outside the dump's lists and logs: skipped ('%.40s')",
             s->line);
    return (ssize_t)take;
}

static ssize_t step(struct splitter *s, const char *p, size_t n)
{
    switch (s->st) {
    case IN_JSON:
        return value_bytes(s, p, n);
    case IN_LOG:
        return log_bytes(s, p, n);
    default:
        return outside_bytes(s, p, n);
    }
}

bool sb_dumpstream_detect(const char *path)
{
    char buf[4096], *p, *end;
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return false;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    end = buf + n;
    for (p = buf; p < end && (*p == ' ' || *p == '\n' || *p == '\r' ||
                              *p == '\t'); p++)
        ;
    if (p >= end || *p != '{')
        return false;
    for (p++; p < end && (*p == ' ' || *p == '\n' || *p == '\r' ||
                          *p == '\t'); p++)
        ;
    if (strncmp(p, "\"kind\":", 7) != 0)
        return false;
    p = strchr(p + 7, '"');
    return p && (end = strchr(p + 1, '"')) && end - p > 5 &&
           !strncmp(end - 4, "List", 4);
}

int sb_dumpstream_split(const char *path, const char *dir,
                        sb_dumpstream_warn_fn *warn_fn, void *warn_ctx,
                        struct sb_err *err)
{
    struct splitter s;
    char buf[65536];
    FILE *f = fopen(path, "rb");
    size_t n, off;
    ssize_t used;
    int rc = 0;

    if (!f)
        return sb_err_set(err, SB_E_NOTFOUND, "cannot open '%s': %s", path,
                          strerror(errno));
    memset(&s, 0, sizeof(s));
    s.path = path;
    s.dir = dir;
    s.warn = warn_fn;
    s.warn_ctx = warn_ctx;
    s.err = err;
    s.fd = s.log_fd = -1;
    s.at_line_start = true;
    sb_buf_init(&s.head, HEAD_MAX + 1);
    sb_buf_init(&s.tmp, 8192);
    while (rc == 0 && (n = fread(buf, 1, sizeof(buf), f)) > 0)
        for (off = 0; rc == 0 && off < n; off += (size_t)used)
            if ((used = step(&s, buf + off, n - off)) < 0)
                rc = (int)used;
    if (rc == 0 && ferror(f))
        rc = sb_err_set(err, SB_E_IO, "cannot read '%s'", path);
    if (rc == 0 && s.st == IN_JSON)
        warn(&s, "the file ends inside a JSON value: its last list is "
             "skipped");
    if (s.fd >= 0) {
        close(s.fd);
        if (spool_path(&s))
            unlink(sb_buf_str(&s.tmp));
    }
    if (s.log_fd >= 0 && close(s.log_fd) && rc == 0)
        rc = io_error(&s, "write", "logs.txt");
    fclose(f);
    sb_buf_release(&s.head);
    sb_buf_release(&s.tmp);
    return rc ? rc : s.files;
}
