/* The rules engine (sb_rules.h): the catalog, the run's stages in order,
 * the findings and the timeline; running the rules and correlating their
 * findings are in sb_rules_pool.c and sb_rules_correlate.c
 * (sb_rules_int.h). */
#include "sb_rules.h"
#include "sb_rules_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sb_alloc.h"
#include "sb_embed.h"
#include "sb_evctx.h"
#include "sb_incidents.h"
#include "sb_log.h"
#include "sb_loggrep.h"
#include "sb_time.h"
#include "sb_sqlre.h"
#include "sb_sig.h"
#include "sb_sighits.h"
#include "sb_xid.h"

#define RULE_PREFIX "reports/rules/"
#define RULE_FILE_MAX (1024 * 1024)  /* a rule is a page of SQL, not data */
/* rules and relations in one run, and files read from one --rules
 * folder: far more than anyone writes, few enough that a folder of junk
 * cannot grow a list without bound */
#define RULES_MAX 100000

struct sb_rule *sb_rules_at(struct ruleset *rs, size_t i)
{
    return &rs->v[i];
}

size_t sb_rules_count(const struct ruleset *rs)
{
    return rs->n;
}

static void rule_release(struct sb_rule *r)
{
    sb_free(r->text);
    sb_free(r->file);
    sb_free(r->id);
    sb_free(r->title);
    sb_free(r->severity);
    sb_free(r->category);
    sb_free(r->remediation);
    memset(r, 0, sizeof(*r));
}

static void ruleset_release(struct ruleset *rs)
{
    size_t i;

    for (i = 0; i < sb_rules_count(rs); i++)
        rule_release(sb_rules_at(rs, i));
    sb_free(rs->v);
    memset(rs, 0, sizeof(*rs));
}

/* Reports a rule that cannot run: through the log sink and, when 'db' is
 * given, as a load_errors row so the report shows it too. */
void sb_rules_report_broken(sqlite3 *db, const char *file, int line,
                            const char *msg)
{
    sqlite3_stmt *st = NULL;
    char text[1200];

    if (line > 0)
        snprintf(text, sizeof(text), "rule '%s' line %d: %s", file, line, msg);
    else
        snprintf(text, sizeof(text), "rule '%s': %s", file, msg);
    sb_warn("%s", text);
    if (!db)
        return;
    if (sqlite3_prepare_v2(db, "INSERT INTO load_errors(bundle_id, file, "
                           "error) VALUES (NULL, ?, ?)", -1, &st, NULL)
        == SQLITE_OK) {
        sqlite3_bind_text(st, 1, file, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
}

static char *trim_dup(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return sb_strndup(s, n);
}

static int valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
            *s != '-' && *s != '_')
            return 0;
    return 1;
}

/* Sets header field 'key' of 'r' from one "-- key: value" line. Unknown
 * keys are comments. Returns 0, or -1 when out of memory. */
static int header_field(struct sb_rule *r, const char *key, size_t klen,
                        const char *val, size_t vlen)
{
    static const char *const names[] = {
        "id", "title", "severity", "category", "remediation"
    };
    char **slots[] = {
        &r->id, &r->title, &r->severity, &r->category, &r->remediation
    };
    size_t i;
    char *v;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strlen(names[i]) != klen || strncmp(names[i], key, klen) != 0)
            continue;
        if (*slots[i])  /* the first occurrence wins */
            return 0;
        v = trim_dup(val, vlen);
        if (!v)
            return -1;
        *slots[i] = v;
        return 0;
    }
    return 0;
}

/* Reads the header comments at the top of r->text. On a broken header
 * returns -1 with 'msg' and '*line' saying why and where. */
