#ifndef SB_BUNDLE_H
#define SB_BUNDLE_H
/*
 * Reading a bundle, member by member, without extracting it: a .tar.gz
 * (or any archive libarchive reads) streamed, or an extracted folder.
 * Plain tar, compressed with gzip or not, is read by sb_tar, which hands
 * the archive to libarchive where it is not sure of the outcome: what
 * the walk gives is libarchive's, either way.
 *
 * Paths are given relative to the bundle's top folder ("manifest.json",
 * "resources/ml/pods.json"). The reader never writes a file. It refuses
 * what a hostile archive can use against its reader and reports it through
 * the warning callback, then goes on: entries with "..", absolute paths,
 * symlinks, hardlinks, devices; members over 'member_max'; a total past
 * 'total_max' or a compression ratio past 'ratio_max' (decompression bomb)
 * ends the walk with SB_E_TOOBIG. A truncated or corrupt archive ends the
 * walk with SB_E_FORMAT after every readable member was returned.
 */
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sb_buf.h"
#include "sb_err.h"

struct sb_bundle;

typedef void sb_bundle_warn_fn(void *ctx, const char *path, const char *msg);

struct sb_bundle_opts {
    uint64_t member_max;   /* bytes; 0 = default 512 MiB */
    const char *member_max_option; /* the option that sets member_max,
                                      named in messages; NULL = none */
    uint64_t total_max;    /* bytes uncompressed; 0 = default 64 GiB */
    double ratio_max;      /* uncompressed/compressed; 0 = default 1000 */
    bool skip_hash;        /* no SHA-256 of the members (a reader that
                              checks no manifest, like serve): the
                              sb_bundle_sha256* calls then fail */
    sb_bundle_warn_fn *warn; /* may be NULL */
    void *warn_ctx;
};

struct sb_member {
    const char *path;      /* relative to the top folder; lent until next */
    uint64_t size;         /* as the archive header says */
};

/* Opens 'path' (file or folder). Returns 0 and sets *out (caller frees with
 * sb_bundle_free), or a negative code with 'err' naming the file:
 * "cannot open 'x': No such file", "'x' is not a bundle: ...". */
int sb_bundle_open(const char *path, const struct sb_bundle_opts *opts,
                   struct sb_bundle **out, struct sb_err *err);

/* The same over an archive held in memory ('data' is lent and must outlive
 * the handle): fuzzing and tests. */
int sb_bundle_open_memory(const void *data, size_t len,
                          const struct sb_bundle_opts *opts,
                          struct sb_bundle **out, struct sb_err *err);

/* Advances to the next regular-file member. Returns 1 and fills 'm', 0 at
 * the end, or a negative code (truncated, corrupt, limit) with 'err' set;
 * after an error the walk is over. Unread data of the previous member is
 * skipped (and still hashed). */
int sb_bundle_next(struct sb_bundle *bn, struct sb_member *m,
                   struct sb_err *err);

/* Reads up to 'n' bytes of the current member. Returns the count, 0 at
 * the member's end, or a negative code. */
ssize_t sb_bundle_read(struct sb_bundle *bn, void *buf, size_t n,
                       struct sb_err *err);

/* Appends the rest of the current member to 'out' (bounded by out->max:
 * SB_E_TOOBIG leaves what fitted). */
int sb_bundle_read_all(struct sb_bundle *bn, struct sb_buf *out,
                       struct sb_err *err);

/* SHA-256 (lowercase hex) of the current member; reads the rest of it
 * first. 'hex' holds 65 bytes. */
int sb_bundle_sha256(struct sb_bundle *bn, char hex[65], struct sb_err *err);

/* The same in two steps, so that the hashing (a thread's) overlaps the
 * rest of the load: _ticket reads the rest of the member and names its
 * digest; _result gives it, its 32 bytes (not hex: a loader keeps one a
 * member), waiting if need be, any time before sb_bundle_free. */
int sb_bundle_sha256_ticket(struct sb_bundle *bn, int64_t *ticket,
                           struct sb_err *err);
int sb_bundle_sha256_result(struct sb_bundle *bn, int64_t ticket,
                           unsigned char sha[32], struct sb_err *err);

/* The top folder's name ("sbundle-mycluster-20261123T150405Z"), "" for a
 * folder bundle or an archive without one. Lent until sb_bundle_free. */
const char *sb_bundle_top(const struct sb_bundle *bn);

/* Bytes of compressed input read so far (for progress and ratio). */
uint64_t sb_bundle_bytes_in(const struct sb_bundle *bn);

void sb_bundle_free(struct sb_bundle *bn);  /* NULL is fine */

#endif
