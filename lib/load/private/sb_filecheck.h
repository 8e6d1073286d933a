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

/* no string, no entry: an offset or index that is none. Offsets and
 * indexes are 32 bits (strings stop at 1 GiB, entries at 16 Mi): at
 * 372,000 members, 8-byte ones were a tenth of the check's memory. */
#define SB_FC_NONE UINT32_MAX

/* How an entry's digest is kept: most are 64 lowercase hex digits, kept
 * as their 32 bytes; anything else (upper case, not a digest) as its
 * text, for the files table shows it as the manifest spells it. */
enum sb_fc_sha { SB_FC_SHA_NONE, SB_FC_SHA_RAW, SB_FC_SHA_TEXT };

struct sb_fc_member {
    uint32_t path, error;       /* offsets into strs; error may be NONE */
    uint32_t listed;            /* manifest entry, SB_FC_NONE if none */
    int32_t ticket;             /* the hasher's, -1 for none */
    uint64_t size;
    unsigned char sha[32];      /* valid when has_sha */
    bool has_sha;
    bool replaced;              /* a later member has the same path */
    unsigned char status;       /* enum sb_fc_status */
};

struct sb_fc_listed {
    uint32_t path;              /* offset: a member's own when it has one */
    uint32_t sha_text;          /* offset, for SB_FC_SHA_TEXT */
    int64_t size;
    unsigned char sha[32];      /* for SB_FC_SHA_RAW */
    unsigned char sha_kind;     /* enum sb_fc_sha */
    bool has_size;
};

/* A problem to report: a row whose status is mismatch, missing or
 * unlisted, in path order. */
struct sb_fc_problem {
    uint32_t path;              /* offset */
    uint32_t listed;            /* missing: its entry, else SB_FC_NONE */
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
    /* members by path (open addressing, member index + 1, 0 free), so an
     * entry naming a member's path shares its bytes: built when an entry
     * is not the member next_guess names, freed by the check */
    uint32_t *by_path;
    size_t by_path_cap, by_path_n;  /* slots; members in it, in order */
    size_t next_guess;              /* the member after the last found */
};

void sb_filecheck_init(struct sb_filecheck *fc);
void sb_filecheck_release(struct sb_filecheck *fc);

/* A member as it was read; 'status' one of OK, SKIPPED, PARTIAL, ERROR;
 * 'error' may be NULL; 'ticket' below 0 for none. 0, SB_E_NOMEM or
 * SB_E_TOOBIG (err says which: a ticket past 2^31 is too big too). */
int sb_filecheck_member(struct sb_filecheck *fc, const char *path,
                        uint64_t size, enum sb_fc_status status,
                        const char *error, int64_t ticket,
                        struct sb_err *err);

/* A member's digest (its 32 bytes) once the hasher has it. */
void sb_filecheck_digest(struct sb_filecheck *fc, size_t member,
                         const unsigned char sha[32]);

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
const char *sb_filecheck_str(const struct sb_filecheck *fc, uint32_t off);

/* An entry's digest as the manifest spelled it, into 'buf' (65 bytes)
 * when it was kept as bytes; NULL when the entry has none. */
const char *sb_filecheck_listed_sha(const struct sb_filecheck *fc,
                                    const struct sb_fc_listed *l,
                                    char buf[65]);

/* The text the files table holds for a status. */
const char *sb_filecheck_status_name(enum sb_fc_status status);

#endif
