/*
 * collect's run (sb_collect.h): options and limits, the connection and
 * discovery, the order of the phases, the end of the bundle and the
 * summary. The steps are in sb_collect_*.c, their shared state and calls
 * in sb_collect_int.h.
 *
 * Everything runs on one thread around the HTTP engine: each finished
 * request's callback writes its result to the bundle and queues what
 * follows from it (the next page of a list, a pod's logs, a GPU node's
 * exporter metrics). The describe pass waits for the lists it reads,
 * then runs in steps while the requests go on; the GPU step waits for
 * the nodes and pods.
 */
#include "sb_collect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "sb_collect_int.h"
#include "sb_alloc.h"
#include "sb_bwriter.h"
#include "sb_log.h"
#include "sb_logbudget.h"
#include "sb_obfuscate.h"
#include "sb_pathset.h"
#include "sb_redact.h"
#include "sb_redact_map.h"
#include "sb_time.h"
#include "sb_tmp.h"

/* Open files: a fixed few (the bundle, stdio, curl's wake-up pipe, the
 * kubeconfig and CA being read, one member being assembled, one spool
 * being read back) plus, per request in flight, its socket, the spool or
 * log tail it fills and a resolver's socket pair while it connects. */
#define FD_RESERVE 24
#define FD_PER_REQUEST 3
#define FD_WANT 8192        /* the soft limit is raised toward this */

/* ---- phases ---------------------------------------------------------- */

void sb_col_after_list(struct run *r, const struct sb_resource *res)
{
    if (sb_col_describe_waits_for(res) && --r->describe_pending == 0)
        sb_col_describe_start(r);
    if ((sb_col_is_res(res, "nodes") || sb_col_is_res(res, "pods")) &&
        --r->lists_pending == 0 && !r->gpu_submitted &&
        !sb_http_stopped(r->http))
        sb_col_start_gpu(r);
}

/* Every list at once, the events first. The describe pass waits for the
 * lists of its kinds. */
static void start_lists(struct run *r)
{
    const struct sb_resource *ev = sb_discovery_find(&r->disc, "events");
    const struct sb_resource *nodes = sb_discovery_find(&r->disc, "nodes");
    const struct sb_resource *pods = sb_discovery_find(&r->disc, "pods");

    for (size_t i = 0; i < r->disc.n; i++)
        if (sb_col_describe_waits_for(&r->disc.res[i]))
            r->describe_pending += (int)sb_col_list_count(r, &r->disc.res[i]);
    r->lists_pending = (nodes ? (int)sb_col_list_count(r, nodes) : 0) +
                       (pods ? (int)sb_col_list_count(r, pods) : 0);
    if (!nodes || !pods)
        r->lists_pending = -1;      /* no GPU step without both */
    r->phase = "resources";
    if (ev)
        sb_col_start_resource(r, ev);
    for (size_t i = 0; i < r->disc.n; i++)
        if (&r->disc.res[i] != ev)
            sb_col_start_resource(r, &r->disc.res[i]);
    if (!sb_discovery_find(&r->disc, "nodes.metrics.k8s.io") &&
        !sb_discovery_find(&r->disc, "pods.metrics.k8s.io")) {
        r->col[C_METRICS].skipped = true;
        snprintf(r->col[C_METRICS].error, sizeof(r->col[C_METRICS].error),
                 "metrics.k8s.io is not served");
    }
}

/* Everything that was never attempted because the run stopped early. */
static void record_unstarted(struct run *r, const char *why)
{
    if (r->ngaps == 0)  /* stopped with nothing in flight: still say so */
        sb_col_add_gap(r, C_RESOURCES, "collection", 0, why);
    if (r->lists_pending >= 0 && !r->gpu_submitted)
        sb_col_add_gap(r, C_DCGM, "GPU node metrics and kernel logs", 0, why);
}

/* ---- the run --------------------------------------------------------- */

static void version_done(void *ctx, const struct sb_http_result *res)
{
    struct run *r = ctx;

    if (res->code) {
        sb_col_add_gap(r, C_VERSION, "/version", res->status, res->error);
        return;
    }
    r->version = cJSON_ParseWithLength(res->body->data, res->body->len);
    if (!r->version)
        sb_col_add_gap(r, C_VERSION, "/version", res->status,
                    "the response is not JSON");
    else
        r->col[C_VERSION].items++;
}


