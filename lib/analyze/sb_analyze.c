#include "sb_analyze.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_changes.h"
#include "sb_db.h"
#include "sb_log.h"
#include "sb_loggrep.h"
#include "sb_render.h"
#include "sb_window.h"
#include "sb_rules.h"
#include "sb_time.h"
#include "sb_tmp.h"

#define REPORT_MAX ((size_t)1 << 30)

struct fmt_info {
    unsigned flag;
    enum sb_render_format render;
    const char *ext;
};

static const struct fmt_info fmts[] = {
    { SB_ANALYZE_HTML, SB_RENDER_HTML, ".html" },
    { SB_ANALYZE_MD, SB_RENDER_MD, ".md" },
    { SB_ANALYZE_JSON, SB_RENDER_JSON, ".json" },
};

char *sb_analyze_report_path(const char *bundle, const char *ext)
{
    static const char *const suffixes[] = { ".tar.gz", ".tgz", ".tar",
                                            ".gz", NULL };
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    size_t n = strlen(bundle), k;
    int i;

    while (n > 1 && bundle[n - 1] == '/')
        n--;
    for (i = 0; suffixes[i]; i++) {
        k = strlen(suffixes[i]);
        if (n > k && strncmp(bundle + n - k, suffixes[i], k) == 0) {
            n -= k;
            break;
        }
    }
    if (sb_buf_add(&b, bundle, n) || sb_buf_adds(&b, ext)) {
        sb_buf_release(&b);
        return NULL;
    }
    return sb_buf_detach(&b, NULL);
}

/* Where a report goes: stdout for "-"; a temporary file beside the
 * target, renamed over it once complete (so a planted symlink at the
 * target is replaced, never written through, and a failed report leaves
 * the old file as it was); or, for a target that exists and is not a
 * regular file (/dev/null, a FIFO, /dev/stdout), the target itself. */
struct report_out {
    const char *path;
    char *tmp;          /* the temporary file, NULL when none */
    FILE *f;
};

/* The cause of a failed write: errno's text ("No space left on device"),
 * or, when the stream failed without one, a generic text. */
static const char *write_cause(void)
{
    return errno ? strerror(errno) : "write error";
}

static int out_write(void *ctx, const char *data, size_t len,
                     struct sb_err *err)
{
    struct report_out *o = ctx;

    errno = 0;
    if (len && fwrite(data, 1, len, o->f) != len)
        return sb_err_set(err, SB_E_IO, "cannot write '%s': %s", o->path,
                          write_cause());
    return 0;
}

static int out_open(struct report_out *o, const char *path,
                    struct sb_err *err)
{
    struct sb_buf tmp = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct stat st;
    mode_t mask;
    int fd;

    o->path = path;
    o->tmp = NULL;
    if (strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode))
            return sb_err_set(err, SB_E_IO, "cannot write '%s': it is a "
                              "folder", path);
        o->f = fopen(path, "wb");
        if (!o->f)
            return sb_err_set(err, SB_E_IO, "cannot write '%s': %s", path,
                              strerror(errno));
        return 0;
    }
    if (sb_buf_addf(&tmp, "%s.XXXXXX", path))
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    o->tmp = sb_buf_detach(&tmp, NULL);
    fd = mkstemp(o->tmp);
    if (fd < 0) {
        sb_free(o->tmp);
        o->tmp = NULL;
        return sb_err_set(err, SB_E_IO, "cannot write '%s': %s", path,
                          strerror(errno));
    }
    /* mkstemp makes 0600; a report is as readable as any file the user
     * creates (umask is read by setting it: put it back at once) */
    mask = umask(022);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        int e = errno;

        close(fd);
        unlink(o->tmp);
        sb_free(o->tmp);
        o->tmp = NULL;
        return sb_err_set(err, SB_E_IO, "cannot write '%s': %s", path,
                          strerror(e));
    }
    return 0;
}

/* Closes the report and, when it is complete, moves it into place; a
 * report that failed half-way is removed, not left looking complete. */
