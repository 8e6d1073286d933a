#include "sb_rules.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
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
#define RULE_ROWS_MAX 5000           /* rows kept per rule: a runaway join
                                        must not drown the report */
#define ROOT_CHAIN_MAX 64

/* The engine's own SQL, compiled in beside the rules: what runs before
 * the rules, what turns their rows into findings, the correlation and
 * the timeline. Each file says what its statements are for. */
#define SQL_SETUP               "reports/findings/setup.sql"
#define SQL_FINDINGS            "reports/findings/group.sql"
#define SQL_WINDOW_FINDINGS     "reports/findings/window.sql"
#define SQL_AFFECTED            "reports/correlation/affected.sql"
#define SQL_AFFECT_PAIRS        "reports/correlation/affect-pairs.sql"
#define SQL_CAUSE_PAIRS         "reports/correlation/cause-pairs.sql"
#define SQL_CAUSE_VIA_AFFECTED  "reports/correlation/cause-via-affected.sql"
#define SQL_LINKS_FINISH        "reports/correlation/links-finish.sql"
#define SQL_AFFECTED_FINISH     "reports/correlation/affected-finish.sql"
#define SQL_TIMELINE            "reports/timeline/timeline.sql"
#define SQL_WINDOW_TIMELINE     "reports/timeline/window.sql"

struct sb_rule {
    char *text;         /* whole file, owned */
    char *file;         /* "reports/rules/x.sql" or the path in --rules DIR */
    char *id, *title, *severity, *category, *remediation;  /* owned */
    int sql_line;       /* first line that is not a header comment */
};

struct ruleset {
    struct sb_buf v;    /* array of struct sb_rule */
};

static struct sb_rule *rules_at(struct ruleset *rs, size_t i)
{
    return (struct sb_rule *)(void *)rs->v.data + i;
}

static size_t rules_count(const struct ruleset *rs)
{
    return rs->v.len / sizeof(struct sb_rule);
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

    for (i = 0; i < rules_count(rs); i++)
        rule_release(rules_at(rs, i));
    sb_buf_release(&rs->v);
}

/* Reports a rule that cannot run: through the log sink and, when 'db' is
 * given, as a load_errors row so the report shows it too. */
static void report_broken(sqlite3 *db, const char *file, int line,
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
    int line;
    size_t i;

    memset(&r, 0, sizeof(r));
    r.text = text;
    r.file = sb_strdup(file);
    if (!r.file)
        goto nomem;
    if (header_parse(&r, msg, sizeof(msg), &line) < 0) {
        report_broken(db, file, line, msg);
        rule_release(&r);
        return 0;
    }
    for (i = 0; i < rules_count(rs); i++) {
        if (strcmp(rules_at(rs, i)->id, r.id) == 0) {
            sb_info("rule '%s' from '%s' overrides '%s'", r.id, file,
                    rules_at(rs, i)->file);
            rule_release(rules_at(rs, i));
            *rules_at(rs, i) = r;
            return 0;
        }
    }
    if (sb_buf_add(&rs->v, &r, sizeof(r)) < 0)
        goto nomem;
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

/* Adds every *.sql in 'dir', in name order. */
/* A rule file in a --rules folder: NAME.sql, not hidden. */
static bool rule_file_name(const char *name)
{
    size_t n = strlen(name);

    return n >= 5 && strcmp(name + n - 4, ".sql") == 0 && name[0] != '.';
}

static int ruleset_add_dir(struct ruleset *rs, sqlite3 *db, const char *dir,
                           struct sb_err *err)
{
    struct sb_buf names = SB_BUF_INIT(SB_BUF_UNLIMITED);
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
        if (!rule_file_name(de->d_name))
            continue;
        name = sb_strdup(de->d_name);
        if (!name || sb_buf_add(&names, &name, sizeof(name)) < 0) {
            sb_free(name);
            rc = sb_err_set(err, SB_E_NOMEM, "cannot list rules folder '%s': "
                            "out of memory", dir);
            goto cleanup;
        }
        count++;
    }
    if (count)
        qsort(names.data, count, sizeof(char *), name_cmp);
    for (i = 0; i < count; i++) {
        char *text;
        sb_buf_reset(&path);
        if (sb_buf_addf(&path, "%s/%s", dir, ((char **)(void *)names.data)[i])
            < 0) {
            report_broken(db, ((char **)(void *)names.data)[i], 0,
                          "path too long");
            continue;
        }
        text = file_read(sb_buf_str(&path), msg, sizeof(msg));
        if (!text) {
            report_broken(db, sb_buf_str(&path), 0, msg);
            continue;
        }
        rc = ruleset_add(rs, db, text, sb_buf_str(&path), err);
        if (rc < 0)
            goto cleanup;
    }
cleanup:
    closedir(d);
    for (i = 0; i < count; i++)
        sb_free(((char **)(void *)names.data)[i]);
    sb_buf_release(&names);
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
    if (rc == 0 && rules_count(rs))
        qsort(rs->v.data, rules_count(rs), sizeof(struct sb_rule), rule_cmp);
    return rc;
}