static void release_run(struct run *r)
{
    sb_col_describe_release(r);
    for (size_t i = 0; i < r->nexp; i++) {
        sb_free(r->exp[i].ns);
        sb_free(r->exp[i].pod);
        sb_free(r->exp[i].node);
    }
    sb_free(r->exp);
    while (r->kept) {
        struct list_job *j = r->kept;
        r->kept = j->kept_next;
        sb_col_list_free(j);
    }
    while (r->ev_kept) {
        struct list_job *j = r->ev_kept;
        r->ev_kept = j->kept_next;
        sb_col_list_free(j);
    }
    sb_col_events_forget(r);
    sb_col_strmap_release(&r->events);
    sb_col_strmap_release(&r->node_pods);
    sb_free(r->pod_refs);
    sb_pathset_free(r->held);
    if (r->logq_fd >= 0)
        close(r->logq_fd);
    while (r->node_lists) {
        struct list_job *j = r->node_lists;
        r->node_lists = j->kept_next;
        sb_col_list_free(j);
    }
    cJSON_Delete(r->gaps);
    cJSON_Delete(r->version);
    sb_discovery_release(&r->disc);
    sb_http_free(r->http);
    sb_redactor_free(r->red);
    sb_logbudget_free(r->budget);
    sb_bwriter_abort(r->bw);
    sb_kube_auth_release(&r->auth);
    if (r->spool_dir) {
        rmdir(r->spool_dir);    /* each list removed its own file */
        sb_free(r->spool_dir);
    }
}

/* The private folder the lists are spooled in: mode 0700 under $TMPDIR
 * (or /tmp), so nobody else can plant or read a spool. */
static int make_spool_dir(struct run *r, struct sb_err *err)
{
    const char *tmp = sb_tmpdir();
    size_t n;

    n = strlen(tmp) + 32;
    r->spool_dir = sb_malloc(n);
    if (!r->spool_dir)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    snprintf(r->spool_dir, n, "%s/sbundle-collect.XXXXXX", tmp);
    if (!mkdtemp(r->spool_dir)) {
        int en = errno;
        sb_free(r->spool_dir);
        r->spool_dir = NULL;
        return sb_err_set(err, SB_E_IO, "cannot create a temporary folder "
                          "in '%s': %s", tmp, strerror(en));
    }
    return 0;
}

/* Keeps the open files within RLIMIT_NOFILE: the soft limit is raised
 * toward the hard one, and the requests in flight (each holds a few
 * files, see FD_PER_REQUEST) are cut to what the limit leaves. Returns 0
 * or SB_E_USAGE when even one request would not fit. */
static int fit_fd_limit(struct run *r, struct sb_err *err)
{
    struct rlimit rl;
    int want = r->o->parallel > 0 ? r->o->parallel : 16;
    rlim_t avail;

    r->parallel = want;
    if (getrlimit(RLIMIT_NOFILE, &rl))
        return 0;       /* unknown: nothing to fit to */
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < FD_WANT &&
        rl.rlim_cur < rl.rlim_max) {
        struct rlimit up = rl;
        up.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > FD_WANT
                      ? FD_WANT : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &up) == 0)
            rl = up;
    }
    if (rl.rlim_cur == RLIM_INFINITY)
        return 0;
    if (rl.rlim_cur < FD_RESERVE + FD_PER_REQUEST)
        return sb_err_set(err, SB_E_USAGE, "the open-file limit is %llu "
                          "(ulimit -n): collect needs at least %d",
                          (unsigned long long)rl.rlim_cur,
                          FD_RESERVE + FD_PER_REQUEST);
    avail = (rl.rlim_cur - FD_RESERVE) / FD_PER_REQUEST;
    if (avail < (rlim_t)want) {
        sb_info("%d requests in flight instead of %d (--parallel): the "
                "open-file limit is %llu (ulimit -n)", (int)avail, want,
                (unsigned long long)rl.rlim_cur);
        r->parallel = (int)avail;
    }
    return 0;
}

/* The exec plugin's time: what is left of --timeout, at most the
 * plugin's own bound (0: that bound). */
static int exec_budget(const struct run *r)
{
    int64_t left;

    if (!r->deadline)
        return 0;
    left = r->deadline - sb_time_mono_ms();
    if (left >= SB_KUBE_EXEC_TIMEOUT_MS)
        return 0;
    return left > 1 ? (int)left : 1;
}