static int out_close(struct report_out *o, int rc, struct sb_err *err)
{
    if (!o->f)
        return rc;
    if (o->f == stdout) {
        errno = 0;
        if (fflush(stdout) && !rc)
            rc = sb_err_set(err, SB_E_IO, "cannot write to stdout: %s",
                            write_cause());
    } else {
        errno = 0;
        if (fclose(o->f) && !rc)
            rc = sb_err_set(err, SB_E_IO, "cannot write '%s': %s", o->path,
                            write_cause());
        if (rc == 0 && o->tmp && rename(o->tmp, o->path))
            rc = sb_err_set(err, SB_E_IO, "cannot write '%s': %s", o->path,
                            strerror(errno));
        /* only our own file goes: a device or FIFO target stays */
        if (rc && o->tmp)
            unlink(o->tmp);
    }
    sb_free(o->tmp);
    o->tmp = NULL;
    o->f = NULL;
    return rc;
}

/* One report: a format, where it goes, and how it went. */
struct render_job {
    const struct fmt_info *fmt;
    char *path;             /* owned; moved to the result once written */
    int rc;
    struct sb_err err;
};

/* Renders one format on connection 'db' and writes it, the JSON timeline
 * in pieces as it is rendered (a report of tens of MB is not held whole).
 * 'body' is the caller's, reused from one report to the next. */
static int render_one(sqlite3 *db, const struct sb_analyze_opts *o,
                      struct render_job *job, sqlite3 *spare,
                      struct sb_buf *body)
{
    struct sb_render_opts ro = { o->md_max_bytes, out_write, NULL, NULL };
    struct report_out out = { NULL, NULL, NULL };
    int rc;

    ro.flush_ctx = &out;
    if (job->fmt->render == SB_RENDER_JSON)
        ro.helper = spare;
    sb_buf_reset(body);
    rc = out_open(&out, job->path, &job->err);
    if (rc == 0)
        rc = sb_render(db, job->fmt->render, &ro, body, &job->err);
    if (rc == 0)
        rc = out_write(&out, body->data, body->len, &job->err);
    job->rc = out_close(&out, rc, &job->err);
    return job->rc;
}

/* The reports, shared out between the writer's connection and the
 * readers': each connection takes the next report not yet taken, so the
 * HTML and the JSON report (the two large ones, about the same cost) are
 * rendered side by side on two cores. Rendering only reads: everything
 * it reads was committed before, and the temporary tables a connection
 * makes for itself (the baseline's comparison) are gone by then. */
struct render_pool {
    const struct sb_analyze_opts *o;
    struct render_job *jobs;
    size_t njobs;
    size_t order[3];        /* jobs in the order they are taken: the
                               Markdown report (small, capped) last */
    size_t next;            /* the next of 'order' to take, under 'lock' */
    sqlite3 *spare;         /* a reader no report runs on, NULL: none;
                               the JSON report reads its timeline there */
    pthread_mutex_t lock;
};

static struct render_job *render_take(struct render_pool *p)
{
    struct render_job *job = NULL;

    pthread_mutex_lock(&p->lock);
    if (p->next < p->njobs)
        job = &p->jobs[p->order[p->next++]];
    pthread_mutex_unlock(&p->lock);
    return job;
}

/* Renders jobs on 'db' until none is left. A failed report does not stop
 * the others: each says how it went, and the caller reports the first. */
static void render_jobs(struct render_pool *p, sqlite3 *db)
{
    struct sb_buf body = SB_BUF_INIT(REPORT_MAX);
    struct render_job *job;

    while ((job = render_take(p)))
        render_one(db, p->o, job, p->spare, &body);
    sb_buf_release(&body);
}

struct render_worker {
    struct render_pool *pool;
    sqlite3 *db;
    pthread_t tid;
    bool started;
};

static void *render_worker_main(void *arg)
{
    struct render_worker *w = arg;

    render_jobs(w->pool, w->db);
    return NULL;
}

/* Renders the jobs on the writer's connection and up to 'nreaders'
 * readers, one report a connection at a time; a reader left over (one
 * report: --format) is the JSON report's helper for its timeline. A
 * reader whose thread cannot start leaves its share to the others. */
