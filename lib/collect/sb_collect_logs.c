/*
 * collect's logs: the log of every container that ran (and its previous
 * one), asked for a few at a time from a queue kept on disk, so that
 * 150,000 pods do not queue 150,000 requests; and the reading of any log
 * stream (node logs too): tailed to --max-log-bytes, cut at
 * --max-log-read, redacted, then written or held for --max-size. Apart
 * because a log's life (queue, stream, cut, redact) shares nothing with
 * a list's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "sb_collect_int.h"
#include "sb_alloc.h"
#include "sb_tailfile.h"

#define LOG_IN_MEMORY ((uint64_t)1 << 20)  /* smaller logs skip a tmpfile */
/* Container log requests handed to the HTTP engine ahead of those in
 * flight: enough that it never waits for the next one, few enough that
 * memory does not grow with the pods (the rest wait in run.logq_fd). */
#define LOGS_AHEAD_PER_REQUEST 4
#define LOGQ_RECORD_MAX 2048

/* ---- logs ------------------------------------------------------------ */

struct log_job {
    struct run *r;
    enum collector_id col;
    char *path;             /* bundle member */
    char *target;           /* for gaps */
    struct sb_tailfile tail;
    bool ranged;            /* asked with a Range header */
    bool capped;            /* stopped at --max-log-read */
    bool cut;               /* ended early: its last line is incomplete */
    uint64_t read;          /* bytes of this attempt */
    FILE *out;
    struct sb_buf red;
};

static void log_free(struct log_job *j)
{
    if (!j)
        return;
    sb_tailfile_release(&j->tail);
    if (j->out)
        fclose(j->out);
    sb_buf_release(&j->red);
    sb_free(j->path);
    sb_free(j->target);
    sb_free(j);
}

static int log_data(void *ctx, const char *p, size_t n)
{
    struct log_job *j = ctx;

    if (!p) {
        sb_tailfile_reset(&j->tail);
        j->read = 0;
        return 0;
    }
    j->read += n;
    if (j->read > j->r->max_log_read) {
        /* an endless stream: what was read is kept, newest first */
        j->capped = true;
        return SB_E_TOOBIG;
    }
    return sb_tailfile_write(&j->tail, p, n);
}

/* Redacted text goes to 'red' for a small log (one member write, no
 * second temporary file) or through it to 'out'. */
static int log_chunk(void *ctx, const char *p, size_t n)
{
    struct log_job *j = ctx;

    /* only the stream's last chunk may lack a final newline: in a cut
     * stream that line is incomplete and left out */
    if (j->cut && n && p[n - 1] != '\n') {
        const char *nl = memrchr(p, '\n', n);
        n = nl ? (size_t)(nl - p) + 1 : 0;
    }

    if (!j->out)
        return sb_col_redact_text(j->r, p, n, &j->red) ? SB_E_NOMEM : 0;
    sb_buf_reset(&j->red);
    if (sb_col_redact_text(j->r, p, n, &j->red))
        return SB_E_NOMEM;
    if (j->red.len && fwrite(j->red.data, 1, j->red.len, j->out) !=
        j->red.len)
        return SB_E_IO;
    return 0;
}

static void log_done(void *ctx, const struct sb_http_result *res)
{
    struct log_job *j = ctx;
    struct run *r = j->r;
    bool partial = j->ranged && res->status == 206;
    /* cut by the deadline, a signal or --max-log-read: what was read is
     * kept, and the cut is a gap */
    bool cut = j->tail.len > 0 && !j->tail.err_no &&
               (j->capped || res->code == SB_E_TIMEOUT ||
                res->code == SB_E_INTERRUPTED);
    char msg[300];
    int rc;

    if (res->code && j->tail.err_no) {
        char msg[512];
        snprintf(msg, sizeof(msg), "cannot keep the log in a temporary "
                 "file: %s", strerror(j->tail.err_no));
        sb_col_add_gap(r, j->col, j->target, 0, msg);
        goto cleanup;
    }
    if (cut) {
        if (j->capped)
            snprintf(msg, sizeof(msg), "the log was still streaming after "
                     "%llu bytes (--max-log-read): the newest of them are "
                     "kept", (unsigned long long)r->max_log_read);
        else
            snprintf(msg, sizeof(msg), "%s: the log is cut, what was read "
                     "is kept", res->error);
        sb_col_add_gap(r, j->col, j->target, res->status, msg);
        partial = j->ranged;    /* a ranged read starts mid-line */
        j->cut = true;
    } else if (res->code) {
        /* a container that never ran has no log: nothing is missing */
        if (res->status != 400 || j->col != C_LOGS)
            sb_col_add_gap(r, j->col, j->target, res->status, res->error);
        goto cleanup;
    }
    if (j->tail.len > LOG_IN_MEMORY) {
        j->out = tmpfile();
        if (!j->out) {
            char msg[300];
            snprintf(msg, sizeof(msg), "cannot create a temporary file: %s",
                     strerror(errno));
            sb_col_add_gap(r, j->col, j->target, 0, msg);
            goto cleanup;
        }
    }
    rc = sb_tailfile_each(&j->tail, r->o->max_log_lines, partial, log_chunk,
                          j, NULL);
    if (rc || (j->out && fflush(j->out))) {
        sb_col_add_gap(r, j->col, j->target, 0, "cannot redact the log");
        goto cleanup;
    }
    if (sb_col_add_log(r, j->path, j->red.data ? j->red.data : "", j->red.len,
                    j->out) == 0) {
        r->log_streams++;
        r->col[j->col].items++;
    }
cleanup:
    sb_col_touch(r, j->col);
    sb_col_progress(r, false);
    if (j->col == C_LOGS) {
        r->logs_out--;
        log_free(j);
        sb_col_pump_logs(r);
        return;
    }
    log_free(j);
}