/* Connects, discovers; on return r->http and r->disc are ready. */
static int connect_and_discover(struct run *r, struct sb_err *err)
{
    struct sb_http_opts ho = SB_HTTP_OPTS_INIT;
    int rc;

    if (exec_budget(r))
        r->auth.exec_timeout_ms = exec_budget(r);
    rc = sb_kube_auth_refresh(&r->auth, err);
    if (rc)
        return rc;
    ho.parallel = r->parallel;
    rc = sb_http_new(&r->auth, &ho, &r->http, err);
    if (rc)
        return rc;
    r->phase = "discovery";
    sb_col_progress(r, true);
    sb_col_start(r, C_VERSION);
    /* in flight while discovery starts */
    rc = sb_col_submit(r, "/version", NULL, 1u << 20, true, NULL, version_done,
                    r);
    if (rc)
        return sb_err_set(err, rc, "out of memory");
    sb_col_start(r, C_DISCOVERY);
    rc = sb_discover(r->http, r->net_deadline, r->o->stop, &r->disc, err);
    sb_col_touch(r, C_DISCOVERY);
    sb_col_touch(r, C_VERSION);
    if (rc && sb_http_stopped(r->http) && r->version && !r->o->dry_run) {
        /* reached the cluster, then stopped: still a bundle, incomplete */
        sb_col_add_gap(r, C_DISCOVERY, "API discovery", 0, err->msg);
        sb_err_clear(err);
        return 0;
    }
    if (rc) {
        /* /version's error is the more direct cause (x509, 401) */
        if (r->col[C_VERSION].errors && !r->version) {
            const cJSON *g = cJSON_GetArrayItem(r->gaps, 0);
            sb_err_set(err, rc, "cannot reach the cluster at '%s': %s",
                       r->auth.server, jstr(g, "error") ? jstr(g, "error")
                                                         : err->msg);
        }
        return rc;
    }
    for (size_t i = 0; i < r->disc.ngaps; i++) {
        char t[300];
        snprintf(t, sizeof(t), "API group-version %s",
                 r->disc.gaps[i].group_version);
        sb_col_add_gap(r, C_DISCOVERY, t, r->disc.gaps[i].status,
                    r->disc.gaps[i].error);
    }
    r->col[C_DISCOVERY].items = r->disc.n;
    return 0;
}

static int open_bundle(struct run *r, struct sb_collect_summary *sum,
                       struct sb_err *err)
{
    char top[256];
    int rc;