static int header_parse(struct sb_rule *r, char *msg, size_t msgsz, int *line)
{
    const char *p = r->text;
    int ln = 1;

    *line = 0;
    while (*p) {
        const char *eol = strchr(p, '\n');
        const char *end = eol ? eol : p + strlen(p);
        const char *q = p;
        const char *colon;

        while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        if (q == end) {
            /* blank lines inside the header are allowed */
        } else if (end - q >= 2 && q[0] == '-' && q[1] == '-') {
            q += 2;
            while (q < end && *q == ' ')
                q++;
            colon = memchr(q, ':', (size_t)(end - q));
            if (colon && colon > q) {
                const char *k = q;
                int word = 1;
                for (; k < colon; k++)
                    if (!islower((unsigned char)*k) && *k != '_')
                        word = 0;
                if (word && header_field(r, q, (size_t)(colon - q), colon + 1,
                                         (size_t)(end - colon - 1)) < 0) {
                    snprintf(msg, msgsz, "out of memory");
                    return -1;
                }
            }
        } else {
            break;
        }
        if (!eol)
            break;
        p = eol + 1;
        ln++;
    }
    r->sql_line = ln;
    if (!r->id || !valid_id(r->id)) {
        snprintf(msg, msgsz, "header has no valid '-- id:' line (lowercase "
                 "letters, digits and '-')");
        *line = 1;
        return -1;
    }
    if (!r->title || !*r->title) {
        snprintf(msg, msgsz, "header has no '-- title:' line");
        *line = 1;
        return -1;
    }
    if (!r->severity || (strcmp(r->severity, "critical") != 0 &&
                         strcmp(r->severity, "warning") != 0 &&
                         strcmp(r->severity, "info") != 0)) {
        snprintf(msg, msgsz, "header severity must be critical, warning or "
                 "info");
        *line = 1;
        return -1;
    }
    return 0;
}

/* Adds a rule made of 'text' (takes ownership) read from 'file'. A rule
 * with the id of one already in 'rs' replaces it. A broken header is
 * reported and the rule dropped. Returns 0 or SB_E_NOMEM. */
static int ruleset_add(struct ruleset *rs, sqlite3 *db, char *text,
                       const char *file, struct sb_err *err)
{
    struct sb_rule r;
    char msg[512];
    int line, rc;
    size_t i;

    memset(&r, 0, sizeof(r));
    r.text = text;
    r.file = sb_strdup(file);
    if (!r.file)
        goto nomem;
    if (header_parse(&r, msg, sizeof(msg), &line) < 0) {
        sb_rules_report_broken(db, file, line, msg);
        rule_release(&r);
        return 0;
    }
    for (i = 0; i < sb_rules_count(rs); i++) {
        if (strcmp(sb_rules_at(rs, i)->id, r.id) == 0) {
            sb_info("rule '%s' from '%s' overrides '%s'", r.id, file,
                    sb_rules_at(rs, i)->file);
            rule_release(sb_rules_at(rs, i));
            *sb_rules_at(rs, i) = r;
            return 0;
        }
    }
    if ((rc = SB_ARRAY_GROW(rs->v, rs->n + 1, rs->alloc, RULES_MAX))) {
        rule_release(&r);
        return rc == SB_E_TOOBIG
            ? sb_err_set(err, rc, "cannot load rule '%s': more than %d rules",
                         file, RULES_MAX)
            : sb_err_set(err, rc, "cannot load rule '%s': out of memory",
                         file);
    }
    rs->v[rs->n++] = r;
    return 0;
nomem:
    rule_release(&r);
    return sb_err_set(err, SB_E_NOMEM, "cannot load rule '%s': out of memory",
                      file);
}

static int ruleset_add_embedded(struct ruleset *rs, sqlite3 *db,
                                struct sb_err *err)
{
    const struct sb_embed_file *f;
    size_t plen = strlen(RULE_PREFIX);
    size_t n;
    char *text;
    int rc;

