#include "sb_db.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_embed.h"
#include "sb_log.h"
#include "sb_logblocks.h"
#include "sb_tmp.h"

#define STMT_MAX 128
#define READERS_MAX 4

struct cached {
    const char *key;        /* the caller's text, usually a literal */
    char *sql;              /* our copy, to match on text too */
    sqlite3_stmt *st;
};

struct sb_db {
    sqlite3 *h;
    char *path;
    int depth;              /* sb_db_begin nesting */
    int n;
    struct cached stmts[STMT_MAX];
    sqlite3 *readers[READERS_MAX];  /* read-only, for other threads */
    int nreaders;
    struct sb_logstore *store;      /* a temporary database's log blocks'
                                       side file (sb_logblocks.h), NULL:
                                       blocks keep their bytes in rows */
    unsigned loaded;                /* enum sb_db_loaded_flags */
};

/* SQLite says "database or disk is full" for a full disk: the cause the
 * user can act on, and which disk, is worth saying. "" when it is not. */
static const char *full_note(const struct sb_db *db)
{
    if ((sqlite3_errcode(db->h) & 0xff) == SQLITE_FULL ||
        sqlite3_system_errno(db->h) == ENOSPC)
        return " (No space left on device)";
    return "";
}

/* Measured on the bench bundle (bench/README in docs/schema.md):
 * journal_mode=OFF beats WAL by ~15% for one writer, and the database is
 * disposable, so no journal. The cache is bounded so peak RSS stays well
 * under the 200 MB the loader promises. */
static const char *const bulk_pragmas =
    "PRAGMA journal_mode=OFF;"
    "PRAGMA synchronous=OFF;"
    "PRAGMA locking_mode=EXCLUSIVE;"
    "PRAGMA temp_store=FILE;"
    "PRAGMA cache_size=-16384;"
    "PRAGMA foreign_keys=OFF;";

/* The writer's cache, set again once the schema is in: set only before,
 * on a new file, it held about as many pages as 16 MB of the empty file's
 * 4 KiB pages, and kept that count when they became 16 KiB pages, so it
 * grew to 64 MB (measured with bench_load on the 15,000-pod scale bundle:
 * SQLite at most 74 MB, peak RSS 120 MB; set here, 28 and 73). */
static const char *const cache_pragma = "PRAGMA cache_size=-16384;";

/* Readers only query, each from its own thread; their caches are smaller
 * than the writer's so a few of them keep peak RSS in bounds. */
static const char *const reader_pragmas =
    "PRAGMA query_only=1;"
    "PRAGMA temp_store=FILE;"
    "PRAGMA cache_size=-4096;";

/* A new file gets 64 KiB pages (SQLite's largest): log lines are many
 * small rows, and the bench loaded ~10% faster with 16 KiB than with 4 KiB
 * (fewer b-tree splits). The load is one transaction bigger than the
 * cache, so every page is written once as the cache spills, a pwrite
 * each, and read back by the rules: on the 15,000-pod scale bundle 64 KiB
 * pages make 3,200 writes and 5,400 reads of 11,000 and 19,000, and
 * analyze 7% less CPU; the cache stays 16 MiB, fewer pages. */
static const char *const new_db_pragmas = "PRAGMA page_size=65536;";

static int schema_number(const char *name)
{
    /* "schema/NNN_x.sql" */
    const char *p = name + strlen("schema/");
    int v = 0;

    if (strncmp(name, "schema/", 7) != 0)
        return -1;
    if (strlen(name) < 12 || strcmp(name + strlen(name) - 4, ".sql") != 0)
        return -1;
    while (*p >= '0' && *p <= '9')
        v = v * 10 + (*p++ - '0');
    return *p == '_' ? v : -1;
}

int sb_db_schema_version(void)
{
    const struct sb_embed_file *f;
    int best = 0, v;

    for (f = sb_embed_files; f->name; f++) {
        v = schema_number(f->name);
        if (v > best)
            best = v;
    }
    return best;
}

static int user_version(struct sb_db *db, int *out, struct sb_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc;

    rc = sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL);
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_finalize(st);
    return sb_err_set(err, SB_E_DB, "cannot read the schema version of '%s': %s",
                      db->path, sqlite3_errmsg(db->h));
}

/* Applies each embedded schema file newer than the database, in name
 * order (the embed table is sorted), each in its own transaction. */
