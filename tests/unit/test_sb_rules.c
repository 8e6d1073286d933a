/*
 * Rules engine and catalog. Scenarios live in tests/data/rules/: base.sql
 * is a small healthy cluster; RULE.fire.sql adds the fault RULE must find,
 * RULE.nearmiss.sql something that looks like it and must not fire. Their
 * "-- expect..." header lines say what to check:
 *   -- expect: RULE KIND NAMESPACE/NAME   (NAMESPACE "-" for cluster-scoped)
 *   -- expect-root: RULE KIND NAMESPACE/NAME ROOT_RULE
 *   -- expect-evidence: RULE TEXT        (TEXT appears in its evidence)
 *   -- expect-summary: RULE TEXT         (TEXT appears in its summary)
 *   -- expect-affected: RULE KIND NAMESPACE/NAME
 *   -- expect-none: RULE                 (no finding of RULE at all)
 *   -- expect-none-severe: RULE          (none above info)
 *   -- expect-link: RULE KIND NAMESPACE/NAME CAUSE_RULE RELATION
 *                          (its direct cause is a CAUSE_RULE finding,
 *                           linked by reports/links/RELATION.sql)
 *   -- expect-no-link: RULE KIND NAMESPACE/NAME CAUSE_RULE
 *                          (neither its direct cause nor its root is one)
 *   -- expect-reason: RELATION TEXT      (TEXT appears in a link's reason)
 *   -- expect-incidents: N               (exactly N incidents)
 *   -- expect-incident-root: RULE KIND NAMESPACE/NAME
 *   -- expect-sql: SELECT ...            (a query whose first column is
 *                                         not 0: for what no other line
 *                                         says, like the time window)
 * Relations (reports/links/ID.sql) have scenarios link-ID.fire.sql and
 * link-ID.nearmiss.sql.
 * After every scenario no object named "ok-..." may carry a warning or
 * critical finding. Every scenario also runs with the rules spread over
 * two reader connections (sb_rules_run_par), which must write exactly what
 * the single connection wrote.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_db.h"
#include "sb_embed.h"
#include "sb_log.h"
#include "sb_rules.h"
#include "sb_sqlre.h"

static struct sb_buf warnings = SB_BUF_INIT(1 << 20);

static void sink(void *ctx, enum sb_log_level level, const char *msg)
{
    (void)ctx;
    if (level >= SB_LOG_WARN)
        assert_int_equal(sb_buf_addf(&warnings, "%s\n", msg), 0);
}

static sqlite3 *db_new(void)
{
    const struct sb_embed_file *f;
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    for (f = sb_embed_files; f->name; f++)
        if (strncmp(f->name, "schema/", 7) == 0)
            assert_int_equal(sqlite3_exec(db, f->data, NULL, NULL, NULL),
                             SQLITE_OK);
    return db;
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    char chunk[4096];
    size_t n;

    if (!fp)
        return NULL;
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        assert_int_equal(sb_buf_add(&b, chunk, n), 0);
    fclose(fp);
    assert_int_equal(sb_buf_addc(&b, '\0'), 0);
    return sb_buf_detach(&b, NULL);
}

static const char *data_dir(char *out, size_t sz)
{
    const char *src = getenv("SB_SRC");

    snprintf(out, sz, "%s/tests/data/rules", src ? src : ".");
    return out;
}

static void apply(sqlite3 *db, const char *path)
{
    char *sql = slurp(path);
    char *msg = NULL;

    if (!sql)
        fail_msg("cannot read '%s'", path);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        print_error("%s: %s\n", path, msg);
        sqlite3_free(msg);
        sb_free(sql);
        fail();
    }
    sb_free(sql);
}

static int count(sqlite3 *db, const char *sql, const char *a, const char *b,
                 const char *c, const char *d)
{
    sqlite3_stmt *st = NULL;
    const char *args[4] = { a, b, c, d };
    int i, n = -1;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        print_error("%s: %s\n", sql, sqlite3_errmsg(db));
        return -1;
    }
    for (i = 0; i < 4; i++)
        if (args[i])
            sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* count() with 'n' arguments ?1..?n (NULL binds NULL). */
static int countv(sqlite3 *db, const char *sql, int n, const char *const *args)
{
    sqlite3_stmt *st = NULL;
    int i, r = -1;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        print_error("%s: %s\n", sql, sqlite3_errmsg(db));
        return -1;
    }
    for (i = 0; i < n; i++)
        if (args[i])
            sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        r = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return r;
}

