#include "sb_host_load.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sb_host_dcgm.h"
#include "sb_logstamp.h"
#include "sb_nvsmi.h"
#include "sb_time.h"
#include "sb_xid.h"

/* What the collector writes under host/ (docs/host.md) and what fills
 * which table. Members not listed load nothing: they are for people. */
enum kind { K_NONE, K_NVSMI_XML, K_KERNEL, K_JOURNAL, K_MEMINFO, K_LOADAVG,
            K_PRESSURE, K_CGROUP_MEM, K_DCGM_HEALTH, K_DCGM_DIAG, K_FM_LOG,
            K_IMEX_LOG, K_FM_STATUS, K_LSPCI };

static bool has_prefix(const char *s, const char *p)
{
    return !strncmp(s, p, strlen(p));
}

static enum kind classify(const char *path)
{
    if (!has_prefix(path, "host/"))
        return K_NONE;
    path += 5;
    if (!strcmp(path, "nvidia-smi-q.xml"))
        return K_NVSMI_XML;
    if (has_prefix(path, "kernel/") && !strchr(path + 7, '/'))
        return K_KERNEL;
    if (has_prefix(path, "journal/") && !strchr(path + 8, '/'))
        return K_JOURNAL;
    if (!strcmp(path, "proc/meminfo"))
        return K_MEMINFO;
    if (!strcmp(path, "proc/loadavg"))
        return K_LOADAVG;
    if (has_prefix(path, "proc/pressure/") && !strchr(path + 14, '/'))
        return K_PRESSURE;
    if (!strcmp(path, "cgroup/memory.stat"))
        return K_CGROUP_MEM;
    if (!strcmp(path, "dcgmi-health.json"))
        return K_DCGM_HEALTH;
    if (has_prefix(path, "dcgmi-diag") && strlen(path) > 15 &&
        !strcmp(path + strlen(path) - 5, ".json"))
        return K_DCGM_DIAG;
    if (!strcmp(path, "fabricmanager.log"))
        return K_FM_LOG;
    if (!strcmp(path, "nvidia-imex.log"))
        return K_IMEX_LOG;
    if (!strcmp(path, "fabricmanager-status.txt"))
        return K_FM_STATUS;
    if (!strcmp(path, "lspci.txt"))
        return K_LSPCI;
    return K_NONE;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

static int db_error(sqlite3 *db, struct sb_err *err, const char *what,
                    const char *file)
{
    return sb_err_set(err, SB_E_DB, "cannot %s for '%s': %s", what, file,
                      sqlite3_errmsg(db));
}

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
                   const char *file, struct sb_err *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return db_error(db, err, "prepare an insert", file);
    return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_real(sqlite3_stmt *st, int i, double v)
{
    if (v == SB_NVSMI_NONE)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, v);
}

static void bind_count(sqlite3_stmt *st, int i, int64_t v)
{
    if (v < 0)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, v);
}

static int step(sqlite3 *db, sqlite3_stmt *st, const char *file,
                struct sb_err *err)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return db_error(db, err, "insert a row", file);
    return 0;
}

/* The bundle's collection end ("now" of the snapshot): the year for
 * syslog stamps and the time of /proc samples. "" when unknown (the
 * manifest not read yet): this year, and no time. */