    for (f = sb_embed_files; f->name; f++) {
        n = strlen(f->name);
        if (strncmp(f->name, RULE_PREFIX, plen) != 0 || n < 4 ||
            strcmp(f->name + n - 4, ".sql") != 0)
            continue;
        text = sb_strndup(f->data, f->len);
        if (!text)
            return sb_err_set(err, SB_E_NOMEM, "cannot load rule '%s': out of "
                              "memory", f->name);
        rc = ruleset_add(rs, db, text, f->name, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the whole of 'path' (a rule file) into a new string. */
static char *file_read(const char *path, char *msg, size_t msgsz)
{
    struct sb_buf b = SB_BUF_INIT(RULE_FILE_MAX);
    FILE *fp = fopen(path, "rb");
    char chunk[8192];
    size_t n;

    if (!fp) {
        snprintf(msg, msgsz, "cannot open: %s", strerror(errno));
        return NULL;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
        if (sb_buf_add(&b, chunk, n) < 0) {
            snprintf(msg, msgsz, "larger than %d bytes", RULE_FILE_MAX);
            goto fail;
        }
    }
    if (ferror(fp)) {
        snprintf(msg, msgsz, "cannot read: %s", strerror(errno));
        goto fail;
    }
    fclose(fp);
    if (sb_buf_addc(&b, '\n') < 0) {
        snprintf(msg, msgsz, "out of memory");
        sb_buf_release(&b);
        return NULL;
    }
    return sb_buf_detach(&b, NULL);
fail:
    fclose(fp);
    sb_buf_release(&b);
    return NULL;
}

/* A rule file in a --rules folder: NAME.sql, not hidden. */
bool sb_rules_file_name(const char *name)
{
    size_t n = strlen(name);

    return n >= 5 && strcmp(name + n - 4, ".sql") == 0 && name[0] != '.';
}

/* Adds every *.sql in 'dir', in name order. */
static int ruleset_add_dir(struct ruleset *rs, sqlite3 *db, const char *dir,
                           struct sb_err *err)
{
    char **names = NULL;
    size_t names_alloc = 0;
    struct sb_buf path = SB_BUF_INIT(4096);
    DIR *d = opendir(dir);
    struct dirent *de;
    char msg[256];
    size_t i, count = 0;
    int rc = 0;

    if (!d)
        return sb_err_set(err, SB_E_IO, "cannot open rules folder '%s': %s",
                          dir, strerror(errno));
    while ((de = readdir(d)) != NULL) {
        char *name;
        if (!sb_rules_file_name(de->d_name))
            continue;
        name = sb_strdup(de->d_name);
        rc = name ? SB_ARRAY_GROW(names, count + 1, names_alloc, RULES_MAX)
                  : SB_E_NOMEM;
        if (rc) {
            sb_free(name);
            rc = rc == SB_E_TOOBIG
                ? sb_err_set(err, rc, "cannot list rules folder '%s': more "
                             "than %d rules", dir, RULES_MAX)
                : sb_err_set(err, rc, "cannot list rules folder '%s': out of "
                             "memory", dir);
            goto cleanup;
        }
        names[count++] = name;
    }
    if (count)
        qsort(names, count, sizeof(char *), name_cmp);
    for (i = 0; i < count; i++) {
        char *text;
        sb_buf_reset(&path);
        if (sb_buf_addf(&path, "%s/%s", dir, names[i]) < 0) {
            sb_rules_report_broken(db, names[i], 0, "path too long");
            continue;
        }
        text = file_read(sb_buf_str(&path), msg, sizeof(msg));
        if (!text) {
            sb_rules_report_broken(db, sb_buf_str(&path), 0, msg);
            continue;
        }
        rc = ruleset_add(rs, db, text, sb_buf_str(&path), err);
        if (rc < 0)
            goto cleanup;
    }
cleanup:
    closedir(d);
    for (i = 0; i < count; i++)
        sb_free(names[i]);
    sb_free(names);
    sb_buf_release(&path);
    return rc;
}

static int rule_cmp(const void *a, const void *b)
{
    return strcmp(((const struct sb_rule *)a)->id,
                  ((const struct sb_rule *)b)->id);
}

static int ruleset_load(struct ruleset *rs, sqlite3 *db, const char *dir,
                        struct sb_err *err)
{
    int rc = ruleset_add_embedded(rs, db, err);

    if (rc == 0 && dir && *dir)
        rc = ruleset_add_dir(rs, db, dir, err);
    if (rc == 0 && sb_rules_count(rs))
        qsort(rs->v, sb_rules_count(rs), sizeof(struct sb_rule),
              rule_cmp);
    return rc;
}

/* ---- the engine's SQL files ------------------------------------------- */

/* 's' past blanks, semicolons and comments: where the next statement
 * begins, or its end when only those are left. */
const char *sb_rules_skip_blank(const char *s)
{
    while (*s) {
        if (isspace((unsigned char)*s) || *s == ';') {
            s++;
        } else if (s[0] == '-' && s[1] == '-') {
            const char *eol = strchr(s, '\n');
            if (!eol)
                return s + strlen(s);
            s = eol;
        } else if (s[0] == '/' && s[1] == '*') {
            const char *end = strstr(s + 2, "*/");
            if (!end)
                return s + strlen(s);
            s = end + 2;
        } else {
            break;
        }
    }
    return s;
}

/* Runs a script statement by statement; with SBUNDLE_DEBUG, each one that
 * takes 20 ms or more is named by its first words (past the comments
 * that say what it is for, up to 60 characters of its first line), so a
 * slow step of the timeline or the correlation shows which query it is. */
static int exec_sql(sqlite3 *db, const char *sql, const char *what,
                    struct sb_err *err)
{
    const char *next = sql;
    sqlite3_stmt *st = NULL;
    int rc = 0;

    while (rc == 0 && *next) {
        const char *head = next;
        long long t0 = sb_time_mono_ms(), ms;

        if (sqlite3_prepare_v2(db, head, -1, &st, &next) != SQLITE_OK)
            goto fail;
        if (!st)            /* trailing blanks or comments */
            break;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_DONE)
            goto fail;
        rc = 0;
        sqlite3_finalize(st);
        st = NULL;
        if ((ms = sb_time_mono_ms() - t0) >= 20) {
            int n;

            head = sb_rules_skip_blank(head);
            n = (int)strcspn(head, "\n");
            sb_debug("%s: %lld ms: %.*s", what, ms, n < 60 ? n : 60, head);
        }
    }
    return 0;
fail:
    sb_err_set(err, SB_E_DB, "rules: cannot %s: %s", what, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return SB_E_DB;
}

/* The text of the engine's SQL file 'name' (SQL_SETUP...), or NULL with
 * 'err' set when this build lacks it. */
const char *sb_rules_engine_sql(const char *name, struct sb_err *err)
{
    const struct sb_embed_file *f = sb_embed_find(name);

    if (!f)
        sb_err_set(err, SB_E_INTERNAL, "rules: '%s' is not compiled in",
                   name);
    return f ? f->data : NULL;
}

/* exec_sql on the engine's SQL file 'name'. */
int sb_rules_exec_file(sqlite3 *db, const char *name, const char *what,
                       struct sb_err *err)
{
    const char *sql = sb_rules_engine_sql(name, err);

    return sql ? exec_sql(db, sql, what, err) : err->code;
}

/* xid_meaning(code) and xid_action(code): NVIDIA's catalog for rules */
static void fn_xid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *(*lookup)(int) = (const char *(*)(int))sqlite3_user_data(ctx);
    const char *s;

    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    s = lookup(sqlite3_value_int(argv[0]));
    if (s)
        sqlite3_result_text(ctx, s, -1, SQLITE_STATIC);
}

int sb_rules_functions_register(sqlite3 *db, struct sb_err *err)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    int rc = sb_sqlre_register(db, err);

    if (rc < 0)
        return rc;
    if (sqlite3_create_function(db, "xid_meaning", 1, flags,
                                (void *)sb_xid_meaning, fn_xid, NULL, NULL)
        != SQLITE_OK ||
        sqlite3_create_function(db, "xid_action", 1, flags,
                                (void *)sb_xid_action, fn_xid, NULL, NULL)
        != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "cannot register xid functions: %s",
                          sqlite3_errmsg(db));
    if ((rc = sb_sig_register_sql(db, err)) < 0 ||
        (rc = sb_sighits_register(db, err)) < 0 ||
        (rc = sb_rules_tl_register(db, err)) < 0)
        return rc;
    return sb_xid_register_sql(db, err);
}

/* Announces the patterns rule text 'sql' searches the log lines for:
 * its log_grep calls and its sig_hits calls. */
static int announce_rule(struct sb_loggrep *g, const char *sql,
                         struct sb_err *err)
{
    int rc = sb_loggrep_announce_sql(g, sql, err);