static void dump_findings(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;

    sqlite3_prepare_v2(db, "SELECT id, rule, severity, kind, "
                       "coalesce(namespace,'-'), name, coalesce(root_cause,"
                       "'-'), summary FROM findings ORDER BY id", -1, &st,
                       NULL);
    while (sqlite3_step(st) == SQLITE_ROW)
        print_error("    %s %s %s %s %s/%s root=%s: %s\n",
                    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                    sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
                    sqlite3_column_text(st, 4), sqlite3_column_text(st, 5),
                    sqlite3_column_text(st, 6), sqlite3_column_text(st, 7));
    sqlite3_finalize(st);
}

/* Splits "NS/NAME" into ns ("-" = NULL) and name. */
static void split_subject(char *s, const char **ns, const char **name)
{
    char *slash = strchr(s, '/');

    if (!slash) {
        *ns = NULL;
        *name = s;
        return;
    }
    *slash = '\0';
    *ns = strcmp(s, "-") == 0 ? NULL : s;
    *name = slash + 1;
}

#define SUBJ_SQL " AND kind = ?2 AND namespace IS ?3 AND name = ?4"

/* Checks one "-- expect...: ..." line; returns 1 when it holds. */
static int check_line(sqlite3 *db, const char *file, char *line)
{
    char rule[128], kind[64], subj[256], extra[256], rel[128];
    const char *ns, *name;
    char *text;
    int n = 0, want = 0;

    if (sscanf(line, "-- expect: %127s %63s %255s", rule, kind, subj) == 3) {
        split_subject(subj, &ns, &name);
        n = count(db, "SELECT count(*) FROM findings WHERE rule = ?1"
                  SUBJ_SQL, rule, kind, ns, name);
    } else if (sscanf(line, "-- expect-root: %127s %63s %255s %255s", rule,
                      kind, subj, extra) == 4) {
        split_subject(subj, &ns, &name);
        n = 0;
        {
            sqlite3_stmt *st = NULL;
            sqlite3_prepare_v2(db, "SELECT count(*) FROM findings f JOIN "
                               "findings r ON r.id = f.root_cause WHERE "
                               "f.rule = ?1 AND f.kind = ?2 AND f.namespace "
                               "IS ?3 AND f.name = ?4 AND r.rule = ?5", -1,
                               &st, NULL);
            sqlite3_bind_text(st, 1, rule, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
            if (ns)
                sqlite3_bind_text(st, 3, ns, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 4, name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 5, extra, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW)
                n = sqlite3_column_int(st, 0);
            sqlite3_finalize(st);
        }
    } else if (sscanf(line, "-- expect-link: %127s %63s %255s %127s %127s",
                      rule, kind, subj, extra, rel) == 5) {
        split_subject(subj, &ns, &name);
        const char *a[6] = { rule, kind, ns, name, extra, rel };
        n = countv(db, "SELECT count(*) FROM findings f JOIN finding_links l"
                   " ON l.effect = f.id JOIN findings c ON c.id = l.cause"
                   " WHERE f.rule = ?1 AND f.kind = ?2 AND f.namespace IS ?3"
                   " AND f.name = ?4 AND c.rule = ?5 AND l.relation = ?6",
                   6, a);
    } else if (sscanf(line, "-- expect-no-link: %127s %63s %255s %127s",
                      rule, kind, subj, extra) == 4) {
        split_subject(subj, &ns, &name);
        const char *a[5] = { rule, kind, ns, name, extra };
        n = countv(db, "SELECT count(*) = 0 FROM findings f"
                   " LEFT JOIN finding_links l ON l.effect = f.id"
                   " JOIN findings c ON c.id = l.cause OR c.id = f.root_cause"
                   " WHERE f.rule = ?1 AND f.kind = ?2 AND f.namespace IS ?3"
                   " AND f.name = ?4 AND c.rule = ?5", 5, a);
        /* the effect itself must exist, or the check proves nothing */
        if (n > 0)
            n = count(db, "SELECT count(*) FROM findings WHERE rule = ?1"
                      SUBJ_SQL, rule, kind, ns, name);
    } else if (sscanf(line, "-- expect-reason: %127s", rule) == 1) {
        text = strstr(line, rule) + strlen(rule) + 1;
        n = count(db, "SELECT count(*) FROM finding_links WHERE relation = ?1"
                  " AND instr(reason, ?2) > 0", rule, text, NULL, NULL);
    } else if (sscanf(line, "-- expect-incidents: %d", &want) == 1) {
        n = count(db, "SELECT count(*) FROM incidents", NULL, NULL, NULL,
                  NULL) == want;
    } else if (sscanf(line, "-- expect-incident-root: %127s %63s %255s", rule,
                      kind, subj) == 3) {
        split_subject(subj, &ns, &name);
        n = count(db, "SELECT count(*) FROM incidents i JOIN findings f ON"
                  " f.id = i.root WHERE f.rule = ?1" SUBJ_SQL, rule, kind, ns,
                  name);
    } else if (strncmp(line, "-- expect-sql: ", 15) == 0) {
        n = count(db, line + 15, NULL, NULL, NULL, NULL);
    } else if (sscanf(line, "-- expect-affected: %127s %63s %255s", rule,
                      kind, subj) == 3) {
        split_subject(subj, &ns, &name);
        n = count(db, "SELECT count(*) FROM finding_affected a JOIN findings "
                  "f ON f.id = a.finding_id WHERE f.rule = ?1 AND a.kind = ?2"
                  " AND a.namespace IS ?3 AND a.name = ?4", rule, kind, ns,
                  name);
    } else if (sscanf(line, "-- expect-evidence: %127s", rule) == 1) {
        text = strstr(line, rule) + strlen(rule) + 1;
        n = count(db, "SELECT count(*) FROM finding_evidence e JOIN findings "
                  "f ON f.id = e.finding_id WHERE f.rule = ?1 AND "
                  "instr(e.text, ?2) > 0", rule, text, NULL, NULL);
    } else if (sscanf(line, "-- expect-summary: %127s", rule) == 1) {
        text = strstr(line, rule) + strlen(rule) + 1;
        n = count(db, "SELECT count(*) FROM findings WHERE rule = ?1 AND "
                  "instr(summary, ?2) > 0", rule, text, NULL, NULL);
    } else if (sscanf(line, "-- expect-none-severe: %127s", rule) == 1) {
        n = count(db, "SELECT count(*) = 0 FROM findings WHERE rule = ?1 AND "
                  "severity IN ('critical', 'warning')", rule, NULL, NULL,
                  NULL);
    } else if (sscanf(line, "-- expect-none: %127s", rule) == 1) {
        n = count(db, "SELECT count(*) = 0 FROM findings WHERE rule = ?1",
                  rule, NULL, NULL, NULL);
    } else {
        print_error("%s: cannot read '%s'\n", file, line);
        return 0;
    }
    if (n > 0)
        return 1;
    print_error("%s: failed: %s\n", file, line);
    return 0;
}

/* Every row of what the rules write, as text, in rowid order. */
static void dump_outputs(sqlite3 *db, struct sb_buf *out)
{
    static const char *const tables[] = { "findings", "finding_evidence",
                                          "finding_affected", "timeline",
                                          "load_errors", "finding_links",
                                          "incidents", "incident_members" };
    char sql[200];
    size_t t;
    int i;

    for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
        sqlite3_stmt *st = NULL;

        snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY rowid",
                 tables[t]);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
                         SQLITE_OK);
        assert_int_equal(sb_buf_addf(out, "[%s]\n", tables[t]), 0);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (i = 0; i < sqlite3_column_count(st); i++) {
                const char *v = (const char *)sqlite3_column_text(st, i);
                assert_int_equal(sb_buf_addf(out, "%s|", v ? v : "<null>"), 0);
            }
            assert_int_equal(sb_buf_addc(out, '\n'), 0);
        }
        sqlite3_finalize(st);
    }
}