void sb_col_start_log(struct run *r, enum collector_id col, const char *url,
                   const char *path, const char *target, bool ranged)
{
    struct log_job *j = sb_calloc(1, sizeof(*j));
    struct sb_err e = SB_ERR_INIT;
    char range[64];

    if (!j)
        goto nomem;
    j->r = r;
    j->col = col;
    j->path = sb_strdup(path);
    j->target = sb_strdup(target);
    j->ranged = ranged;
    sb_buf_init(&j->red, SB_BUF_UNLIMITED);
    if (!j->path || !j->target)
        goto nomem;
    if (sb_tailfile_init(&j->tail, r->o->max_log_bytes, &e)) {
        sb_col_add_gap(r, col, target, 0, e.msg);
        log_free(j);
        return;
    }
    snprintf(range, sizeof(range), "bytes=-%zu", r->o->max_log_bytes);
    sb_col_start(r, col);
    if (sb_col_submit(r, url, ranged ? range : NULL, 0, false, log_data, log_done,
                   j)) {
        sb_col_add_gap(r, col, target, 0, sb_http_stopped(r->http)
                    ? "collection stopped before this log" : "out of memory");
        log_free(j);
        return;
    }
    if (col == C_LOGS)
        r->logs_out++;
    return;
nomem:
    log_free(j);
    sb_col_add_gap(r, col, target, 0, "out of memory");
}

static const cJSON *container_status(const cJSON *pod, const char *list,
                                     const char *name)
{
    const cJSON *s;

    cJSON_ArrayForEach(s, jget(jget(pod, "status"), list))
        if (jstr(s, "name") && !strcmp(jstr(s, "name"), name))
            return s;
    return NULL;
}

static void start_container_log(struct run *r, const char *ns,
                                const char *pod, const char *c,
                                bool previous)
{
    char *en = sb_http_escape(ns);
    char *ep = sb_http_escape(pod);
    char *ec = sb_http_escape(c);
    char url[2048], path[1400], target[1400], sns[256], spod[512], sc[256];
    char since[64] = "";

    if (!en || !ep || !ec) {
        sb_col_add_gap(r, C_LOGS, pod, 0, "out of memory");
        goto cleanup;
    }
    if (r->o->since_secs > 0)
        snprintf(since, sizeof(since), "&sinceSeconds=%lld",
                 (long long)r->o->since_secs);
    snprintf(url, sizeof(url),
             "/api/v1/namespaces/%s/pods/%s/log?container=%s&timestamps=true"
             "&tailLines=%ld%s%s", en, ep, ec, r->o->max_log_lines, since,
             previous ? "&previous=true" : "");
    sb_col_safe_component(ns, sns, sizeof(sns));
    sb_col_safe_component(pod, spod, sizeof(spod));
    sb_col_safe_component(c, sc, sizeof(sc));
    snprintf(path, sizeof(path), "logs/%s/%s/%s%s.log", sns, spod, sc,
             previous ? ".previous" : "");
    snprintf(target, sizeof(target), "log of container '%s' in pod '%s/%s'%s",
             c, ns, pod, previous ? " (previous)" : "");
    sb_col_start_log(r, C_LOGS, url, path, target, false);
cleanup:
    sb_free(en);
    sb_free(ep);
    sb_free(ec);
}

/* The log queue: a record per container log still to ask for, appended
 * to a file in the spool folder and read back in order as requests
 * finish (sb_col_pump_logs). A record: its payload's length (4 bytes), then a
 * byte (1: the previous log), namespace, pod and container, each ended
 * by a NUL. */
static int logq_open(struct run *r)
{
    char path[PATH_MAX];

    if (r->logq_fd >= 0)
        return 0;
    snprintf(path, sizeof(path), "%s/logs.queue", r->spool_dir);
    r->logq_fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC |
                      O_NOFOLLOW, 0600);
    if (r->logq_fd < 0)
        return SB_E_IO;
    unlink(path);       /* open until the run ends, gone if it dies */
    return 0;
}

