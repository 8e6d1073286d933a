/*
 * GPU exporter metrics (nodes/<node>/dcgm-exporter.prom) into 'metrics',
 * its last Xid per GPU into 'gpu_xids', and, once every bundle is in, one
 * 'gpus' row per exporter GPU for nodes that have no nvidia-smi data (a
 * host bundle's nvidia-smi -q -x is the better source when both exist).
 */
#include "sb_load_ctx.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sb_prom.h"
#include "sb_time.h"

struct dcgm {
    struct sb_load_ctx *ctx;
    const char *node, *file;
    struct sb_err *err;
};

static int insert_xid(struct dcgm *d, const struct sb_prom_sample *s,
                      const char *labels)
{
    sqlite3_stmt *st = sb_db_stmt(d->ctx->db, "INSERT INTO gpu_xids VALUES "
                                  "(?,?,?,?,NULL,NULL,NULL,?,"
                                  "'dcgm-exporter',?)", d->err);
    char text[512];

    if (!st)
        return d->err->code;
    snprintf(text, sizeof(text), "%s%s %.15g", s->name, labels, s->value);
    sqlite3_bind_int64(st, 1, d->ctx->bundle_id);
    sb_db_bind_text(st, 2, d->node, -1);
    sb_db_bind_text(st, 3, sb_prom_label(s, "pci_bus_id"), -1);
    sqlite3_bind_int(st, 4, (int)s->value);
    sqlite3_bind_text(st, 5, text, -1, SQLITE_TRANSIENT);
    sb_db_bind_text(st, 6, d->file, -1);
    return sb_db_run(d->ctx->db, st, d->err);
}

static int on_sample(void *vctx, const struct sb_prom_sample *s)
{
    struct dcgm *d = vctx;
    cJSON *labels = cJSON_CreateObject();
    char *ltext = NULL, tbuf[SB_TIME_MAX];
    sqlite3_stmt *st;
    int i, rc;

    if (!labels)
        return sb_err_set(d->err, SB_E_NOMEM, "out of memory in '%s'",
                          d->file);
    for (i = 0; i < s->nlabels; i++)
        cJSON_AddStringToObject(labels, s->labels[i].name,
                                s->labels[i].value);
    ltext = cJSON_PrintUnformatted(labels);
    cJSON_Delete(labels);
    st = sb_db_stmt(d->ctx->db, "INSERT INTO metrics VALUES "
                    "(?,'dcgm-exporter',?,?,?,?,?,?,?,?)", d->err);
    if (!st || !ltext) {
        cJSON_free(ltext);
        return st ? sb_err_set(d->err, SB_E_NOMEM, "out of memory") :
                    d->err->code;
    }
    sqlite3_bind_int64(st, 1, d->ctx->bundle_id);
    sb_db_bind_text(st, 2, d->node, -1);
    sb_db_bind_text(st, 3, sb_prom_label(s, "namespace"), -1);
    sb_db_bind_text(st, 4, sb_prom_label(s, "pod"), -1);
    sb_db_bind_text(st, 5, sb_prom_label(s, "container"), -1);
    sb_db_bind_text(st, 6, s->name, -1);
    sb_db_bind_text(st, 7, ltext, -1);
    if (isfinite(s->value))
        sqlite3_bind_double(st, 8, s->value);
    if (s->timestamp_ms >= 0)
        sb_db_bind_text(st, 9, sb_time_format(s->timestamp_ms / 1000,
                                              (long)(s->timestamp_ms % 1000)
                                              * 1000000L, tbuf), -1);
    rc = sb_db_run(d->ctx->db, st, d->err);
    if (rc == 0 && strcmp(s->name, "DCGM_FI_DEV_XID_ERRORS") == 0 &&
        isfinite(s->value) && s->value >= 1 && s->value < 1e6) {
        /* the text quotes the sample as the exporter wrote it */
        char lbuf[400];
        size_t n = 0;
        lbuf[0] = '\0';
        for (i = 0; i < s->nlabels && n < sizeof(lbuf); i++)
            n += (size_t)snprintf(lbuf + n, sizeof(lbuf) - n, "%s%s=\"%s\"",
                                  i ? "," : "{", s->labels[i].name,
                                  s->labels[i].value);
        if (n > 0 && n < sizeof(lbuf) - 1)
            strcat(lbuf, "}");
        rc = insert_xid(d, s, lbuf);
    }
    cJSON_free(ltext);
    return rc;
}