/* Runs scenario 'name' again with two readers beside the writer, on a
 * temporary database as analyze opens it; what it writes must equal what
 * 'serial' holds. Returns the number of failed checks. */
static int scenario_parallel(const char *dir, const char *name,
                             const char *rules_dir, sqlite3 *serial)
{
    struct sb_buf a = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *sdb = NULL;
    sqlite3 **readers;
    char path[1024];
    int n, failed = 0;

    assert_int_equal(sb_db_open_shared("", 2, &sdb, &err), 0);
    snprintf(path, sizeof(path), "%s/base.sql", dir);
    apply(sb_db_handle(sdb), path);
    if (name) {
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        apply(sb_db_handle(sdb), path);
    }
    assert_int_equal(sb_db_share(sdb, &err), 0);
    n = sb_db_readers(sdb, &readers);
    assert_int_equal(n, 2);
    if (sb_rules_run_par(sb_db_handle(sdb), readers, n, rules_dir, NULL,
                         &err) != 0)
        fail_msg("%s in parallel: %s", name ? name : "base", err.msg);
    dump_outputs(serial, &a);
    dump_outputs(sb_db_handle(sdb), &b);
    if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
        print_error("%s: the rules on three connections wrote\n%s\n"
                    "on one:\n%s\n", name ? name : "base", sb_buf_str(&b),
                    sb_buf_str(&a));
        failed++;
    }
    sb_buf_release(&a);
    sb_buf_release(&b);
    sb_db_close(sdb);
    return failed;
}