static void render_par(struct render_pool *p, sqlite3 *main_db,
                       sqlite3 **readers, int nreaders)
{
    struct render_worker workers[3];
    int i, n = nreaders;

    if (n > 3)
        n = 3;
    if ((size_t)n > p->njobs - 1)
        n = (int)p->njobs - 1;
    if (n < nreaders)
        p->spare = readers[n];
    for (i = 0; i < n; i++) {
        workers[i].pool = p;
        workers[i].db = readers[i];
        workers[i].started = pthread_create(&workers[i].tid, NULL,
                                            render_worker_main,
                                            &workers[i]) == 0;
    }
    render_jobs(p, main_db);
    for (i = 0; i < n; i++)
        if (workers[i].started)
            pthread_join(workers[i].tid, NULL);
}

/* Renders each format asked for and writes it: one after the other on
 * the writer's connection, or side by side when there are readers and
 * more than one report (with one, the JSON report's timeline is read on
 * a reader). The reports written are listed in the order of
 * 'fmts' whatever order they finished in; the first failure is returned,
 * and the reports that did not fail are kept and listed. */
static int render_all(struct sb_db *db, const struct sb_analyze_opts *o,
                      unsigned formats, struct sb_analyze_result *res,
                      struct sb_err *err)
{
    struct render_job jobs[3];
    struct render_pool pool;
    sqlite3 **readers;
    int nreaders = sb_db_readers(db, &readers);
    size_t i, k, n = 0;
    int rc = 0;

    memset(jobs, 0, sizeof(jobs));
    for (i = 0; i < 3; i++) {
        if (!(formats & fmts[i].flag))
            continue;
        jobs[n].fmt = &fmts[i];
        jobs[n].err = (struct sb_err)SB_ERR_INIT;
        jobs[n].path = o->output ? sb_strdup(o->output)
                                 : sb_analyze_report_path(o->bundles[0],
                                                          fmts[i].ext);
        if (!jobs[n++].path) {
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
            goto cleanup;
        }
    }
    pool.o = o;
    pool.jobs = jobs;
    pool.njobs = n;
    pool.next = 0;
    pool.spare = NULL;
    for (i = 0, k = 0; i < n; i++)
        if (jobs[i].fmt->render != SB_RENDER_MD)
            pool.order[k++] = i;
    for (i = 0; i < n; i++)
        if (jobs[i].fmt->render == SB_RENDER_MD)
            pool.order[k++] = i;
    pthread_mutex_init(&pool.lock, NULL);
    if (n > 0 && nreaders > 0)
        render_par(&pool, sb_db_handle(db), readers, nreaders);
    else
        render_jobs(&pool, sb_db_handle(db));
    pthread_mutex_destroy(&pool.lock);
    for (i = 0; i < n; i++) {
        if (jobs[i].rc) {
            if (rc == 0) {
                *err = jobs[i].err;
                rc = jobs[i].rc;
            }
        } else if (strcmp(jobs[i].path, "-") != 0) {
            res->written[res->nwritten++] = jobs[i].path;
            jobs[i].path = NULL;
        }
    }
cleanup:
    for (i = 0; i < n; i++)
        sb_free(jobs[i].path);
    return rc;
}

/* Refuses an output (the database, a report) that is one of the inputs:
 * compared by device and inode, after stat() has followed any symlink,
 * so "./b.tar.gz", a link to it or a hard link all count as the bundle.
 * An output that does not exist yet cannot be an input. */
static int output_is_input(const struct sb_analyze_opts *o,
                           const char *out, struct sb_err *err)
{
    struct stat so, si;
    size_t i;

    if (!out || !strcmp(out, "-") || stat(out, &so) || !S_ISREG(so.st_mode))
        return 0;
    for (i = 0; i < o->nbundles; i++) {
        if (stat(o->bundles[i], &si) == 0 && si.st_dev == so.st_dev &&
            si.st_ino == so.st_ino)
            return sb_err_set(err, SB_E_USAGE, "cannot write '%s': it is "
                              "the bundle '%s' being analyzed", out,
                              o->bundles[i]);
    }
    return 0;
}

static int check_outputs(const struct sb_analyze_opts *o, unsigned formats,
                         struct sb_err *err)
{
    char *path;
    size_t i;
    int rc;

