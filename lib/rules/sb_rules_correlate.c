/* Correlation (docs/rules.md): each finding is linked to the finding
 * that explains it, by the documented relations of reports/links/ first,
 * then by the rules' affects_* and cause_* columns. Links never form a
 * cycle and never overwrite a root already set; each one made is kept in
 * finding_links with its reason. */
#include "sb_rules_int.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sb_embed.h"
#include "sb_log.h"
#include "sb_time.h"

#define ROOT_CHAIN_MAX 64

static int text_col(sqlite3_stmt *st, int i, char *out, size_t sz)
{
    const char *s = (const char *)sqlite3_column_text(st, i);

    if (!s)
        return -1;
    snprintf(out, sz, "%s", s);
    return 0;
}

/* The root_cause of finding 'id' into 'out' ("" when none). */
static int root_of(sqlite3_stmt *q, const char *id, char *out, size_t sz)
{
    int rc;

    out[0] = '\0';
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, id, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        text_col(q, 0, out, sz);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Whether following root_cause from 'from' reaches 'target'. */
static int chain_reaches(sqlite3_stmt *q, const char *from,
                         const char *target)
{
    char cur[64], next[64];
    int i;

    snprintf(cur, sizeof(cur), "%s", from);
    for (i = 0; i < ROOT_CHAIN_MAX && cur[0]; i++) {
        if (strcmp(cur, target) == 0)
            return 1;
        if (root_of(q, cur, next, sizeof(next)) < 0)
            return 1;  /* cannot tell: refuse the link */
        snprintf(cur, sizeof(cur), "%s", next);
    }
    return cur[0] != '\0';
}

/* Follows root_cause from 'id' to the top; 'out' gets the top finding. */
static void chain_top(sqlite3_stmt *q, const char *id, char *out, size_t sz)
{
    char next[64];
    int i;

    snprintf(out, sz, "%s", id);
    for (i = 0; i < ROOT_CHAIN_MAX; i++) {
        if (root_of(q, out, next, sizeof(next)) < 0 || !next[0])
            return;
        snprintf(out, sz, "%s", next);
    }
}

/* What a link is made of: the statements that read and set root_cause
 * and record the step in finding_links. */
struct linker {
    sqlite3_stmt *q;            /* root_cause of ?1 */
    sqlite3_stmt *upd;          /* root_cause = ?1 of ?2 when unset */
    sqlite3_stmt *rec;          /* finding_links row */
};

/* Sets root_cause of 'target' to 'root' unless it has one or that would
 * make a cycle; a link made is recorded with its 'relation' and 'reason'
 * (NULL: a generic one is written at the end); the recorded cause is
 * 'direct' (NULL: 'root'), the step the chain took. Returns 1 when
 * linked. */
static int link(struct linker *k, const char *root, const char *target,
                const char *direct, const char *relation, const char *reason)
{
    char cur[64];

    if (root_of(k->q, target, cur, sizeof(cur)) < 0)
        return -1;
    if (cur[0] || chain_reaches(k->q, root, target))
        return 0;
    sqlite3_reset(k->upd);
    sqlite3_bind_text(k->upd, 1, root, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(k->upd, 2, target, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(k->upd) != SQLITE_DONE)
        return -1;
    sqlite3_reset(k->rec);
    sqlite3_bind_text(k->rec, 1, target, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(k->rec, 2, direct ? direct : root, -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(k->rec, 3, relation, -1, SQLITE_TRANSIENT);
    if (reason)
        sqlite3_bind_text(k->rec, 4, reason, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(k->rec, 4);
    return sqlite3_step(k->rec) == SQLITE_DONE ? 1 : -1;
}

static int correlate_pairs(sqlite3 *db, const char *sql, int follow,
                           struct linker *k)
{
    sqlite3_stmt *st = NULL;
    char a[64], b[64], top[64];
    int rc;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (text_col(st, 0, a, sizeof(a)) < 0 ||
            text_col(st, 1, b, sizeof(b)) < 0)
            continue;
        if (follow) {
            /* (explained, cause): the explained finding takes the cause's
             * top root, or the cause itself */
            chain_top(k->q, b, top, sizeof(top));
            if (strcmp(top, a) != 0 && link(k, top, a, b, "cause", NULL) < 0)
                break;
        } else if (link(k, a, b, NULL, "affects", NULL) < 0) {
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* A finding that took its cause's finding as root before that finding got
 * a root of its own (a Deployment named its Pending pod before the pod was
 * linked to the claim it waits for) moves up to the top, as if the pairs
 * had come in the other order. */
static int lift_cause_links(sqlite3 *db, const char *cause_pairs,
                            sqlite3_stmt *q)
{
    sqlite3_stmt *st = NULL, *upd = NULL;
    char w[64], c[64], cur[64], top[64];
    int rc = SQLITE_ERROR;

    if (sqlite3_prepare_v2(db, cause_pairs, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "UPDATE findings SET root_cause = ?"
                           " WHERE id = ? AND root_cause = ?", -1, &upd,
                           NULL) != SQLITE_OK)
        goto cleanup;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (text_col(st, 0, w, sizeof(w)) < 0 ||
            text_col(st, 1, c, sizeof(c)) < 0)
            continue;
        if (root_of(q, w, cur, sizeof(cur)) < 0)
            break;
        if (strcmp(cur, c) != 0)
            continue;
        chain_top(q, c, top, sizeof(top));
        if (strcmp(top, c) == 0 || strcmp(top, w) == 0)
            continue;
        sqlite3_reset(upd);
        sqlite3_bind_text(upd, 1, top, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(upd, 2, w, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(upd, 3, c, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(upd) != SQLITE_DONE)
            break;
    }
cleanup:
    sqlite3_finalize(st);
    sqlite3_finalize(upd);
    return rc == SQLITE_DONE ? 0 : -1;
}


/* Relations kept as data (reports/links/NAME.sql, in name order): each
 * returns (effect, cause, reason) rows over the findings; an effect takes
 * the first cause offered that makes no cycle. They run before the rule
 * columns' links, so a documented relation wins over "nearest earlier
 * root". */
#define LINK_PREFIX "reports/links/"

static int relation_run(sqlite3 *db, const struct sb_embed_file *f,
                        struct linker *k, struct sb_err *err)
{
    const char *rel = f->name + strlen(LINK_PREFIX);
    char relation[128];
    sqlite3_stmt *st = NULL;
    const char *e, *c;
    int rc;

    snprintf(relation, sizeof(relation), "%.*s",
             (int)(strlen(rel) - strlen(".sql")), rel);
    if (sqlite3_prepare_v2(db, f->data, -1, &st, NULL) != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "rules: relation '%s': %s", f->name,
                          sqlite3_errmsg(db));
    if (!sqlite3_stmt_readonly(st) || sqlite3_column_count(st) < 3) {
        sqlite3_finalize(st);
        return sb_err_set(err, SB_E_FORMAT, "rules: relation '%s': not one "
                          "read-only SELECT of effect, cause, reason",
                          f->name);
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        e = (const char *)sqlite3_column_text(st, 0);
        c = (const char *)sqlite3_column_text(st, 1);
        if (!e || !c || strcmp(e, c) == 0)
            continue;
        if (link(k, c, e, NULL, relation,
                 (const char *)sqlite3_column_text(st, 2)) < 0) {
            rc = SQLITE_ERROR;
            break;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sb_err_set(err, SB_E_DB, "rules: relation '%s': %s", f->name,
                          sqlite3_errmsg(db));
    return 0;
}

static int correlate_relations(sqlite3 *db, struct linker *k,
                               struct sb_err *err)
{
    const struct sb_embed_file *f;
    int64_t t0;
    int rc;

    for (f = sb_embed_files; f->name; f++) {
        if (strncmp(f->name, LINK_PREFIX, strlen(LINK_PREFIX)) != 0 ||
            !sb_rules_file_name(f->name + strlen(LINK_PREFIX)))
            continue;
        t0 = sb_time_mono_ms();
        rc = relation_run(db, f, k, err);
        if (rc)
            return rc;
        sb_debug("relation %s: %lld ms", f->name,
                 (long long)(sb_time_mono_ms() - t0));
    }
    return 0;
}


int sb_rules_correlate(sqlite3 *db, struct sb_err *err)
{
    struct linker k = { NULL, NULL, NULL };
    const char *affect_pairs = sb_rules_engine_sql(SQL_AFFECT_PAIRS, err);
    const char *cause_pairs = sb_rules_engine_sql(SQL_CAUSE_PAIRS, err);
    const char *via_affected = sb_rules_engine_sql(SQL_CAUSE_VIA_AFFECTED,
                                                   err);
    int rc;

    if (!affect_pairs || !cause_pairs || !via_affected)
        return err->code;
    rc = sb_rules_exec_file(db, SQL_AFFECTED, "record affected subjects", err);
    if (rc < 0)
        return rc;
    if (sqlite3_prepare_v2(db, "SELECT root_cause FROM findings WHERE id = ?",
                           -1, &k.q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "UPDATE findings SET root_cause = ? WHERE id = ?"
                           " AND root_cause IS NULL", -1, &k.upd, NULL)
        != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO finding_links(effect, cause,"
                           " relation, reason) VALUES (?, ?, ?, ?)", -1,
                           &k.rec, NULL) != SQLITE_OK)
        goto fail;
    rc = correlate_relations(db, &k, err);
    if (rc)
        goto cleanup;
    if (correlate_pairs(db, affect_pairs, 0, &k) < 0 ||
        correlate_pairs(db, cause_pairs, 1, &k) < 0 ||
        lift_cause_links(db, cause_pairs, k.q) < 0 ||
        correlate_pairs(db, via_affected, 0, &k) < 0)
        goto fail;
    rc = sb_rules_exec_file(db, SQL_LINKS_FINISH, "finish the links", err);
    if (rc == 0)
        rc = sb_rules_exec_file(db, SQL_AFFECTED_FINISH,
                                "finish affected subjects", err);
    goto cleanup;
fail:
    rc = sb_err_set(err, SB_E_DB, "rules: correlation failed: %s",
                    sqlite3_errmsg(db));
cleanup:
    sqlite3_finalize(k.q);
    sqlite3_finalize(k.upd);
    sqlite3_finalize(k.rec);
    return rc;
}