/* Runs one scenario; returns the number of failed checks. */
static int scenario_run(const char *dir, const char *name)
{
    char path[1024], *text, *line, *save = NULL;
    struct sb_err err = SB_ERR_INIT;
    sqlite3 *db = db_new();
    int failed = 0, checks = 0, healthy;

    snprintf(path, sizeof(path), "%s/base.sql", dir);
    apply(db, path);
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    apply(db, path);
    if (sb_rules_run(db, NULL, &err) != 0)
        fail_msg("%s: %s", name, err.msg);
    text = slurp(path);
    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "-- expect", 9) != 0)
            continue;
        checks++;
        if (!check_line(db, name, line))
            failed++;
    }
    sb_free(text);
    if (checks == 0) {
        print_error("%s: no expect lines\n", name);
        failed++;
    }
    healthy = count(db, "SELECT count(*) FROM findings WHERE severity IN "
                    "('critical','warning') AND name LIKE 'ok-%'", NULL, NULL,
                    NULL, NULL);
    if (healthy != 0) {
        print_error("%s: a healthy object was flagged\n", name);
        failed++;
    }
    if (count(db, "SELECT count(*) FROM load_errors", NULL, NULL, NULL, NULL)
        != 0) {
        print_error("%s: a rule failed to run\n", name);
        failed++;
    }
    if (failed)
        dump_findings(db);
    failed += scenario_parallel(dir, name, NULL, db);
    sqlite3_close(db);
    return failed;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every scenario whose name ends with 'suffix'. */
static void scenarios(const char *suffix, int *ran)
{
    char dir[900];
    char *names[512];
    size_t n = 0, i, sl = strlen(suffix);
    DIR *d = opendir(data_dir(dir, sizeof(dir)));
    struct dirent *de;
    int failed = 0;

    assert_non_null(d);
    while ((de = readdir(d)) != NULL && n < 512) {
        size_t len = strlen(de->d_name);
        if (len > sl && strcmp(de->d_name + len - sl, suffix) == 0)
            names[n++] = sb_strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(char *), str_cmp);
    for (i = 0; i < n; i++) {
        failed += scenario_run(dir, names[i]);
        sb_free(names[i]);
    }
    *ran = (int)n;
    if (failed)
        fail_msg("%d scenario checks failed", failed);
}

static void test_every_rule_fires_on_its_scenario(void **state)
{
    int ran = 0;

    (void)state;
    scenarios(".fire.sql", &ran);
    assert_true(ran >= 30);
}

static void test_no_rule_fires_on_its_near_miss(void **state)
{
    int ran = 0;

    (void)state;
    scenarios(".nearmiss.sql", &ran);
    assert_true(ran >= 30);
}