    if ((rc = output_is_input(o, o->db_path, err)))
        return rc;
    for (i = 0; i < 3; i++) {
        if (!(formats & fmts[i].flag))
            continue;
        path = o->output ? sb_strdup(o->output)
                         : sb_analyze_report_path(o->bundles[0],
                                                  fmts[i].ext);
        if (!path)
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
        rc = output_is_input(o, path, err);
        sb_free(path);
        if (rc)
            return rc;
    }
    return 0;
}

static int load_all(struct sb_db *db, const struct sb_analyze_opts *o,
                    const struct sb_load_opts *lo,
                    struct sb_analyze_result *res, struct sb_err *err)
{
    struct sb_err berr;
    size_t i;
    int rc;

    for (i = 0; i < o->nbundles; i++) {
        berr = (struct sb_err)SB_ERR_INIT;
        sb_info("loading '%s'", o->bundles[i]);
        rc = sb_load_bundle(db, o->bundles[i], lo, NULL, &res->stats,
                            &berr);
        if (rc == SB_E_DB || rc == SB_E_NOMEM) {
            *err = berr;
            return rc;
        }
        if (rc) {
            sb_log(SB_LOG_ERROR, "%s", berr.msg);
            res->bundles_failed++;
        } else {
            res->bundles_loaded++;
        }
    }
    if (res->bundles_loaded == 0)
        return sb_err_set(err, SB_E_FORMAT, "nothing loadable in %zu "
                          "bundle%s", o->nbundles,
                          o->nbundles == 1 ? "" : "s");
    return sb_load_finish(db, lo, err);
}

/* The baseline (analyze --baseline OLD) loaded and run through the rules
 * in a database file of its own, so that the new one can ATTACH it:
 * '*path' gets the file's name (the caller unlinks and frees it). The same
 * time window applies to both. */
static int baseline_run(const struct sb_analyze_opts *o,
                        const struct sb_window_bound *since,
                        const struct sb_window_bound *until, char **path,
                        struct sb_err *err)
{
    const char *dir = sb_tmpdir();
    struct sb_load_opts lo = o->load;
    struct sb_load_stats stats;
    struct sb_db *db = NULL;
    struct sb_buf name = SB_BUF_INIT(4096);
    int fd, rc;

    memset(&stats, 0, sizeof(stats));
    *path = NULL;
    if (sb_buf_addf(&name, "%s/sbundle-baseline-XXXXXX", dir) < 0)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    fd = mkstemp(name.data);
    if (fd < 0) {
        rc = sb_err_set(err, SB_E_IO, "cannot create a database for the "
                        "baseline in '%s': %s", dir,
                        strerror(errno));
        sb_buf_release(&name);
        return rc;
    }
    close(fd);
    *path = sb_buf_detach(&name, NULL);
    lo.skip_fts = true;
    lo.line_sink = NULL;
    lo.line_sink_ctx = NULL;
    sb_info("loading the baseline '%s'", o->baseline);
    rc = sb_db_open(*path, &db, err);
    if (rc == 0) {
        rc = sb_load_bundle(db, o->baseline, &lo, NULL, &stats, err);
        if (rc == 0)
            rc = sb_load_finish(db, &lo, err);
        if (rc && rc != SB_E_DB && rc != SB_E_NOMEM)
            rc = sb_err_set(err, rc, "baseline: %s", err->msg);
    }
    if (rc == 0)
        rc = sb_window_install(sb_db_handle(db), since, until, err);
    if (rc == 0)
        rc = sb_rules_run(sb_db_handle(db), o->rules_dir, err);
    sb_db_close(db);
    return rc;
}

/* Connections that run rules beside the writer's: one per further core,
 * up to 3 (the rules are a few dozen queries; past that, the longest one
 * sets the pace). SBUNDLE_RULE_THREADS=N sets the total, 1 for none. */
static int rule_readers(void)
{
    const char *env = getenv("SBUNDLE_RULE_THREADS");
    long n;

    if (env && *env)
        n = strtol(env, NULL, 10) - 1;
    else
        n = sysconf(_SC_NPROCESSORS_ONLN) - 1;
    return n < 0 ? 0 : n > 3 ? 3 : (int)n;
}