    return rc ? rc : sb_sighits_announce_sql(g, sql, err);
}

/* Announces the timeline's log_grep pattern, which the shared pass over
 * the log lines serves as it serves the rules'. */
static int announce_timeline(struct sb_loggrep *g, struct sb_err *err)
{
    const char *sql = sb_rules_engine_sql(SQL_TIMELINE_LOGS, err);

    return sql ? sb_loggrep_announce_sql(g, sql, err) : err->code;
}

/* The log_grep for this run ('g' when the caller prepared one, else a
 * fresh one: its results must not outlive the lines they were found in),
 * told every pattern the rules and the timeline use so that one pass over
 * the logs serves them all. Takes 'g'. */
static int grep_announce(sqlite3 *db, struct ruleset *rs,
                         struct sb_loggrep **gp, struct sb_err *err)
{
    struct sb_loggrep *g = *gp;
    size_t i;
    int rc;

    *gp = NULL;
    if (g) {
        if ((rc = sb_loggrep_attach(g, db, err)))
            return rc;
    } else if (!(g = sb_loggrep_register(db, err))) {
        return err->code;
    }
    *gp = g;            /* the connection owns it now */
    rc = announce_timeline(g, err);
    for (i = 0; rc == 0 && i < sb_rules_count(rs); i++)
        rc = announce_rule(g, sb_rules_at(rs, i)->text, err);
    return rc;
}

/* Announces the patterns of the rule files in 'dir' (their text only: a
 * broken header is reported when the rules run). */
static int grep_prepare_dir(struct sb_loggrep *g, const char *dir,
                            struct sb_err *err)
{
    struct sb_buf path = SB_BUF_INIT(4096);
    DIR *d = opendir(dir);
    struct dirent *de;
    char msg[256], *text;
    int rc = 0;

