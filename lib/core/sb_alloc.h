#ifndef SB_ALLOC_H
#define SB_ALLOC_H
/*
 * Allocation wrappers. Every allocation in lib/ goes through these so that
 * tests can make the Nth call fail (sb_alloc_fail_after) and check that each
 * error path is clean: curl's torture mode, SQLite's faultsim.
 */
#include <stddef.h>

void *sb_malloc(size_t n);
void *sb_calloc(size_t count, size_t n);
void *sb_realloc(void *p, size_t n);
char *sb_strdup(const char *s);            /* NULL in, NULL out */
char *sb_strndup(const char *s, size_t n);
void sb_free(void *p);

/* For a process that loads a bundle: memory freed between members (a
 * parsed JSON member's arena, megabytes) stays in the process for the
 * next one instead of going back to the kernel and faulting in again
 * (glibc hands big blocks back at once). Peak RSS is unchanged; the
 * bench's resource load is about 5% faster. Call before allocating. */
void sb_alloc_keep_freed(void);

/* Test hook: after 'n' more successful allocations, every one fails.
 * A negative 'n' turns the hook off. Returns the number made since the
 * last call, so a test can loop n = 0 .. count. */
long sb_alloc_fail_after(long n);

#endif