int sb_load_dcgm(struct sb_load_ctx *ctx, const char *node, const char *file,
                 const char *data, size_t len, struct sb_err *err)
{
    struct dcgm d = { ctx, node, file, err };
    size_t bad = 0;
    int rc;

    if ((rc = sb_db_begin(ctx->db, err)))
        return rc;
    rc = sb_prom_parse(data, len, on_sample, &d, &bad);
    if (rc > 0 || (rc < 0 && err->code == 0))
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory reading '%s'", file);
    if (sb_db_commit(ctx->db, rc ? NULL : err) && !rc)
        rc = err->code;
    if (bad)
        sb_load_error(ctx, file, "%zu malformed metric lines skipped", bad);
    return rc;
}

int sb_load_dcgm_finish(struct sb_db *db, struct sb_err *err)
{
    /* exporter samples carry no time: they are as of the collection */
    static const char *const sql =
        "UPDATE metrics SET time = (SELECT collected_end FROM bundles b"
        " WHERE b.id = metrics.bundle_id)"
        " WHERE time IS NULL AND source = 'dcgm-exporter';"
        "UPDATE gpu_xids SET time = (SELECT collected_end FROM bundles b"
        " WHERE b.id = gpu_xids.bundle_id)"
        " WHERE time IS NULL AND source = 'dcgm-exporter';"
        "INSERT INTO gpus (bundle_id, node, gpu_index, uuid, pci_bus_id,"
        " product, driver_version, temperature, power_draw, power_limit,"
        " utilization, memory_used, memory_total,"
        " ecc_volatile_uncorrected, ecc_aggregate_uncorrected,"
        " ecc_volatile_corrected, retired_pages, remapped_rows_pending,"
        " remapped_rows_failure, source)"
        " SELECT bundle_id, node, CAST(labels->>'$.gpu' AS INTEGER),"
        " max(labels->>'$.UUID'), max(labels->>'$.pci_bus_id'),"
        " max(labels->>'$.modelName'),"
        " max(labels->>'$.DCGM_FI_DRIVER_VERSION'),"
        " max(CASE name WHEN 'DCGM_FI_DEV_GPU_TEMP' THEN value END),"
        " max(CASE name WHEN 'DCGM_FI_DEV_POWER_USAGE' THEN value END),"
        " max(CASE name WHEN 'DCGM_FI_DEV_POWER_MGMT_LIMIT' THEN value END),"
        " max(CASE name WHEN 'DCGM_FI_DEV_GPU_UTIL' THEN value END),"
        " max(CASE name WHEN 'DCGM_FI_DEV_FB_USED' THEN value END),"
        " max(CASE name WHEN 'DCGM_FI_DEV_FB_USED' THEN value END)"
        "  + max(CASE name WHEN 'DCGM_FI_DEV_FB_FREE' THEN value END)"
        "  + coalesce(max(CASE name WHEN 'DCGM_FI_DEV_FB_RESERVED'"
        "    THEN value END), 0),"
        " max(CASE name WHEN 'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL' THEN value END),"
        " max(CASE name WHEN 'DCGM_FI_DEV_ECC_DBE_AGG_TOTAL' THEN value END),"
        " max(CASE name WHEN 'DCGM_FI_DEV_ECC_SBE_VOL_TOTAL' THEN value END),"
        " sum(CASE WHEN name IN ('DCGM_FI_DEV_RETIRED_SBE',"
        "  'DCGM_FI_DEV_RETIRED_DBE') THEN value END),"
        /* pending is its own field: the count of rows already remapped
         * (DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS) is history, not a
         * reset the GPU still needs */
        " max(CASE name WHEN 'DCGM_FI_DEV_ROW_REMAP_PENDING' THEN value END),"
        " max(CASE name WHEN 'DCGM_FI_DEV_ROW_REMAP_FAILURE' THEN value END),"
        " 'dcgm-exporter'"
        " FROM metrics m WHERE source = 'dcgm-exporter'"
        " AND labels->>'$.gpu' IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM gpus g WHERE g.node = m.node)"
        " GROUP BY bundle_id, node, labels->>'$.gpu';";

    return sb_db_exec(db, sql, err);
}