    if (!d)
        return 0;           /* the run says why */
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (!sb_rules_file_name(de->d_name))
            continue;
        sb_buf_reset(&path);
        if (sb_buf_addf(&path, "%s/%s", dir, de->d_name) < 0 ||
            !(text = file_read(sb_buf_str(&path), msg, sizeof(msg))))
            continue;
        rc = announce_rule(g, text, err);
        sb_free(text);
    }
    closedir(d);
    sb_buf_release(&path);
    return rc;
}

struct sb_loggrep *sb_rules_grep_prepare(const char *rules_dir,
                                         struct sb_err *err)
{
    struct sb_loggrep *g = sb_loggrep_new(err);
    const struct sb_embed_file *f;
    size_t plen = strlen(RULE_PREFIX);
    int rc;

    if (!g)
        return NULL;
    rc = announce_timeline(g, err);
    /* embedded files are NUL-terminated: announced in place */
    for (f = sb_embed_files; rc == 0 && f->name; f++)
        if (strncmp(f->name, RULE_PREFIX, plen) == 0)
            rc = announce_rule(g, f->data, err);
    if (rc == 0 && rules_dir && *rules_dir)
        rc = grep_prepare_dir(g, rules_dir, err);
    if (rc) {
        sb_loggrep_free(g);
        return NULL;
    }
    return g;
}

/* The rules' rows (sb_rules_store) become findings and evidence, less
 * those outside analyze's time window. */
static int findings_make(sqlite3 *db, struct sb_err *err)
{
    int rc = sb_rules_exec_file(db, SQL_FINDINGS,
                                "group rule rows into findings", err);

    if (rc == 0)
        rc = sb_rules_exec_file(db, SQL_WINDOW_FINDINGS,
                                "apply the time window", err);
    return rc;
}

/* The timeline: events, terminations, error log lines (a reader's, when
 * one took them: sb_rules_tl_build), kernel GPU lines and the findings in
 * time order (reports/timeline/), less what is outside the time window. */
static int timeline_build(sqlite3 *db, struct pool *p, struct sb_err *err)
{
    int rc = sb_rules_exec_file(db, SQL_TIMELINE, "build the timeline", err);
    long long t0 = sb_time_mono_ms();

    if (rc == 0)
        rc = sb_rules_tl_build(db, p, err);
    sb_debug("build the timeline: log lines: %lld ms",
             (long long)(sb_time_mono_ms() - t0));
    if (rc == 0)
        rc = sb_rules_exec_file(db, SQL_TIMELINE_REST, "build the timeline",
                                err);
    if (rc == 0)
        rc = sb_rules_exec_file(db, SQL_WINDOW_TIMELINE,
                                "apply the time window to the timeline", err);
    return rc;
}

