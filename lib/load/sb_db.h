#ifndef SB_DB_H
#define SB_DB_H
/*
 * The analysis database: an SQLite file (or a temporary one) opened for bulk
 * loading, with the schema compiled into the binary (schema/NNN_*.sql,
 * applied in order while PRAGMA user_version is below NNN).
 *
 * Loading favours speed over durability: the database is a cache of the
 * bundle, rebuilt from it at will, so journal_mode=OFF and synchronous=OFF
 * are safe; a crash mid-load leaves a file to delete, never a wrong bundle.
 *
 * Prepared statements are cached by their SQL text: sb_db_stmt() hands out
 * the same statement for the same text, reset and with bindings cleared.
 */
#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "sb_err.h"

struct sb_db;

/* Opens or creates 'path' (":memory:" works too), sets the bulk pragmas and
 * brings the schema up to date. Returns 0 and sets *out (caller frees with
 * sb_db_close), or a negative code with 'err' naming the file: "cannot open
 * database 'x': unable to open database file", "database 'x' has schema
 * version 7, newer than this analyze (2)". */
int sb_db_open(const char *path, struct sb_db **out, struct sb_err *err);

/* sb_db_open, plus up to 'nreaders' read-only connections to the same
 * file for queries from other threads (the rules). "" is a temporary
 * database here too: a file in $TMPDIR, unlinked once every connection
 * has it open, so nothing is left behind even by a crash. */
int sb_db_open_shared(const char *path, int nreaders, struct sb_db **out,
                      struct sb_err *err);

/* The readers sb_db_open_shared could open (maybe fewer than asked, maybe
 * none) in '*out'; lent until sb_db_close. */
int sb_db_readers(struct sb_db *db, sqlite3 ***out);

/* Lets the readers in after the load: writes the log blocks' side file
 * out (sb_logstore_flush) and gives back the exclusive lock the writer
 * keeps while loading. Writes after this wait (busy timeout) while a
 * reader is in a query. */
int sb_db_share(struct sb_db *db, struct sb_err *err);

/* Finalizes every cached statement and closes the file and its readers.
 * NULL is fine. */
void sb_db_close(struct sb_db *db);

/* The SQLite handle, lent until sb_db_close. */
sqlite3 *sb_db_handle(struct sb_db *db);

/* The side file a temporary database ("") keeps its
 * log blocks' bytes in (sb_logblocks.h), lent until sb_db_close; NULL for
 * any other database (blocks keep their bytes in their rows). */
struct sb_logstore;
struct sb_logstore *sb_db_logstore(struct sb_db *db);

/* What the loads through this handle brought that sb_load_finish tidies
 * up: the statements that look for it over every object are skipped when
 * no load brought any. Kept with the handle, not in the file: the process
 * that loads a bundle finishes it. */
enum sb_db_loaded_flags {
    SB_DB_YAML_OBJECTS = 1 << 0,    /* objects of a member '%.yaml' (LIKE) */
    SB_DB_EVENTS_K8S_IO = 1 << 1,   /* Events of apiVersion LIKE
                                       'events.k8s.io/%' */
};

/* Adds 'flags' to what the handle's loads brought. */
void sb_db_set_loaded(struct sb_db *db, unsigned flags);

/* The flags set so far (0 on a new handle). */
unsigned sb_db_loaded(const struct sb_db *db);

/* Runs one or more statements without results. */
int sb_db_exec(struct sb_db *db, const char *sql, struct sb_err *err);

/* The cached statement for 'sql', reset with its bindings cleared, or NULL
 * with 'err' set ("cannot prepare '...': no such table: x"). Lent until
 * sb_db_close. */
sqlite3_stmt *sb_db_stmt(struct sb_db *db, const char *sql,
                         struct sb_err *err);

/* Steps 'st' to completion (rows are ignored) and resets it. Returns 0 or
 * SB_E_DB with the SQLite message. */
int sb_db_run(struct sb_db *db, sqlite3_stmt *st, struct sb_err *err);

/* Transactions; begin nests by counting, so a loader may wrap its work
 * without knowing whether its caller already did. */
int sb_db_begin(struct sb_db *db, struct sb_err *err);
int sb_db_commit(struct sb_db *db, struct sb_err *err);

/* Undoes the open transaction, however deep the nesting; nothing to undo
 * is not an error. */
int sb_db_rollback(struct sb_db *db, struct sb_err *err);

/* Binds text, or NULL when 's' is NULL; 'len' < 0 means NUL-terminated.
 * SQLITE_TRANSIENT is not needed: every caller steps before the bytes
 * change, so SQLITE_STATIC keeps bulk loading free of copies. */
void sb_db_bind_text(sqlite3_stmt *st, int i, const char *s, int len);

/* The schema version this binary creates (the highest NNN embedded). */
int sb_db_schema_version(void);

#endif