static void queue_container_log(struct run *r, const char *ns,
                                const char *pod, const char *c,
                                bool previous)
{
    char rec[LOGQ_RECORD_MAX];
    size_t ln = strlen(ns) + 1, lp = strlen(pod) + 1, lc = strlen(c) + 1;
    size_t len = 1 + ln + lp + lc;

    if (4 + len > sizeof(rec) || logq_open(r)) {
        /* names this long are not Kubernetes': ask for it at once */
        start_container_log(r, ns, pod, c, previous);
        return;
    }
    rec[0] = (char)(len & 0xff);
    rec[1] = (char)(len >> 8 & 0xff);
    rec[2] = rec[3] = 0;
    rec[4] = previous ? 1 : 0;
    memcpy(rec + 5, ns, ln);
    memcpy(rec + 5 + ln, pod, lp);
    memcpy(rec + 5 + ln + lp, c, lc);
    if (pwrite(r->logq_fd, rec, 4 + len, (off_t)r->logq_wr) !=
        (ssize_t)(4 + len)) {
        start_container_log(r, ns, pod, c, previous);
        return;
    }
    r->logq_wr += 4 + len;
}

/* Reads the next queued log into 'rec'; false when none is left or it
 * cannot be read (then the rest of the queue is dropped with a gap). */
static bool logq_next(struct run *r, char *rec, const char **ns,
                      const char **pod, const char **c, bool *previous)
{
    unsigned char lb[4];
    size_t len;

    if (r->logq_rd >= r->logq_wr)
        return false;
    if (pread(r->logq_fd, lb, 4, (off_t)r->logq_rd) != 4)
        goto fail;
    len = (size_t)lb[0] | (size_t)lb[1] << 8;
    if (len < 4 || 4 + len > LOGQ_RECORD_MAX ||
        pread(r->logq_fd, rec, len, (off_t)(r->logq_rd + 4)) !=
        (ssize_t)len || rec[len - 1])
        goto fail;
    r->logq_rd += 4 + len;
    *previous = rec[0] == 1;
    *ns = rec + 1;
    *pod = *ns + strlen(*ns) + 1;
    *c = *pod + strlen(*pod) + 1;
    return true;
fail:
    sb_col_add_gap(r, C_LOGS, "container logs", 0, "cannot read back the "
                "queue of log requests from its temporary file");
    r->logq_rd = r->logq_wr;
    return false;
}

/* Hands queued logs to the HTTP engine while fewer than a few per
 * request in flight are waiting there. */
void sb_col_pump_logs(struct run *r)
{
    char rec[LOGQ_RECORD_MAX];
    const char *ns, *pod, *c;
    bool previous;

    while (!sb_http_stopped(r->http) &&
           r->logs_out < LOGS_AHEAD_PER_REQUEST * r->parallel &&
           logq_next(r, rec, &ns, &pod, &c, &previous))
        start_container_log(r, ns, pod, c, previous);
}

/* The queued logs never asked for (the run stopped): a gap each, as
 * when they waited in the HTTP engine. */
void sb_col_drain_logs(struct run *r, const char *why)
{
    char rec[LOGQ_RECORD_MAX], target[1400];
    const char *ns, *pod, *c;
    bool previous;

    while (logq_next(r, rec, &ns, &pod, &c, &previous)) {
        snprintf(target, sizeof(target), "log of container '%s' in pod "
                 "'%s/%s'%s", c, ns, pod, previous ? " (previous)" : "");
        sb_col_start(r, C_LOGS);
        sb_col_add_gap(r, C_LOGS, target, 0, why);
    }
}

/* Current log of every container that ran, previous where it restarted
 * or terminated before. */
void sb_col_queue_pod_logs(struct run *r, const cJSON *pod)
{
    static const char *const specs[] = { "initContainers", "containers",
                                         "ephemeralContainers" };
    static const char *const stats[] = { "initContainerStatuses",
                                         "containerStatuses",
                                         "ephemeralContainerStatuses" };
    const cJSON *md = jget(pod, "metadata"), *c;
    const char *ns = jstr(md, "namespace"), *name = jstr(md, "name");

    if (!ns || !name || !jstr(jget(pod, "spec"), "nodeName"))
        return;     /* not scheduled: no kubelet has a log */
    for (size_t i = 0; i < 3; i++) {
        cJSON_ArrayForEach(c, jget(jget(pod, "spec"), specs[i])) {
            const char *cn = jstr(c, "name");
            const cJSON *st;
            const cJSON *rc, *state;
            bool ran, prev;
            if (!cn)
                continue;
            st = container_status(pod, stats[i], cn);
            rc = jget(st, "restartCount");
            state = jget(st, "state");
            prev = (cJSON_IsNumber(rc) && rc->valuedouble > 0) ||
                   jget(jget(st, "lastState"), "terminated");
            /* never started: waiting, no restarts, nothing terminated */
            ran = !st || !jget(state, "waiting") || prev;
            if (ran)
                queue_container_log(r, ns, name, cn, false);
            if (prev)
                queue_container_log(r, ns, name, cn, true);
        }
    }
}