static void collected_end(sqlite3 *db, int64_t bundle_id,
                          char out[SB_TIME_MAX])
{
    sqlite3_stmt *st = NULL;

    out[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT collected_end FROM bundles "
                           "WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(st, 1, bundle_id);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        sb_time_normalize((const char *)sqlite3_column_text(st, 0), out);
    sqlite3_finalize(st);
}

static int year_of(const char *t)
{
    if (strlen(t) >= 4 && isdigit((unsigned char)t[0]))
        return atoi(t);
    return 0;
}

static const char gpu_sql[] =
    "INSERT INTO gpus (bundle_id, node, gpu_index, uuid, serial, pci_bus_id,"
    " product, driver_version, cuda_version, temperature, temp_slowdown,"
    " temp_shutdown, power_draw, power_limit, utilization, memory_used,"
    " memory_total, ecc_mode, ecc_volatile_uncorrected,"
    " ecc_aggregate_uncorrected, ecc_volatile_corrected, retired_pages,"
    " remapped_rows_pending, remapped_rows_failure, throttle_reasons,"
    " mig_mode, mig_devices, processes, source) VALUES (?,?,?,?,?,?,?,?,?,"
    "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'nvidia-smi')";

static void bind_gpu(sqlite3_stmt *st, const struct sb_nvsmi *n,
                     const struct sb_nvsmi_gpu *g)
{
    sqlite3_bind_int(st, 3, g->index);
    bind_text(st, 4, g->uuid);
    bind_text(st, 5, g->serial);
    bind_text(st, 6, g->pci_bus_id);
    bind_text(st, 7, g->product);
    bind_text(st, 8, n->driver_version);
    bind_text(st, 9, n->cuda_version);
    bind_real(st, 10, g->temperature);
    bind_real(st, 11, g->temp_slowdown);
    bind_real(st, 12, g->temp_shutdown);
    bind_real(st, 13, g->power_draw);
    bind_real(st, 14, g->power_limit);
    bind_real(st, 15, g->utilization);
    bind_real(st, 16, g->memory_used);
    bind_real(st, 17, g->memory_total);
    bind_text(st, 18, g->ecc_mode);
    bind_count(st, 19, g->ecc_volatile_uncorrected);
    bind_count(st, 20, g->ecc_aggregate_uncorrected);
    bind_count(st, 21, g->ecc_volatile_corrected);
    bind_count(st, 22, g->retired_pages);
    bind_count(st, 23, g->remapped_rows_pending);
    bind_count(st, 24, g->remapped_rows_failure);
    bind_text(st, 25, g->throttle_reasons);
    bind_text(st, 26, g->mig_mode);
    bind_text(st, 27, g->mig_devices);
    bind_text(st, 28, g->processes);
}

int sb_nvsmi_load_xml(sqlite3 *db, int64_t bundle_id, const char *node,
                      const char *xml, size_t len, const char *file,
                      struct sb_err *err)
{
    struct sb_nvsmi n;
    sqlite3_stmt *st = NULL;
    size_t i;
    int rc;

    rc = sb_nvsmi_parse(xml, len, file, &n, err);
    if (rc)
        return rc;
    rc = prepare(db, gpu_sql, &st, file, err);
    for (i = 0; !rc && i < n.n_gpus; i++) {
        sqlite3_bind_int64(st, 1, bundle_id);
        bind_text(st, 2, node);
        bind_gpu(st, &n, &n.gpus[i]);
        rc = step(db, st, file, err);
    }
    sqlite3_finalize(st);
    sb_nvsmi_release(&n);
    return rc;
}

struct lines {
    sqlite3 *db;
    int64_t bundle_id;
    const char *node, *path, *source;
    int year;
    enum sb_fabric_origin origin; /* fabric manager and IMEX logs */
    sqlite3_stmt *log, *xid, *ev;
};

/* An SXid or lost-GPU line of a kernel log, or an error line of the
 * fabric manager or IMEX, into gpu_events (sb_xid.h). */
static int load_event(struct lines *L, const char *p, size_t len,
                      struct sb_err *err)
{
    struct sb_gpu_event e;

    if (L->origin != SB_FABRIC_ANY) {
        if (!sb_xid_parse_fabric(p, len, L->year, L->origin, &e))
            return 0;
    } else if (!sb_xid_parse_event(p, len, L->year, &e) &&
               !sb_xid_parse_fabric(p, len, L->year, SB_FABRIC_ANY, &e)) {
        return 0;
    }
    sqlite3_bind_int64(L->ev, 1, L->bundle_id);
    bind_text(L->ev, 2, L->node);
    bind_text(L->ev, 3, e.kind);
    bind_text(L->ev, 4, e.pci[0] ? e.pci : NULL);
    if (e.code)
        sqlite3_bind_int(L->ev, 5, e.code);
    else
        sqlite3_bind_null(L->ev, 5);
    sqlite3_bind_int(L->ev, 6, e.fatal);
    bind_text(L->ev, 7, e.time[0] ? e.time : NULL);
    sqlite3_bind_text(L->ev, 8, p, (int)len, SQLITE_TRANSIENT);
    bind_text(L->ev, 9, L->source);
    bind_text(L->ev, 10, L->path);
    return step(L->db, L->ev, L->path, err);
}

static int load_line(struct lines *L, const char *p, size_t len, int line_no,
                     struct sb_err *err)
{
    struct sb_logstamp st;
    struct sb_xid x;
    int rc;

    sb_logstamp_parse(p, len, L->year, &st);
    sqlite3_bind_int64(L->log, 1, L->bundle_id);
    bind_text(L->log, 2, L->node);
    bind_text(L->log, 3, L->source);
    sqlite3_bind_int(L->log, 4, line_no);
    bind_text(L->log, 5, st.time[0] ? st.time : NULL);
    sqlite3_bind_text(L->log, 6, p, (int)len, SQLITE_TRANSIENT);
    bind_text(L->log, 7, L->path);
    rc = step(L->db, L->log, L->path, err);
    if (rc || !L->ev)
        return rc;
    if (!L->xid || !sb_xid_parse_line(p, len, L->year, &x))
        return load_event(L, p, len, err);
    sqlite3_bind_int64(L->xid, 1, L->bundle_id);
    bind_text(L->xid, 2, L->node);
    bind_text(L->xid, 3, x.pci);
    sqlite3_bind_int(L->xid, 4, x.code);
    bind_text(L->xid, 5, x.time[0] ? x.time : NULL);
    if (x.pid >= 0)
        sqlite3_bind_int(L->xid, 6, x.pid);
    bind_text(L->xid, 7, x.process[0] ? x.process : NULL);
    sqlite3_bind_text(L->xid, 8, p, (int)len, SQLITE_TRANSIENT);
    bind_text(L->xid, 9, L->source);
    bind_text(L->xid, 10, L->path);
    return step(L->db, L->xid, L->path, err);
}

/* One node_log_lines row per line; kernel logs also feed gpu_xids. */
static int load_log(struct lines *L, const char *data, size_t len,
                    bool is_kernel, struct sb_err *err)
{
    const char *p = data, *end = data + len, *nl;
    int rc, line_no = 0;

    rc = prepare(L->db, "INSERT INTO node_log_lines (bundle_id, node, source,"
                 " line_no, time, text, file) VALUES (?,?,?,?,?,?,?)",
                 &L->log, L->path, err);
    if (!rc && is_kernel)
        rc = prepare(L->db, "INSERT INTO gpu_xids (bundle_id, node, pci, code,"
                     " time, pid, process, text, source, file) VALUES "
                     "(?,?,?,?,?,?,?,?,?,?)", &L->xid, L->path, err);
    if (!rc && (is_kernel || L->origin != SB_FABRIC_ANY))
        rc = prepare(L->db, "INSERT INTO gpu_events (bundle_id, node, kind,"
                     " pci, code, fatal, time, text, source, file) VALUES "
                     "(?,?,?,?,?,?,?,?,?,?)", &L->ev, L->path, err);
    while (!rc && p < end) {
        size_t n;

        nl = memchr(p, '\n', (size_t)(end - p));
        n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line_no++;
        if (n && p[n - 1] == '\r')
            n--;
        if (n > INT32_MAX / 2)
            n = INT32_MAX / 2;
        rc = load_line(L, p, n, line_no, err);
        p = nl ? nl + 1 : end;
    }
    sqlite3_finalize(L->log);
    sqlite3_finalize(L->xid);
    sqlite3_finalize(L->ev);
    L->log = L->xid = L->ev = NULL;
    return rc;
}

struct metric {
    sqlite3 *db;
    sqlite3_stmt *st;
    int64_t bundle_id;
    const char *node, *path, *time;
};

static int add_metric(struct metric *m, const char *name, double value,
                      struct sb_err *err)
{
    sqlite3_bind_int64(m->st, 1, m->bundle_id);
    bind_text(m->st, 2, m->node);
    bind_text(m->st, 3, name);
    sqlite3_bind_double(m->st, 4, value);
    bind_text(m->st, 5, m->time[0] ? m->time : NULL);
    return step(m->db, m->st, m->path, err);
}

/* Copies the next line of [*p, end) into 'buf' (cut to fit). */
static bool next_line(const char **p, const char *end, char *buf, size_t cap)
{
    const char *nl;
    size_t n;

    if (*p >= end)
        return false;
    nl = memchr(*p, '\n', (size_t)(end - *p));
    n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, *p, n);
    buf[n] = '\0';
    *p = nl ? nl + 1 : end;
    return true;
}