static void test_every_rule_has_a_fire_and_a_near_miss_scenario(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_buf list = SB_BUF_INIT(SB_BUF_UNLIMITED);
    char dir[900], path[1200], *line, *save = NULL;
    const char *sfx[2] = { "fire", "nearmiss" };
    int i, missing = 0;

    (void)state;
    data_dir(dir, sizeof(dir));
    assert_int_equal(sb_rules_list(NULL, &list, &err), 0);
    for (line = strtok_r(list.data, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        *strchr(line, '\t') = '\0';
        for (i = 0; i < 2; i++) {
            snprintf(path, sizeof(path), "%s/%s.%s.sql", dir, line, sfx[i]);
            if (access(path, R_OK) != 0) {
                print_error("no scenario %s\n", path);
                missing++;
            }
        }
    }
    sb_buf_release(&list);
    assert_int_equal(missing, 0);
}

static void test_every_relation_has_a_fire_and_a_near_miss_scenario(
    void **state)
{
    const struct sb_embed_file *f;
    const char *sfx[2] = { "fire", "nearmiss" };
    char dir[900], path[1200];
    int i, missing = 0, relations = 0;
    size_t len;

    (void)state;
    data_dir(dir, sizeof(dir));
    for (f = sb_embed_files; f->name; f++) {
        if (strncmp(f->name, "reports/links/", 14) != 0)
            continue;
        relations++;
        len = strlen(f->name + 14) - 4;
        for (i = 0; i < 2; i++) {
            snprintf(path, sizeof(path), "%s/link-%.*s.%s.sql", dir,
                     (int)len, f->name + 14, sfx[i]);
            if (access(path, R_OK) != 0) {
                print_error("no scenario %s\n", path);
                missing++;
            }
        }
    }
    assert_true(relations >= 8);
    assert_int_equal(missing, 0);
}

static void test_every_rule_parses_and_runs_on_an_empty_database(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_buf list = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3 *db = db_new();
    int rules = 0;
    size_t i;

    (void)state;
    sb_buf_reset(&warnings);
    assert_int_equal(sb_rules_run(db, NULL, &err), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM load_errors", NULL, NULL,
                           NULL, NULL), 0);
    assert_string_equal(sb_buf_str(&warnings), "");
    assert_int_equal(count(db, "SELECT count(*) FROM findings WHERE severity"
                           " <> 'info'", NULL, NULL, NULL, NULL), 0);
    assert_int_equal(sb_rules_list(NULL, &list, &err), 0);
    for (i = 0; i < list.len; i++)
        rules += list.data[i] == '\n';
    assert_true(rules >= 37);
    assert_non_null(strstr(list.data, "pod-crashloop\tcritical\tpod\t"));
    sb_buf_release(&list);
    sqlite3_close(db);
}

static char *make_dir(void)
{
    char tmpl[] = "/tmp/sb_rules_XXXXXX";
    char *d = mkdtemp(tmpl);

    assert_non_null(d);
    return sb_strdup(d);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void remove_dir(char *dir, const char *const *names)
{
    char path[1024];

    for (; *names; names++) {
        snprintf(path, sizeof(path), "%s/%s", dir, *names);
        unlink(path);
    }
    rmdir(dir);
    sb_free(dir);
}

static void test_broken_rule_is_reported_with_file_and_line_and_others_run(
    void **state)
{
    static const char *const names[] = { "broken.sql", "extra.sql",
                                         "noheader.sql", NULL };
    struct sb_err err = SB_ERR_INIT;
    char *dir = make_dir();
    sqlite3 *db = db_new();

    (void)state;
    write_file(dir, "broken.sql",
               "-- id: broken-rule\n-- title: Broken\n-- severity: warning\n"
               "SELECT 'Pod' AS kind,\n  name,\n  summary_that_is_missing\n"
               "FROM pods;\n");
    write_file(dir, "extra.sql",
               "-- id: every-node\n-- title: Every node\n-- severity: info\n"
               "-- category: test\n-- remediation: none\n"
               "SELECT 'Node' AS kind, name, 'node ' || name AS summary,\n"
               "  'spec' AS ev_source, name AS ev_text FROM nodes;\n");
    write_file(dir, "noheader.sql", "SELECT 1;\n");
    sb_buf_reset(&warnings);
    {
        char dd[900], base[1000];
        snprintf(base, sizeof(base), "%s/base.sql", data_dir(dd, sizeof(dd)));
        apply(db, base);
    }
    assert_int_equal(sb_rules_run(db, dir, &err), 0);
    assert_non_null(strstr(sb_buf_str(&warnings), "broken.sql' line 6: "
                           "no such column: summary_that_is_missing"));
    assert_non_null(strstr(sb_buf_str(&warnings), "noheader.sql"));
    assert_int_equal(count(db, "SELECT count(*) FROM load_errors WHERE error "
                           "LIKE '%broken.sql'' line 6%'", NULL, NULL, NULL,
                           NULL), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM findings WHERE rule = "
                           "'every-node'", NULL, NULL, NULL, NULL), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM finding_evidence e JOIN "
                           "findings f ON f.id = e.finding_id WHERE f.rule = "
                           "'every-node' AND e.source = 'spec'", NULL, NULL,
                           NULL, NULL), 2);
    /* on three connections: the same reports, in the same order */
    {
        char dd[900];
        struct sb_buf first = SB_BUF_INIT(1 << 20);

        assert_int_equal(sb_buf_add(&first, warnings.data, warnings.len), 0);
        sb_buf_reset(&warnings);
        assert_int_equal(scenario_parallel(data_dir(dd, sizeof(dd)), NULL,
                                           dir, db), 0);
        assert_int_equal(warnings.len, first.len);
        assert_memory_equal(warnings.data, first.data, first.len);
        sb_buf_release(&first);
    }
    sqlite3_close(db);
    remove_dir(dir, names);
}