int sb_rules_run(sqlite3 *db, const char *rules_dir, struct sb_err *err)
{
    return sb_rules_run_grep(db, rules_dir, NULL, err);
}

int sb_rules_run_grep(sqlite3 *db, const char *rules_dir,
                      struct sb_loggrep *g, struct sb_err *err)
{
    return sb_rules_run_par(db, NULL, 0, rules_dir, g, err);
}

int sb_rules_run_par(sqlite3 *db, sqlite3 *const *readers, int nreaders,
                     const char *rules_dir, struct sb_loggrep *g,
                     struct sb_err *err)
{
    struct ruleset rs = { 0 };
    struct pool pool;
    int64_t t0, t1;
    int rc;

    sb_rules_pool_init(&pool);
    rc = sb_rules_functions_register(db, err);
    if (rc == 0)
        rc = sb_rules_exec_file(db, SQL_SETUP, "prepare the findings tables",
                                err);
    if (rc < 0) {
        sb_loggrep_free(g);
        sb_rules_pool_release(&pool);
        return rc;
    }
    rc = ruleset_load(&rs, db, rules_dir, err);
    if (rc == 0)
        rc = grep_announce(db, &rs, &g, err);
    else
        sb_loggrep_free(g);
    t0 = sb_time_mono_ms();
    if (rc == 0)
        rc = sb_rules_collect(db, readers, nreaders, g, &rs, &pool, err);
    sb_debug("rules on %d connection%s: %lld ms", nreaders + 1,
             nreaders ? "s" : "", (long long)(sb_time_mono_ms() - t0));
    /* everything written from here on is one transaction: row by row in
     * autocommit, each row would be a commit */
    if (rc == 0 && (rc = exec_sql(db, "SAVEPOINT sb_rules", "begin", err))
        == 0) {
        t0 = sb_time_mono_ms();
        rc = sb_rules_store(db, &pool, err);
        if (rc == 0)
            rc = findings_make(db, err);
        if (rc == 0)
            rc = sb_rules_correlate(db, err);
        sb_debug("correlation: %lld ms", (long long)(sb_time_mono_ms() - t0));
        t1 = sb_time_mono_ms();
        if (rc == 0)
            rc = sb_incidents_build(db, err);
        sb_debug("incidents: %lld ms", (long long)(sb_time_mono_ms() - t1));
        t1 = sb_time_mono_ms();
        if (rc == 0)
            rc = sb_evctx_fill(db, err);
        sb_debug("evidence context: %lld ms",
                 (long long)(sb_time_mono_ms() - t1));
        sb_debug("rows, findings and correlation stored: %lld ms",
                 (long long)(sb_time_mono_ms() - t0));
        t0 = sb_time_mono_ms();
        if (rc == 0)
            rc = timeline_build(db, &pool, err);
        sb_debug("timeline: %lld ms", (long long)(sb_time_mono_ms() - t0));
        if (rc)
            sqlite3_exec(db, "ROLLBACK TO sb_rules", NULL, NULL, NULL);
        if (sqlite3_exec(db, "RELEASE sb_rules", NULL, NULL, NULL)
            != SQLITE_OK && rc == 0)
            rc = sb_err_set(err, SB_E_DB, "rules: cannot commit: %s",
                            sqlite3_errmsg(db));
    }
    sb_rules_pool_release(&pool);
    ruleset_release(&rs);
    return rc;
}

int sb_rules_list(const char *rules_dir, struct sb_buf *out,
                  struct sb_err *err)
{
    struct ruleset rs = { 0 };
    size_t i;
    int rc = ruleset_load(&rs, NULL, rules_dir, err);

    for (i = 0; rc == 0 && i < sb_rules_count(&rs); i++) {
        const struct sb_rule *r = sb_rules_at(&rs, i);
        if (sb_buf_addf(out, "%s\t%s\t%s\t%s\t%s\n", r->id, r->severity,
                        r->category ? r->category : "", r->title, r->file) < 0)
            rc = sb_err_set(err, SB_E_NOMEM, "cannot list rules: out of "
                            "memory");
    }
    ruleset_release(&rs);
    return rc;
}