/* "MemTotal:       263856072 kB" -> meminfo.MemTotal in bytes */
static int load_meminfo(struct metric *m, const char *p, const char *end,
                        struct sb_err *err)
{
    char line[256], name[160], unit[16];
    double v;
    int rc = 0;

    while (!rc && next_line(&p, end, line, sizeof(line))) {
        char key[128];

        unit[0] = '\0';
        if (sscanf(line, "%127[^:]: %lf %15s", key, &v, unit) < 2)
            continue;
        if (!strcmp(unit, "kB"))
            v *= 1024;
        snprintf(name, sizeof(name), "meminfo.%s", key);
        rc = add_metric(m, name, v, err);
    }
    return rc;
}

/* "0.52 0.58 0.59 1/1234 5678" */
static int load_loadavg(struct metric *m, const char *p, const char *end,
                        struct sb_err *err)
{
    char line[256];
    double a, b, c;
    int rc;

    if (!next_line(&p, end, line, sizeof(line)) ||
        sscanf(line, "%lf %lf %lf", &a, &b, &c) != 3)
        return sb_err_set(err, SB_E_FORMAT, "bad loadavg in '%s'", m->path);
    rc = add_metric(m, "loadavg.1m", a, err);
    if (!rc)
        rc = add_metric(m, "loadavg.5m", b, err);
    if (!rc)
        rc = add_metric(m, "loadavg.15m", c, err);
    return rc;
}