static void test_rule_from_folder_overrides_builtin_by_id(void **state)
{
    static const char *const names[] = { "mine.sql", NULL };
    struct sb_err err = SB_ERR_INIT;
    struct sb_buf list = SB_BUF_INIT(SB_BUF_UNLIMITED);
    char *dir = make_dir();
    sqlite3 *db = db_new();

    (void)state;
    write_file(dir, "mine.sql",
               "-- id: collection-gaps\n-- title: Site gaps\n"
               "-- severity: info\n-- category: site\n"
               "SELECT 'Namespace' AS kind, 'site' AS name,\n"
               "  'replaced' AS summary;\n");
    assert_int_equal(sb_rules_run(db, dir, &err), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM findings WHERE rule = "
                           "'collection-gaps' AND summary = 'replaced'", NULL,
                           NULL, NULL, NULL), 1);
    assert_int_equal(sb_rules_list(dir, &list, &err), 0);
    assert_non_null(strstr(list.data, "collection-gaps\tinfo\tsite\tSite gaps"));
    sb_buf_release(&list);
    sqlite3_close(db);
    remove_dir(dir, names);
}

static void test_finding_ids_are_stable_across_runs(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    char dir[900], path[1200];
    sqlite3 *db = db_new();

    (void)state;
    data_dir(dir, sizeof(dir));
    snprintf(path, sizeof(path), "%s/base.sql", dir);
    apply(db, path);
    snprintf(path, sizeof(path), "%s/node-not-ready.fire.sql", dir);
    apply(db, path);
    assert_int_equal(sb_rules_run(db, NULL, &err), 0);
    assert_int_equal(sqlite3_exec(db, "CREATE TEMP TABLE first AS SELECT id,"
                                  " rule, name, root_cause FROM findings",
                                  NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sb_rules_run(db, NULL, &err), 0);
    assert_true(count(db, "SELECT count(*) FROM findings", NULL, NULL, NULL,
                      NULL) > 0);
    assert_int_equal(count(db, "SELECT count(*) FROM (SELECT id, rule, name,"
                           " root_cause FROM findings EXCEPT SELECT * FROM "
                           "temp.first)", NULL, NULL, NULL, NULL), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM findings WHERE id = "
                           "'F001'", NULL, NULL, NULL, NULL), 1);
    /* the timeline is in time order and holds the findings */
    assert_true(count(db, "SELECT count(*) FROM timeline WHERE source = "
                      "'finding'", NULL, NULL, NULL, NULL) > 0);
    sqlite3_close(db);
}

static void test_regexp_functions_match_and_extract(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    sqlite3 *db = NULL;

    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sb_sqlre_register(db, &err), 0);
    assert_int_equal(count(db, "SELECT 'KeyError: ''DB_URL''' REGEXP "
                           "'(?i)keyerror'", NULL, NULL, NULL, NULL), 1);
    assert_int_equal(count(db, "SELECT 'all good' REGEXP 'error'", NULL,
                           NULL, NULL, NULL), 0);
    assert_int_equal(count(db, "SELECT regexp_extract('KeyError: ''DB_URL''',"
                           " '''([A-Z_]+)''', 1) = 'DB_URL'", NULL, NULL,
                           NULL, NULL), 1);
    assert_int_equal(count(db, "SELECT regexp_extract('abc', 'x') IS NULL",
                           NULL, NULL, NULL, NULL), 1);
    /* a bad pattern is an error of the statement, not a crash */
    assert_int_equal(count(db, "SELECT 'a' REGEXP '('", NULL, NULL, NULL,
                           NULL), -1);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_rule_parses_and_runs_on_an_empty_database),
        cmocka_unit_test(test_every_rule_has_a_fire_and_a_near_miss_scenario),
        cmocka_unit_test(
            test_every_relation_has_a_fire_and_a_near_miss_scenario),
        cmocka_unit_test(test_every_rule_fires_on_its_scenario),
        cmocka_unit_test(test_no_rule_fires_on_its_near_miss),
        cmocka_unit_test(test_broken_rule_is_reported_with_file_and_line_and_others_run),
        cmocka_unit_test(test_rule_from_folder_overrides_builtin_by_id),
        cmocka_unit_test(test_finding_ids_are_stable_across_runs),
        cmocka_unit_test(test_regexp_functions_match_and_extract),
    };
    int rc;

    sb_log_set_sink(sink, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    sb_buf_release(&warnings);
    return rc;
}