/* ---- running rules ------------------------------------------------------ */

/* 's' past blanks, semicolons and comments: where the next statement
 * begins, or its end when only those are left. */
static const char *skip_blank(const char *s)
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

static int only_comments(const char *s)
{
    return *skip_blank(s) == '\0';
}

/* Runs a script statement by statement; with SBUNDLE_DEBUG, each one that
 * takes 20 ms or more is named by its first words (past the comments
 * that say what it is for), so a slow step of the timeline or the
 * correlation shows which query it is. */
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
        if ((ms = sb_time_mono_ms() - t0) >= 20)
            sb_debug("%s: %lld ms: %.60s", what, ms, skip_blank(head));
    }
    return 0;
fail:
    sb_err_set(err, SB_E_DB, "rules: cannot %s: %s", what, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return SB_E_DB;
}

/* The text of the engine's SQL file 'name' (SQL_SETUP...), or NULL with
 * 'err' set when this build lacks it. */
static const char *engine_sql(const char *name, struct sb_err *err)
{
    const struct sb_embed_file *f = sb_embed_find(name);

    if (!f)
        sb_err_set(err, SB_E_INTERNAL, "rules: '%s' is not compiled in",
                   name);
    return f ? f->data : NULL;
}

/* exec_sql on the engine's SQL file 'name'. */
static int exec_file(sqlite3 *db, const char *name, const char *what,
                     struct sb_err *err)
{
    const char *sql = engine_sql(name, err);

    return sql ? exec_sql(db, sql, what, err) : err->code;
}

/* Result columns a rule may return, in sb_rule_rows order after 'rule'. */
static const char *const COLS[] = {
    "kind", "namespace", "name", "container", "node", "severity", "summary",
    "first_seen", "last_seen", "ev_source", "ev_time", "ev_text", "ev_file",
    "affects_kind", "affects_namespace", "affects_name",
    "cause_kind", "cause_namespace", "cause_name",
    /* a row's own remedy (a matched failure signature's) wins over the
     * rule header's */
    "remediation"
};
#define NCOLS ((int)(sizeof(COLS) / sizeof(COLS[0])))
enum { C_KIND, C_NS, C_NAME, C_CONTAINER, C_NODE, C_SEV, C_SUMMARY };

static int line_of(const char *text, int offset)
{
    int line = 1, i;

    for (i = 0; i < offset && text[i]; i++)
        if (text[i] == '\n')
            line++;
    return line;
}

static int functions_register(sqlite3 *db, struct sb_err *err);

/* What one rule gave, kept until every rule has run, so that rules can
 * run on several connections at once and still land in sb_rule_rows, and
 * their problems in the log and load_errors, in rule order. */
struct rule_out {
    struct sb_buf rows;     /* per row, NCOLS fields: [int32 len|-1][bytes] */
    int nrows;
    bool truncated;         /* more than RULE_ROWS_MAX rows */
    bool broken;            /* it could not run: */
    int line;               /* where (0: the file as a whole) */
    char msg[600];          /* and why */
    long long ms;
};