/* "some avg10=0.00 avg60=0.00 avg300=0.00 total=12345" */
static int load_pressure(struct metric *m, const char *resource,
                         const char *p, const char *end, struct sb_err *err)
{
    char line[256], name[192];
    int rc = 0;

    while (!rc && next_line(&p, end, line, sizeof(line))) {
        char kind[16], *tok, *save = NULL;

        if (sscanf(line, "%15s", kind) != 1)
            continue;
        for (tok = strtok_r(line + strlen(kind), " \t", &save); tok && !rc;
             tok = strtok_r(NULL, " \t", &save)) {
            char *eq = strchr(tok, '='), *e;
            double v;

            if (!eq)
                continue;
            *eq = '\0';
            v = strtod(eq + 1, &e);
            if (e == eq + 1)
                continue;
            snprintf(name, sizeof(name), "pressure.%.32s.%.15s.%.32s",
                     resource, kind, tok);
            rc = add_metric(m, name, v, err);
        }
    }
    return rc;
}

/* "anon 123456" -> cgroup.memory.anon */
static int load_memstat(struct metric *m, const char *p, const char *end,
                        struct sb_err *err)
{
    char line[256], key[128], name[160];
    double v;
    int rc = 0;

    while (!rc && next_line(&p, end, line, sizeof(line))) {
        if (sscanf(line, "%127s %lf", key, &v) != 2)
            continue;
        snprintf(name, sizeof(name), "cgroup.memory.%s", key);
        rc = add_metric(m, name, v, err);
    }
    return rc;
}

