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

/* Test hook: after 'n' more successful allocations, every one fails.
 * A negative 'n' turns the hook off. Returns the number made since the
 * last call, so a test can loop n = 0 .. count. */
long sb_alloc_fail_after(long n);

#endif