static void out_broken(struct rule_out *o, int line, const char *msg)
{
    o->broken = true;
    o->line = line;
    snprintf(o->msg, sizeof(o->msg), "%s", msg);
}

/* Records SQLite's current error on 'db' for rule 'r'. */
static void out_sql_error(struct rule_out *o, sqlite3 *db,
                          const struct sb_rule *r)
{
    int off = sqlite3_error_offset(db);

    out_broken(o, off >= 0 ? line_of(r->text, off) : r->sql_line,
               sqlite3_errmsg(db));
}

/* Text of column 'c' of the current row, NULL when absent or empty. */
static const char *col_text(sqlite3_stmt *st, const int *map, int c)
{
    const char *s;

    if (map[c] < 0 || sqlite3_column_type(st, map[c]) == SQLITE_NULL)
        return NULL;
    s = (const char *)sqlite3_column_text(st, map[c]);
    return s && *s ? s : NULL;
}

/* Appends the current row of 'st' to 'o'; the severity is kept only when
 * it is one of the three. Returns 0 or -1 when out of memory. */
static int out_row(struct rule_out *o, sqlite3_stmt *st, const int *map)
{
    int32_t len;
    int i;

    for (i = 0; i < NCOLS; i++) {
        const char *v = col_text(st, map, i);
        if (v && i == C_SEV && strcmp(v, "critical") != 0 &&
            strcmp(v, "warning") != 0 && strcmp(v, "info") != 0)
            v = NULL;
        len = v ? (int32_t)strlen(v) : -1;
        if (sb_buf_add(&o->rows, &len, sizeof(len)) < 0 ||
            (v && sb_buf_add(&o->rows, v, (size_t)len) < 0))
            return -1;
    }
    o->nrows++;
    return 0;
}

/* Runs rule 'r' on 'db' (any connection: nothing is written) into 'o'. A
 * rule error is recorded in 'o'; returns -1 only when out of memory. */
static int rule_collect(sqlite3 *db, const struct sb_rule *r,
                        struct rule_out *o)
{
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int map[NCOLS];
    int i, j, n, rc, ret = 0;

    if (sqlite3_prepare_v2(db, r->text, -1, &st, &tail) != SQLITE_OK) {
        out_sql_error(o, db, r);
        return 0;
    }
    if (!st) {
        out_broken(o, r->sql_line, "no SELECT statement");
        return 0;
    }
    if (tail && !only_comments(tail)) {
        out_broken(o, line_of(r->text, (int)(tail - r->text)),
                   "a rule holds one statement; text follows it");
        goto cleanup;
    }
    if (!sqlite3_stmt_readonly(st)) {
        out_broken(o, r->sql_line, "a rule must only read (one SELECT)");
        goto cleanup;
    }
    n = sqlite3_column_count(st);
    for (i = 0; i < NCOLS; i++) {
        map[i] = -1;
        for (j = 0; j < n; j++)
            if (sqlite3_stricmp(sqlite3_column_name(st, j), COLS[i]) == 0)
                map[i] = j;
    }
    if (map[C_KIND] < 0 || map[C_NAME] < 0 || map[C_SUMMARY] < 0) {
        out_broken(o, r->sql_line, "the result must have columns 'kind', "
                   "'name' and 'summary'");
        goto cleanup;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!col_text(st, map, C_KIND) || !col_text(st, map, C_NAME) ||
            !col_text(st, map, C_SUMMARY))
            continue;  /* a row without a subject cannot be a finding */
        if (o->nrows >= RULE_ROWS_MAX) {
            o->truncated = true;
            break;
        }
        if (out_row(o, st, map) < 0) {
            ret = -1;
            goto cleanup;
        }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        out_sql_error(o, db, r);
cleanup:
    sqlite3_finalize(st);
    return ret;
}