/* `lspci -nn -d 10de:`: NVIDIA GPUs (class 0300 VGA, 0302 3D controller)
 * and NVSwitches (0680 bridge) the PCI bus holds, whether or not the
 * driver answers for them: lspci.gpus and lspci.nvswitches. */
static int load_lspci(struct metric *m, const char *p, const char *end,
                      struct sb_err *err)
{
    char line[512];
    double gpus = 0, switches = 0;
    int rc;

    while (next_line(&p, end, line, sizeof(line))) {
        if (!strstr(line, "[10de:"))
            continue;
        if (strstr(line, "[0302]") || strstr(line, "[0300]"))
            gpus++;
        else if (strstr(line, "[0680]"))
            switches++;
    }
    rc = add_metric(m, "lspci.gpus", gpus, err);
    if (!rc)
        rc = add_metric(m, "lspci.nvswitches", switches, err);
    return rc;
}

static int load_metrics(struct metric *m, enum kind k, const char *data,
                        size_t len, struct sb_err *err)
{
    const char *end = data + len;
    int rc;

    rc = prepare(m->db, "INSERT INTO metrics (bundle_id, source, node, name,"
                 " value, time) VALUES (?,'host',?,?,?,?)", &m->st, m->path,
                 err);
    if (rc)
        return rc;
    switch (k) {
    case K_MEMINFO:
        rc = load_meminfo(m, data, end, err);
        break;
    case K_LOADAVG:
        rc = load_loadavg(m, data, end, err);
        break;
    case K_PRESSURE:
        rc = load_pressure(m, base_name(m->path), data, end, err);
        break;
    case K_LSPCI:
        rc = load_lspci(m, data, end, err);
        break;
    default:
        rc = load_memstat(m, data, end, err);
        break;
    }
    sqlite3_finalize(m->st);
    m->st = NULL;
    return rc;
}

/* One DCGM result into dcgm_results (sb_host_dcgm.h). */
struct dcgm_load {
    sqlite3 *db;
    sqlite3_stmt *st;
    int64_t bundle_id;
    const char *node, *path;
};

static int dcgm_row(void *ctx, const struct sb_dcgm_row *r,
                    struct sb_err *err)
{
    struct dcgm_load *D = ctx;

    sqlite3_bind_int64(D->st, 1, D->bundle_id);
    bind_text(D->st, 2, D->node);
    bind_text(D->st, 3, r->check_kind);
    bind_text(D->st, 4, r->entity_group);
    bind_count(D->st, 5, r->entity_id);
    bind_text(D->st, 6, r->test);
    bind_text(D->st, 7, r->status);
    bind_text(D->st, 8, r->message);
    bind_count(D->st, 9, r->error_id);
    bind_text(D->st, 10, D->path);
    return step(D->db, D->st, D->path, err);
}

static int load_dcgm(sqlite3 *db, int64_t bundle_id, const char *node,
                     const char *path, enum kind k, const char *data,
                     size_t len, struct sb_err *err)
{
    struct dcgm_load D = { db, NULL, bundle_id, node, path };
    int rc;

    rc = prepare(db, "INSERT INTO dcgm_results (bundle_id, node, check_kind,"
                 " entity_group, entity_id, test, status, message, error_id,"
                 " file) VALUES (?,?,?,?,?,?,?,?,?,?)", &D.st, path, err);
    if (rc)
        return rc;
    if (k == K_DCGM_HEALTH)
        rc = sb_dcgm_parse_health(data, len, path, dcgm_row, &D, err);
    else
        rc = sb_dcgm_parse_diag(data, len, path, dcgm_row, &D, err);
    sqlite3_finalize(D.st);
    return rc;
}