    /* --obfuscate: the default file name must not say the cluster */
    sb_col_stamp_name(r->o->obfuscate ? "obfuscated" : r->auth.cluster,
                   r->start_wall, top, sizeof(top));
    if (r->o->output)
        snprintf(sum->output, sizeof(sum->output), "%s", r->o->output);
    else
        snprintf(sum->output, sizeof(sum->output), "%s.tar.gz", top);
    rc = sb_bwriter_open(sum->output, top, &r->bw, err);
    if (rc)
        return rc;
    if (r->o->max_size) {
        /* a stream is capped at --max-log-bytes before redaction, which
         * may lengthen it a little (a mask can be longer than a value) */
        rc = sb_logbudget_new((uint64_t)r->o->max_log_bytes * 2 +
                              ((uint64_t)1 << 20), &r->budget, err);
        if (rc)
            return rc;
        if (sb_pathset_new(&r->held))
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    if (!r->o->no_redact) {
        rc = sb_redactor_new(r->o->redact_patterns, r->o->nredact, &r->red,
                             err);
        if (rc)
            return rc;
        if (r->o->redaction_map && sb_redactor_keep_map(r->red))
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    return 0;
}

/* The run's options with their defaults applied, and its first
 * allocations. Returns 0 or SB_E_NOMEM; 'r' is released either way. */
static int init_run(struct run *r, const struct sb_collect_opts *o,
                    struct sb_err *err)
{
    memset(r, 0, sizeof(*r));
    r->o = o;
    r->start_wall = sb_time_now();
    r->start_mono = sb_time_mono_ms();
    r->deadline = o->timeout_ms > 0 ? r->start_mono + o->timeout_ms : 0;
    /* requests stop a fifth of --timeout (at most 5 s) before it, so that
     * the describe pass has time for what came; it stops at the deadline */
    r->net_deadline = r->deadline ? r->deadline - (o->timeout_ms / 5 < 5000
                                                   ? o->timeout_ms / 5
                                                   : 5000)
                                  : 0;
    r->max_object_size = o->max_object_size ? o->max_object_size
                                            : SB_COLLECT_MAX_OBJECT_SIZE;
    r->max_list_pages = o->max_list_pages > 0 ? o->max_list_pages
                                              : SB_COLLECT_MAX_LIST_PAGES;
    r->max_log_read = o->max_log_read ? o->max_log_read
                                      : SB_COLLECT_MAX_LOG_READ;
    r->gaps = cJSON_CreateArray();
    r->logq_fd = -1;
    sb_col_refs_init(&r->ev_refs);
    r->phase = "connecting";
    if (!r->gaps)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    return 0;
}

/* Everything after discovery: the lists and what follows from them
 * until the engine has nothing left (or stops), then the describe pass
 * and the held logs. Returns what sb_http_run returned. */
static int collect_all(struct run *r)
{
    int stop_rc;

    if (r->version)
        sb_col_add_json_member(r, "cluster/version.json", r->version);
    if (r->disc.doc)
        sb_col_add_json_member(r, "cluster/api-resources.json", r->disc.doc);
    if (!sb_http_stopped(r->http))
        start_lists(r);
    else {
        r->lists_pending = -1;
        sb_col_add_gap(r, C_RESOURCES,
                    "every resource, log and describe text", 0,
                    "collection stopped during discovery");
    }
    stop_rc = sb_http_run(r->http, r->net_deadline, r->o->stop);
    sb_col_drain_logs(r, stop_rc == SB_E_TIMEOUT ? "deadline reached"
                      : stop_rc == SB_E_INTERRUPTED ? "interrupted"
                      : "collection stopped before this log");
    /* lists cut short by the deadline: describe with what there is */
    sb_col_describe_all(r);
    if (r->budget && !r->write_rc)
        sb_col_write_held_logs(r);
    if (stop_rc == SB_E_TIMEOUT) {
        r->stopped_why = "deadline";
        record_unstarted(r, "deadline reached (--timeout)");
    } else if (stop_rc == SB_E_INTERRUPTED) {
        r->stopped_why = "interrupted";
        record_unstarted(r, "interrupted");
    }
    return stop_rc;
}

/* --obfuscate and --redaction-map, once the bundle is written: beside
 * it, never in it; the pseudonyms join the tokens (a pass over the
 * written bundle: names are known only once every Node has been read).
 * Returns 0 or the failure, in 'err'. */
static int after_bundle(struct run *r, const char *output,
                        struct sb_err *err)
{
    const struct sb_collect_opts *o = r->o;
    bool keep = o->redaction_map && r->red;
    cJSON *map = keep ? sb_redact_map_json(r->red) : NULL;
    int rc;

    rc = keep && !map ? sb_err_set(err, SB_E_NOMEM, "out of memory") : 0;
    if (!rc && o->obfuscate) {
        rc = sb_obfuscate_bundle(output, map, err);
        /* a bundle that was to be obfuscated and is not must not be
         * left to be sent by mistake */
        if (rc)
            unlink(output);
    }
    if (!rc && keep)
        rc = sb_redact_map_write(o->redaction_map, map, o->map_pass,
                                 o->map_pass_len, err);
    cJSON_Delete(map);
    return rc;
}

/* The manifest, the end of the bundle, and the summary. */
static int finish_bundle(struct run *r, int stop_rc,
                         struct sb_collect_summary *sum, struct sb_err *err)
{
    const struct sb_collect_opts *o = r->o;
    bool complete = r->ngaps == 0 && stop_rc == 0;
    cJSON *manifest;
    int rc;

    r->phase = "writing";
    sb_col_progress(r, true);
    manifest = sb_col_build_manifest(r, complete);
    if (!manifest)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    sb_bwriter_stats(r->bw, &sum->files, &sum->bytes);
    rc = sb_bwriter_finish(r->bw, manifest, err);
    r->bw = NULL;
    if (rc)
        return rc;
    if (o->obfuscate || (o->redaction_map && r->red)) {
        rc = after_bundle(r, sum->output, err);
        if (rc)
            return rc;
    }
    sum->files++;           /* manifest.json */
    sum->objects = r->objects;
    sum->log_streams = r->log_streams;
    sum->gaps = r->ngaps;
    sum->redactions = r->red ? sb_redact_total(r->red) : 0;
    sum->complete = complete;
    sum->stopped = stop_rc != 0;
    if (o->max_size) {
        struct stat st;
        sum->over_size = stat(sum->output, &st) == 0 &&
                         (uint64_t)st.st_size > o->max_size;
    }
    return 0;
}

int sb_collect_run(const struct sb_collect_opts *o,
                   struct sb_collect_summary *sum, struct sb_err *err)
{
    struct run r;
    int rc, stop_rc;

    memset(sum, 0, sizeof(*sum));
    rc = init_run(&r, o, err);
    if (rc)
        goto cleanup;
    rc = fit_fd_limit(&r, err);
    if (!rc)
        rc = sb_kubeconfig_load_timed(o->kubeconfig, o->context,
                                      exec_budget(&r), &r.auth, err);
    if (rc)
        goto cleanup;
    /* the output is made before the first request: one that cannot be
     * written is refused before the cluster is asked anything */
    if (!o->dry_run) {
        rc = open_bundle(&r, sum, err);
        if (!rc)
            rc = make_spool_dir(&r, err);
        if (rc)
            goto cleanup;
    }
    rc = connect_and_discover(&r, err);
    if (rc)
        goto cleanup;
    if (o->dry_run) {
        sb_col_print_plan(&r);
        sb_col_dry_run_estimate(&r);
        goto cleanup;
    }
    stop_rc = collect_all(&r);
    if (r.write_rc) {
        *err = r.write_err;
        rc = r.write_rc;
        goto cleanup;
    }
    rc = finish_bundle(&r, stop_rc, sum, err);
cleanup:
    sum->duration_ms = sb_time_mono_ms() - r.start_mono;
    release_run(&r);
    return rc;
}