/* Binds the next row of 'ncols' fields at '*p' to 'st' from parameter
 * 'first' on; moves '*p' past it. */
static void bind_row(sqlite3_stmt *st, int first, int ncols, const char **p)
{
    int32_t len;
    int i;

    for (i = 0; i < ncols; i++) {
        memcpy(&len, *p, sizeof(len));
        *p += sizeof(len);
        if (len < 0) {
            sqlite3_bind_null(st, first + i);
            continue;
        }
        sqlite3_bind_text(st, first + i, *p, len, SQLITE_STATIC);
        *p += len;
    }
}

/* Stores what rule 'r' gave: its problems reported, its rows copied into
 * sb_rule_rows through 'ins'. Returns 0 or SB_E_DB. */
static int rule_store(sqlite3 *db, const struct sb_rule *r,
                      const struct rule_out *o, sqlite3_stmt *ins,
                      struct sb_err *err)
{
    const char *p = o->rows.data, *end = p + o->rows.len;

    if (o->truncated)
        sb_warn("rule '%s': more than %d rows, the rest dropped", r->id,
                RULE_ROWS_MAX);
    if (o->broken)
        report_broken(db, r->file, o->line, o->msg);
    while (p < end) {
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, r->id, -1, SQLITE_STATIC);
        bind_row(ins, 2, NCOLS, &p);
        if (sqlite3_step(ins) != SQLITE_DONE)
            return sb_err_set(err, SB_E_DB, "rules: cannot store a row of "
                              "'%s': %s", r->id, sqlite3_errmsg(db));
    }
    return 0;
}

static int meta_store(sqlite3 *db, const struct sb_rule *r,
                      struct sb_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;

    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO temp.sb_rule_meta "
                           "VALUES (?,?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->severity, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, r->remediation, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, r->file, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    goto cleanup;
fail:
    rc = sb_err_set(err, SB_E_DB, "rules: cannot record rule '%s': %s",
                    r->id, sqlite3_errmsg(db));
cleanup:
    sqlite3_finalize(st);
    return rc;
}

/* ---- running the rules on several connections ------------------------------ */

/* Rules are handed out in order, one at a time, to whichever connection
 * is free: the writer's, on this thread, and each reader's, on a thread
 * of its own. Nothing is written until all are done.
 *
 * The timeline is not a job: its parts are INSERT ... SELECT on the
 * writer, and fetching their rows on a reader to insert them one by one
 * (90,000 on the bench bundle) cost more than it saved. */
struct pool {
    struct ruleset *rs;
    size_t njobs;           /* the rules */
    struct rule_out *out;   /* one per job */
    size_t next;            /* the next rule to hand out */
    bool nomem;
    pthread_mutex_t mu;
};

struct worker {
    struct pool *pool;
    sqlite3 *db;
    pthread_t thread;
    bool started;
};

static void pool_work(struct pool *p, sqlite3 *db)
{
    size_t i;

    for (;;) {
        long long t0;

        pthread_mutex_lock(&p->mu);
        i = p->nomem ? p->njobs : p->next++;
        pthread_mutex_unlock(&p->mu);
        if (i >= p->njobs)
            return;
        t0 = sb_time_mono_ms();
        if (rule_collect(db, rules_at(p->rs, i), &p->out[i]) < 0) {
            pthread_mutex_lock(&p->mu);
            p->nomem = true;
            pthread_mutex_unlock(&p->mu);
        }
        p->out[i].ms = sb_time_mono_ms() - t0;
    }
}

static void *worker_run(void *arg)
{
    struct worker *w = arg;

    pthread_setname_np(pthread_self(), "sb-rules");
    pool_work(w->pool, w->db);
    return NULL;
}

/* Readers get the SQL functions and the shared log_grep; one that cannot
 * is left out. */
static int reader_ready(sqlite3 *db, struct sb_loggrep *g)
{
    struct sb_err err = SB_ERR_INIT;

    if (functions_register(db, &err) < 0 || sb_loggrep_share(g, db, &err)) {
        sb_debug("rules: a reader left out: %s", err.msg);
        return -1;
    }
    return 0;
}