static int apply_schema(struct sb_db *db, struct sb_err *err)
{
    const struct sb_embed_file *f;
    char *msg = NULL;
    int have = 0, v, rc, top = sb_db_schema_version();

    rc = user_version(db, &have, err);
    if (rc)
        return rc;
    if (have == 0)
        sqlite3_exec(db->h, new_db_pragmas, NULL, NULL, NULL);
    if (have > top)
        return sb_err_set(err, SB_E_DB,
                          "database '%s' has schema version %d, newer than "
                          "this analyze (%d)", db->path, have, top);
    for (f = sb_embed_files; f->name; f++) {
        v = schema_number(f->name);
        if (v <= have)
            continue;
        if (sqlite3_exec(db->h, "BEGIN", NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(db->h, f->data, NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(db->h, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
            rc = sb_err_set(err, SB_E_DB, "cannot apply '%s' to '%s': %s%s",
                            f->name, db->path, msg ? msg : "unknown error",
                            full_note(db));
            sqlite3_free(msg);
            sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
    }
    return 0;
}

/* sb_db_open; 'temporary': the database is analyze's own, gone when it
 * ends, so its log text goes to a side file (without one it stays in
 * the rows: slower, the same lines). */
static int db_open(const char *path, bool temporary, struct sb_db **out,
                   struct sb_err *err)
{
    struct sb_err serr = SB_ERR_INIT;
    struct sb_db *db = NULL;
    char *msg = NULL;
    int rc;

    *out = NULL;
    db = sb_calloc(1, sizeof(*db));
    if (!db || !(db->path = sb_strdup(path))) {
        rc = sb_err_set(err, SB_E_NOMEM, "cannot open database '%s': out of "
                        "memory", path);
        goto cleanup;
    }
    if (temporary && sb_logstore_open(&db->store, &serr))
        sb_debug("log blocks stay in the database: %s", serr.msg);
    if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
                        SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        rc = sb_err_set(err, SB_E_DB, "cannot open database '%s': %s", path,
                        db->h ? sqlite3_errmsg(db->h) : "out of memory");
        goto cleanup;
    }
    sqlite3_extended_result_codes(db->h, 1);
    /* a temporary database keeps its log lines in blocks (the loader
     * converts it): every connection to it must know log_text's module */
    if (sb_logblocks_register_store(db->h, db->store) != SQLITE_OK) {
        rc = sb_err_set(err, SB_E_DB, "cannot set up database '%s': %s",
                        path, sqlite3_errmsg(db->h));
        goto cleanup;
    }
    if (sqlite3_exec(db->h, bulk_pragmas, NULL, NULL, &msg) != SQLITE_OK) {
        rc = sb_err_set(err, SB_E_DB, "cannot set up database '%s': %s", path,
                        msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        goto cleanup;
    }
    rc = apply_schema(db, err);
    if (rc)
        goto cleanup;
    if (sqlite3_exec(db->h, cache_pragma, NULL, NULL, &msg) != SQLITE_OK) {
        rc = sb_err_set(err, SB_E_DB, "cannot set up database '%s': %s", path,
                        msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        goto cleanup;
    }
    *out = db;
    db = NULL;
cleanup:
    sb_db_close(db);
    return rc;
}

int sb_db_open(const char *path, struct sb_db **out, struct sb_err *err)
{
    return db_open(path, !*path, out, err);
}

/* A new empty file for a temporary database, in $TMPDIR (else /tmp);
 * NULL when none can be made. Caller frees. */
static char *temp_db_path(void)
{
    struct sb_buf b = SB_BUF_INIT(4096);
    int fd;

    if (sb_buf_addf(&b, "%s/sbundle-XXXXXX", sb_tmpdir()) < 0)
        goto fail;
    fd = mkstemp(b.data);
    if (fd < 0)
        goto fail;
    close(fd);
    return b.data;
fail:
    sb_buf_release(&b);
    return NULL;
}

/* Opens up to 'n' read-only connections to the writer's file; fewer when
 * some cannot be opened (the rules then use fewer threads). */
static void readers_open(struct sb_db *db, int n)
{
    sqlite3 *h;

    while (db->nreaders < n && db->nreaders < READERS_MAX) {
        h = NULL;
        /* nothing is read yet: the writer holds the file until
         * sb_db_share */
        if (sqlite3_open_v2(db->path, &h, SQLITE_OPEN_READONLY |
                            SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
            sb_debug("cannot open a reader of '%s': %s", db->path,
                     h ? sqlite3_errmsg(h) : "out of memory");
            sqlite3_close(h);
            return;
        }
        if (sb_logblocks_register_store(h, db->store) != SQLITE_OK) {
            sb_debug("cannot set up a reader of '%s': %s", db->path,
                     sqlite3_errmsg(h));
            sqlite3_close(h);
            return;
        }
        sqlite3_busy_timeout(h, 10000);
        db->readers[db->nreaders++] = h;
    }
}

int sb_db_open_shared(const char *path, int nreaders, struct sb_db **out,
                      struct sb_err *err)
{
    char *tmp = NULL;
    int rc;

    /* SQLite's own temporary database ("") has no name to open a second
     * connection by: make a file, open every connection, then unlink it
     * at once, so it goes away with the process however that ends */
    if (nreaders > 0 && !*path && !(tmp = temp_db_path())) {
        sb_debug("no temporary file for a shared database: %s",
                 strerror(errno));
        nreaders = 0;
    }
    rc = db_open(tmp ? tmp : path, !*path, out, err);
    if (rc == 0 && nreaders > 0)
        readers_open(*out, nreaders);
    if (tmp) {
        unlink(tmp);
        sb_free(tmp);
    }
    return rc;
}

int sb_db_readers(struct sb_db *db, sqlite3 ***out)
{
    *out = db->readers;
    return db->nreaders;
}

int sb_db_share(struct sb_db *db, struct sb_err *err)
{
    int i, rc;

    /* the readers read the side file's bytes from the file alone */
    if ((rc = sb_logstore_flush(db->store, err)))
        return rc;
    if (db->nreaders == 0)
        return 0;
    sqlite3_busy_timeout(db->h, 10000);
    /* the load kept the file locked (locking_mode=EXCLUSIVE saves a lock
     * and a cache check per transaction); NORMAL gives the lock back the
     * next time the file is read */
    rc = sb_db_exec(db, "PRAGMA main.locking_mode=NORMAL;"
                    "SELECT count(*) FROM sqlite_schema;", err);
    if (rc)
        return rc;
    for (i = 0; i < db->nreaders; i++) {
        if (sqlite3_exec(db->readers[i], reader_pragmas, NULL, NULL, NULL)
            == SQLITE_OK)
            continue;
        sb_debug("a reader of '%s' left out: %s", db->path,
                 sqlite3_errmsg(db->readers[i]));
        sqlite3_close(db->readers[i]);
        db->readers[i--] = db->readers[--db->nreaders];
    }
    return 0;
}

void sb_db_close(struct sb_db *db)
{
    int i;

    if (!db)
        return;
    for (i = 0; i < db->nreaders; i++)
        sqlite3_close(db->readers[i]);
    for (i = 0; i < db->n; i++) {
        sqlite3_finalize(db->stmts[i].st);
        sb_free(db->stmts[i].sql);
    }
    if (db->h)
        sqlite3_close(db->h);
    /* after every connection that may read it */
    sb_logstore_free(db->store);
    sb_free(db->path);
    sb_free(db);
}

sqlite3 *sb_db_handle(struct sb_db *db)
{
    return db->h;
}

struct sb_logstore *sb_db_logstore(struct sb_db *db)
{
    return db->store;
}

void sb_db_set_loaded(struct sb_db *db, unsigned flags)
{
    db->loaded |= flags;
}

unsigned sb_db_loaded(const struct sb_db *db)
{
    return db->loaded;
}

int sb_db_exec(struct sb_db *db, const char *sql, struct sb_err *err)
{
    char *msg = NULL;
    int rc;

    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    rc = sb_err_set(err, SB_E_DB, "database '%s': %s%s", db->path,
                    msg ? msg : sqlite3_errmsg(db->h), full_note(db));
    sqlite3_free(msg);
    return rc;
}

sqlite3_stmt *sb_db_stmt(struct sb_db *db, const char *sql,
                         struct sb_err *err)
{
    struct cached *c;
    sqlite3_stmt *st = NULL;
    int i;

    /* the same literal comes back millions of times: compare pointers
     * first, text only as a fallback */
    for (i = 0; i < db->n; i++)
        if (db->stmts[i].key == sql)
            goto found;
    for (i = 0; i < db->n; i++)
        if (strcmp(db->stmts[i].sql, sql) == 0)
            goto found;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
                           NULL) != SQLITE_OK) {
        sb_err_set(err, SB_E_DB, "cannot prepare '%.60s': %s", sql,
                   sqlite3_errmsg(db->h));
        sqlite3_finalize(st);
        return NULL;
    }
    if (db->n == STMT_MAX) {
        /* a full cache is a bug in the caller (SQL built at run time):
         * the statement still works, it is simply not kept */
        sqlite3_finalize(st);
        sb_err_set(err, SB_E_INTERNAL, "statement cache of '%s' is full",
                   db->path);
        return NULL;
    }
    c = &db->stmts[db->n];
    c->sql = sb_strdup(sql);
    if (!c->sql) {
        sqlite3_finalize(st);
        sb_err_set(err, SB_E_NOMEM, "cannot cache a statement: out of memory");
        return NULL;
    }
    c->key = sql;
    c->st = st;
    i = db->n++;
found:
    st = db->stmts[i].st;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

int sb_db_run(struct sb_db *db, sqlite3_stmt *st, struct sb_err *err)
{
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return 0;
    }
    rc = sb_err_set(err, SB_E_DB, "database '%s': %s%s", db->path,
                    sqlite3_errmsg(db->h), full_note(db));
    sqlite3_reset(st);
    return rc;
}

int sb_db_begin(struct sb_db *db, struct sb_err *err)
{
    int rc = 0;

    if (db->depth == 0)
        rc = sb_db_exec(db, "BEGIN", err);
    if (rc == 0)
        db->depth++;
    return rc;
}

int sb_db_commit(struct sb_db *db, struct sb_err *err)
{
    if (db->depth == 0)
        return sb_err_set(err, SB_E_INTERNAL, "commit without begin");
    if (--db->depth > 0)
        return 0;
    return sb_db_exec(db, "COMMIT", err);
}

void sb_db_bind_text(sqlite3_stmt *st, int i, const char *s, int len)
{
    if (s)
        sqlite3_bind_text(st, i, s, len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

int sb_db_rollback(struct sb_db *db, struct sb_err *err)
{
    if (db->depth == 0)
        return 0;
    db->depth = 0;
    return sb_db_exec(db, "ROLLBACK", err);
}