/* `systemctl status nvidia-fabricmanager`: a unit that is installed but
 * not "active (running)" becomes a gpu_events row 'fabric-manager-down'
 * with its Active: line; nodes.sql decides whether the node needs it
 * (NVSwitch present). A unit systemd does not know has no Active: line. */
static int load_fm_status(sqlite3 *db, int64_t bundle_id, const char *node,
                          const char *path, const char *data, size_t len,
                          const char *now, struct sb_err *err)
{
    const char *p = data, *end = data + len;
    char line[512] = "";
    sqlite3_stmt *st = NULL;
    int rc;

    while (next_line(&p, end, line, sizeof(line))) {
        const char *a = line;

        while (*a == ' ' || *a == '\t')
            a++;
        if (has_prefix(a, "Active:"))
            break;
        line[0] = '\0';
    }
    if (!line[0] || strstr(line, "active (running)"))
        return 0;
    rc = prepare(db, "INSERT INTO gpu_events (bundle_id, node, kind, pci,"
                 " code, fatal, time, text, source, file) VALUES "
                 "(?,?,'fabric-manager-down',NULL,NULL,1,?,?,?,?)", &st, path,
                 err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, bundle_id);
    bind_text(st, 2, node);
    bind_text(st, 3, now[0] ? now : NULL);
    bind_text(st, 4, line + strspn(line, " \t"));
    bind_text(st, 5, base_name(path));
    bind_text(st, 6, path);
    rc = step(db, st, path, err);
    sqlite3_finalize(st);
    return rc;
}

static int run_kind(sqlite3 *db, int64_t bundle_id, const char *node,
                    const char *path, enum kind k, const char *data,
                    size_t len, struct sb_err *err)
{
    char now[SB_TIME_MAX];

    collected_end(db, bundle_id, now);
    if (k == K_KERNEL || k == K_JOURNAL || k == K_FM_LOG || k == K_IMEX_LOG) {
        struct lines L = { db, bundle_id, node, path, base_name(path),
                           year_of(now), SB_FABRIC_ANY, NULL, NULL, NULL };

        if (k == K_FM_LOG)
            L.origin = SB_FABRIC_FM_LOG;
        else if (k == K_IMEX_LOG)
            L.origin = SB_FABRIC_IMEX_LOG;
        return load_log(&L, data, len, k == K_KERNEL, err);
    } else if (k == K_DCGM_HEALTH || k == K_DCGM_DIAG) {
        return load_dcgm(db, bundle_id, node, path, k, data, len, err);
    } else if (k == K_FM_STATUS) {
        return load_fm_status(db, bundle_id, node, path, data, len, now, err);
    } else {
        struct metric m = { db, NULL, bundle_id, node, path, now };

        return load_metrics(&m, k, data, len, err);
    }
}

int sb_host_load_member(sqlite3 *db, int64_t bundle_id, const char *node,
                        const char *path, const char *data, size_t len,
                        struct sb_err *err)
{
    enum kind k = classify(path);
    int rc;

    if (k == K_NONE)
        return 0;
    /* manifest.json comes last in a bundle, so the node may not be known
     * yet: rows get node '' and the loader sets it once it is */
    if (!node)
        node = "";
    /* a savepoint makes one member all-or-nothing, inside the loader's
     * transaction or alone */
    if (sqlite3_exec(db, "SAVEPOINT host_member", NULL, NULL, NULL) !=
        SQLITE_OK)
        return db_error(db, err, "start a savepoint", path);
    if (k == K_NVSMI_XML)
        rc = sb_nvsmi_load_xml(db, bundle_id, node, data, len, path, err);
    else
        rc = run_kind(db, bundle_id, node, path, k, data, len, err);
    if (rc)
        sqlite3_exec(db, "ROLLBACK TO host_member", NULL, NULL, NULL);
    sqlite3_exec(db, "RELEASE host_member", NULL, NULL, NULL);
    return rc;
}