static void pool_init(struct pool *p)
{
    memset(p, 0, sizeof(*p));
    pthread_mutex_init(&p->mu, NULL);
}

static void pool_release(struct pool *p)
{
    size_t i;

    for (i = 0; p->out && i < p->njobs; i++)
        sb_buf_release(&p->out[i].rows);
    sb_free(p->out);
    p->out = NULL;
    pthread_mutex_destroy(&p->mu);
}

/* Runs every rule of 'rs' as a job of 'p' (pool_init) on 'db' and the
 * readers; their results are in p->out. Returns 0 or SB_E_NOMEM. */
static int rules_collect(sqlite3 *db, sqlite3 *const *readers, int nreaders,
                         struct sb_loggrep *g, struct ruleset *rs,
                         struct pool *p, struct sb_err *err)
{
    struct worker w[4];
    size_t i;
    int k;

    memset(w, 0, sizeof(w));
    p->rs = rs;
    p->njobs = rules_count(rs);
    p->out = sb_calloc(p->njobs, sizeof(*p->out));
    if (!p->out)
        return sb_err_set(err, SB_E_NOMEM, "rules: out of memory");
    for (i = 0; i < p->njobs; i++)
        p->out[i].rows = (struct sb_buf)SB_BUF_INIT(SB_BUF_UNLIMITED);
    for (k = 0; k < nreaders && k < (int)(sizeof(w) / sizeof(w[0])); k++) {
        w[k].pool = p;
        w[k].db = readers[k];
        if (reader_ready(readers[k], g) == 0)
            w[k].started = pthread_create(&w[k].thread, NULL, worker_run,
                                          &w[k]) == 0;
    }
    pool_work(p, db);
    for (k = 0; k < (int)(sizeof(w) / sizeof(w[0])); k++)
        if (w[k].started)
            pthread_join(w[k].thread, NULL);
    if (p->nomem)
        return sb_err_set(err, SB_E_NOMEM, "rules: out of memory");
    return 0;
}

/* Writes what the rules gave, in rule order, into sb_rule_rows. Returns 0
 * or SB_E_DB. */
static int rules_store(sqlite3 *db, const struct pool *p, struct sb_err *err)
{
    size_t i;
    sqlite3_stmt *ins = NULL;
    int rc = 0;

    if (sqlite3_prepare_v2(db, "INSERT INTO temp.sb_rule_rows(rule, kind, "
                           "namespace, name, container, node, severity, "
                           "summary, first_seen, last_seen, ev_source, ev_time,"
                           " ev_text, ev_file, affects_kind, affects_namespace,"
                           " affects_name, cause_kind, cause_namespace, "
                           "cause_name, remediation) VALUES (?,?,?,?,?,?,?,?,?,"
                           "?,?,?,?,?,?,?,?,?,?,?,?)", -1, &ins, NULL) != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "rules: cannot prepare: %s",
                          sqlite3_errmsg(db));
    for (i = 0; rc == 0 && i < p->njobs; i++) {
        const struct sb_rule *r = rules_at(p->rs, i);

        sb_debug("rule %s: %lld ms", r->id, p->out[i].ms);
        rc = meta_store(db, r, err);
        if (rc == 0)
            rc = rule_store(db, r, &p->out[i], ins, err);
    }
    sqlite3_finalize(ins);
    return rc;
}

/* ---- findings from rows --------------------------------------------------- */



/* ---- correlation ------------------------------------------------------------ */





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
            !rule_file_name(f->name + strlen(LINK_PREFIX)))
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


