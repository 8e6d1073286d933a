#ifndef SB_HASHER_H
#define SB_HASHER_H
/*
 * SHA-256 of a sequence of byte streams, computed by a thread of its own.
 *
 * Hashing every member of a bundle is a tenth of the load's time on the
 * loader's thread; the digests are needed only when the manifest is
 * checked, after the last member. The loader feeds each member's bytes
 * (copied into a ring of 256 KiB slots, so the caller's buffer is free at
 * once), ends the stream with a ticket, and asks for the digest of each
 * ticket later. Streams are hashed in the order they were fed.
 */
#include <stddef.h>
#include <stdint.h>

struct sb_hasher;

/* Starts the thread. NULL with errno set when out of memory or no thread. */
struct sb_hasher *sb_hasher_new(void);

/* Adds 'n' bytes to the current stream (may wait while the ring is full). */
void sb_hasher_feed(struct sb_hasher *h, const void *p, size_t n);

/* Drops what the current stream has had: the next byte starts a new one. */
void sb_hasher_reset(struct sb_hasher *h);

/* Ends the current stream; its digest will be under the returned ticket
 * (0, 1, 2... in order). The next byte starts a new stream. */
int64_t sb_hasher_finish(struct sb_hasher *h);

/* The digest of 'ticket', its 32 bytes into 'sha', waiting for the thread
 * to get there. Returns 0, or -1 when it could not be computed (out of
 * memory) or the ticket was never given ('sha' untouched then). */
int sb_hasher_digest(struct sb_hasher *h, int64_t ticket,
                     unsigned char sha[32]);

/* sb_hasher_digest's digest as 64 lowercase hex digits and a NUL ("" on
 * failure). */
int sb_hasher_result(struct sb_hasher *h, int64_t ticket, char hex[65]);

/* 'sha' as 64 lowercase hex digits and a NUL. */
void sb_hasher_hex(const unsigned char sha[32], char hex[65]);

/* Stops the thread (what is not hashed yet is dropped). NULL is fine. */
void sb_hasher_free(struct sb_hasher *h);

#endif
