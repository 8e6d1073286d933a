#ifndef SB_FILECHECK_H
#define SB_FILECHECK_H
/*
 * The 'files' table of one bundle, kept in memory while its members are
 * read and checked against the manifest's list once the walk is over, so
 * that every row is written once, with its final values (sb_load).
 *
 * It gives the rows and the problems exactly as the SQL it replaces did
 * (one INSERT OR REPLACE a member, an UPDATE a digest, joins against a
 * temporary table of the manifest's list): a path read twice keeps the
 * later member, at the later member's place, with the digest of the last
 * member of that path that has one; a path listed twice keeps the later
 * entry; rows absent from the bundle follow the members in path order;
 * the problems come in path order (bytes compared as unsigned, as SQLite
 * compares text). Not a public interface: sb_load's alone.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sb_buf.h"
#include "sb_err.h"

enum sb_fc_status {
    SB_FC_OK, SB_FC_SKIPPED, SB_FC_PARTIAL, SB_FC_ERROR,
    SB_FC_MISMATCH, SB_FC_MISSING, SB_FC_UNLISTED
};

/* no string: an offset into the check's strings */
#define SB_FC_NONE ((size_t)-1)

struct sb_fc_member {
    size_t path, error;         /* offsets into strs; error may be NONE */
    uint64_t size;
    int64_t ticket;             /* the hasher's, -1 for none */
    unsigned char sha[32];      /* valid when has_sha */
    bool has_sha;
    bool replaced;              /* a later member has the same path */
    unsigned char status;       /* enum sb_fc_status */
    size_t listed;              /* manifest entry, SB_FC_NONE if none */
};

struct sb_fc_listed {
    size_t path, sha;           /* offsets; sha may be NONE */
    int64_t size;
    bool has_size;
};

/* A problem to report: a row whose status is mismatch, missing or
 * unlisted, in path order. */
struct sb_fc_problem {
    size_t path;                /* offset */
    size_t listed;              /* missing: its entry, else SB_FC_NONE */
    unsigned char status;
};

struct sb_filecheck {
    struct sb_buf strs;         /* NUL-terminated strings, back to back */
    struct sb_fc_member *members;
    size_t nmembers, members_alloc;
    struct sb_fc_listed *listed;
    size_t nlisted, listed_alloc;
    struct sb_fc_problem *problems;
    size_t nproblems, problems_alloc;
};

void sb_filecheck_init(struct sb_filecheck *fc);
void sb_filecheck_release(struct sb_filecheck *fc);

/* A member as it was read; 'status' one of OK, SKIPPED, PARTIAL, ERROR;
 * 'error' may be NULL. 0, SB_E_NOMEM or SB_E_TOOBIG (err says which). */
int sb_filecheck_member(struct sb_filecheck *fc, const char *path,
                        uint64_t size, enum sb_fc_status status,
                        const char *error, int64_t ticket,
                        struct sb_err *err);

/* A member's digest (64 hex digits) once the hasher has it. */
void sb_filecheck_digest(struct sb_filecheck *fc, size_t member,
                         const char *hex);

/* One entry of the manifest's list ('size' NULL when it has none,
 * 'sha256' NULL when it has none). Entries of every manifest read add
 * up; a path listed again replaces the entry. */
int sb_filecheck_listed(struct sb_filecheck *fc, const char *path,
                        const int64_t *size, const char *sha256,
                        struct sb_err *err);

/* Settles every row: duplicates, and with 'has_manifest' the check
 * (statuses, rows for what is missing, the problems). */
int sb_filecheck_resolve(struct sb_filecheck *fc, bool has_manifest,
                         struct sb_err *err);

/* Where the first "files" member of a manifest's top-level object lies
 * in its text 't' ('len' bytes): cutting *cut_len bytes at *cut_off
 * leaves the object without it (a comma with it), and its array's text
 * runs *list_len bytes from *list_off. False when the text is not simple
 * enough to be sure (not an object, a key before it with an escape, a
 * list that is not an array or nests deep): then parse it whole. Only
 * the structure is checked: the caller parses the rest and the items. */
bool sb_filecheck_find_list(const char *t, size_t len, size_t *cut_off,
                            size_t *cut_len, size_t *list_off,
                            size_t *list_len);

/* The next item of a list's text 't' ('[' to ']', 'len' bytes); *pos is
 * 1 at first. Returns 1 with its text at *off, *ilen bytes, 0 after the
 * last, -1 when the list is not an array of values as JSON spells it. */
int sb_filecheck_next_item(const char *t, size_t len, size_t *pos,
                           size_t *off, size_t *ilen);

/* Forgets the listed entries from 'n' on (a manifest whose list was
 * read in part, then parsed whole). */
void sb_filecheck_unlist(struct sb_filecheck *fc, size_t n);

/* The string at 'off', NULL for SB_FC_NONE. */
const char *sb_filecheck_str(const struct sb_filecheck *fc, size_t off);

/* The text the files table holds for a status. */
const char *sb_filecheck_status_name(enum sb_fc_status status);

#endif