static int correlate(sqlite3 *db, struct sb_err *err)
{
    struct linker k = { NULL, NULL, NULL };
    const char *affect_pairs = engine_sql(SQL_AFFECT_PAIRS, err);
    const char *cause_pairs = engine_sql(SQL_CAUSE_PAIRS, err);
    const char *via_affected = engine_sql(SQL_CAUSE_VIA_AFFECTED, err);
    int rc;

    if (!affect_pairs || !cause_pairs || !via_affected)
        return err->code;
    rc = exec_file(db, SQL_AFFECTED, "record affected subjects", err);
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
    rc = exec_file(db, SQL_LINKS_FINISH, "finish the links", err);
    if (rc == 0)
        rc = exec_file(db, SQL_AFFECTED_FINISH, "finish affected subjects",
                       err);
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

static int functions_register(sqlite3 *db, struct sb_err *err)
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
        (rc = sb_sighits_register(db, err)) < 0)
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
    const char *sql = engine_sql(SQL_TIMELINE, err);

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
    for (i = 0; rc == 0 && i < rules_count(rs); i++)
        rc = announce_rule(g, rules_at(rs, i)->text, err);
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
        if (!rule_file_name(de->d_name))
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
    struct ruleset rs = { SB_BUF_INIT(SB_BUF_UNLIMITED) };
    struct pool pool;
    int64_t t0, t1;
    int rc;

    pool_init(&pool);
    rc = functions_register(db, err);
    if (rc == 0)
        rc = exec_file(db, SQL_SETUP, "prepare the findings tables", err);
    if (rc < 0) {
        sb_loggrep_free(g);
        pool_release(&pool);
        return rc;
    }
    rc = ruleset_load(&rs, db, rules_dir, err);
    if (rc == 0)
        rc = grep_announce(db, &rs, &g, err);
    else
        sb_loggrep_free(g);
    t0 = sb_time_mono_ms();
    if (rc == 0)
        rc = rules_collect(db, readers, nreaders, g, &rs, &pool, err);
    sb_debug("rules on %d connection%s: %lld ms", nreaders + 1,
             nreaders ? "s" : "", (long long)(sb_time_mono_ms() - t0));
    /* everything written from here on is one transaction: row by row in
     * autocommit, each row would be a commit */
    if (rc == 0 && (rc = exec_sql(db, "SAVEPOINT sb_rules", "begin", err))
        == 0) {
        t0 = sb_time_mono_ms();
        rc = rules_store(db, &pool, err);
        if (rc == 0)
            rc = exec_file(db, SQL_FINDINGS, "group rule rows into findings",
                          err);
        if (rc == 0)
            rc = exec_file(db, SQL_WINDOW_FINDINGS, "apply the time window",
                          err);
        if (rc == 0)
            rc = correlate(db, err);
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
            rc = exec_file(db, SQL_TIMELINE, "build the timeline", err);
        if (rc == 0)
            rc = exec_file(db, SQL_WINDOW_TIMELINE, "apply the time window "
                          "to the timeline", err);
        sb_debug("timeline: %lld ms", (long long)(sb_time_mono_ms() - t0));
        if (rc)
            sqlite3_exec(db, "ROLLBACK TO sb_rules", NULL, NULL, NULL);
        if (sqlite3_exec(db, "RELEASE sb_rules", NULL, NULL, NULL)
            != SQLITE_OK && rc == 0)
            rc = sb_err_set(err, SB_E_DB, "rules: cannot commit: %s",
                            sqlite3_errmsg(db));
    }
    pool_release(&pool);
    ruleset_release(&rs);
    return rc;
}

int sb_rules_list(const char *rules_dir, struct sb_buf *out,
                  struct sb_err *err)
{
    struct ruleset rs = { SB_BUF_INIT(SB_BUF_UNLIMITED) };
    size_t i;
    int rc = ruleset_load(&rs, NULL, rules_dir, err);

    for (i = 0; rc == 0 && i < rules_count(&rs); i++) {
        const struct sb_rule *r = rules_at(&rs, i);
        if (sb_buf_addf(out, "%s\t%s\t%s\t%s\t%s\n", r->id, r->severity,
                        r->category ? r->category : "", r->title, r->file) < 0)
            rc = sb_err_set(err, SB_E_NOMEM, "cannot list rules: out of "
                            "memory");
    }
    ruleset_release(&rs);
    return rc;
}