int sb_analyze_run(const struct sb_analyze_opts *o,
                   struct sb_analyze_result *res, struct sb_err *err)
{
    unsigned formats = o->formats ? o->formats
                                  : SB_ANALYZE_HTML | SB_ANALYZE_MD |
                                    SB_ANALYZE_JSON;
    struct sb_load_opts load_opts;
    struct sb_loggrep *grep = NULL;
    struct sb_err gerr = SB_ERR_INIT;
    struct sb_db *db = NULL;
    struct sb_window_bound since, until;
    char *base_path = NULL;
    int64_t t0, t1, t2;
    int rc;

    memset(res, 0, sizeof(*res));
    if (o->nbundles == 0)
        return sb_err_set(err, SB_E_USAGE, "no bundle given");
    if (sb_window_parse("--since", o->since, &since, err) ||
        sb_window_parse("--until", o->until, &until, err))
        return err->code;
    if (o->output && (formats & (formats - 1)))
        return sb_err_set(err, SB_E_USAGE, "'--output' writes one report: "
                          "choose its '--format'");
    /* before anything is opened for writing: nothing the user gave as
     * input may be overwritten */
    if ((rc = check_outputs(o, formats, err)))
        return rc;
    /* "" is a temporary database, gone when analyze ends */
    rc = sb_db_open_shared(o->db_path ? o->db_path : "", rule_readers(),
                           &db, err);
    /* nobody can search a temporary database once the report is out */
    load_opts = o->load;
    load_opts.skip_fts = !o->db_path;
    if (rc)
        goto cleanup;
    /* the rules' log patterns are searched while the lines load, on the
     * second core; without it (out of memory, no thread) the search
     * simply happens when the rules run */
    grep = sb_rules_grep_prepare(o->rules_dir, err);
    if (!grep) {
        rc = err->code;
        goto cleanup;
    }
    if (sb_loggrep_live_start(grep, &gerr) == 0) {
        load_opts.line_sink = sb_loggrep_live_line;
        load_opts.line_sink_ctx = grep;
    } else {
        sb_debug("%s", gerr.msg);
    }
    t0 = sb_time_mono_ms();
    rc = load_all(db, o, &load_opts, res, err);
    if (rc)
        goto cleanup;
    t1 = sb_time_mono_ms();
    sb_loggrep_live_finish(grep, sb_db_handle(db));
    sb_debug("load: waited %lld ms for the log search",
             (long long)(sb_time_mono_ms() - t1));
    t1 = sb_time_mono_ms();
    sb_info("loaded %zu bundle%s in %.2f s: %llu objects, %llu log lines, "
            "%llu problems", res->bundles_loaded,
            res->bundles_loaded == 1 ? "" : "s", (t1 - t0) / 1000.0,
            (unsigned long long)res->stats.objects,
            (unsigned long long)res->stats.log_lines,
            (unsigned long long)res->stats.errors);
    rc = sb_window_install(sb_db_handle(db), &since, &until, err);
    if (rc == 0)
        rc = sb_db_share(db, err);
    if (rc == 0) {
        sqlite3 **readers;
        int nreaders = sb_db_readers(db, &readers);

        rc = sb_rules_run_par(sb_db_handle(db), readers, nreaders,
                              o->rules_dir, grep, err);
    } else {
        sb_loggrep_free(grep);
    }
    grep = NULL;
    if (rc)
        goto cleanup;
    t2 = sb_time_mono_ms();
    sb_info("ran the rules in %.2f s", (t2 - t1) / 1000.0);
    if (o->baseline) {
        rc = baseline_run(o, &since, &until, &base_path, err);
        if (rc == 0)
            rc = sb_changes_build(sb_db_handle(db), base_path, err);
        if (rc)
            goto cleanup;
        t2 = sb_time_mono_ms();
    }
    rc = render_all(db, o, formats, res, err);
    if (rc == 0)
        sb_info("rendered in %.2f s", (sb_time_mono_ms() - t2) / 1000.0);
cleanup:
    sb_loggrep_free(grep);      /* stops a scan the load left running */
    sb_db_close(db);
    if (base_path) {
        unlink(base_path);
        sb_free(base_path);
    }
    return rc;
}

void sb_analyze_result_release(struct sb_analyze_result *res)
{
    size_t i;

    for (i = 0; i < res->nwritten; i++)
        sb_free(res->written[i]);
    res->nwritten = 0;
}
