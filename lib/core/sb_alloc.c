#include "sb_alloc.h"

#include <malloc.h>

#include <stdlib.h>
#include <string.h>

/* Not thread-safe by design: the hook is for single-threaded unit tests. */
static long fail_after = -1;
static long made;

static int should_fail(void)
{
    if (fail_after < 0)
        return 0;
    if (made >= fail_after)
        return 1;
    made++;
    return 0;
}

long sb_alloc_fail_after(long n)
{
    long was = made;

    fail_after = n;
    made = 0;
    return was;
}

void *sb_malloc(size_t n)
{
    return should_fail() ? NULL : malloc(n ? n : 1);
}

void *sb_calloc(size_t count, size_t n)
{
    return should_fail() ? NULL : calloc(count ? count : 1, n ? n : 1);
}

void *sb_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : realloc(p, n ? n : 1);
}

char *sb_strndup(const char *s, size_t n)
{
    char *d;

    if (!s)
        return NULL;
    d = sb_malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *sb_strdup(const char *s)
{
    return s ? sb_strndup(s, strlen(s)) : NULL;
}

void sb_free(void *p)
{
    free(p);
}

void sb_alloc_keep_freed(void)
{
#ifdef M_MMAP_THRESHOLD
    /* blocks up to 64 MiB come from the heap, and up to 256 MiB free at
     * its top stay mapped */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}
