/*
 * sb_hasher: digests made in a thread must equal OpenSSL's one-shot
 * SHA-256 of each stream, whatever the sizes (empty, around a slot, larger
 * than the whole ring), resets and the order results are asked in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "sb_hasher.h"

#define SLOT (256 * 1024)

static void expect_hex(const unsigned char *p, size_t n, char hex[65])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    int i;

    SHA256(p, n, md);
    for (i = 0; i < SHA256_DIGEST_LENGTH; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

static unsigned char *bytes(size_t n, unsigned seed)
{
    unsigned char *p = malloc(n ? n : 1);
    size_t i;

    assert_non_null(p);
    srand(seed);
    for (i = 0; i < n; i++)
        p[i] = (unsigned char)rand();
    return p;
}

static void test_streams_of_every_size(void **state)
{
    static const size_t sizes[] = { 0, 1, 100, SLOT - 1, SLOT, SLOT + 1,
                                    3 * SLOT + 17, 5 * 1024 * 1024 + 3 };
    const size_t n = sizeof(sizes) / sizeof(sizes[0]);
    struct sb_hasher *h = sb_hasher_new();
    int64_t tickets[sizeof(sizes) / sizeof(sizes[0])];
    char got[65], want[65];
    size_t i, off;

    (void)state;
    assert_non_null(h);
    for (i = 0; i < n; i++) {
        unsigned char *p = bytes(sizes[i], (unsigned)i);

        /* fed in uneven pieces */
        for (off = 0; off < sizes[i];) {
            size_t k = 1 + (size_t)rand() % 70000;
            if (k > sizes[i] - off)
                k = sizes[i] - off;
            sb_hasher_feed(h, p + off, k);
            off += k;
        }
        tickets[i] = sb_hasher_finish(h);
        assert_int_equal(tickets[i], (int64_t)i);
        free(p);
    }
    /* asked last first: each waits for its own */
    for (i = n; i-- > 0;) {
        unsigned char *p = bytes(sizes[i], (unsigned)i);

        expect_hex(p, sizes[i], want);
        assert_int_equal(sb_hasher_result(h, tickets[i], got), 0);
        assert_string_equal(got, want);
        free(p);
    }
    assert_int_equal(sb_hasher_result(h, (int64_t)n, got), -1);
    assert_int_equal(sb_hasher_result(h, -1, got), -1);
    sb_hasher_free(h);
}

static void test_reset_drops_what_came_before(void **state)
{
    struct sb_hasher *h = sb_hasher_new();
    unsigned char *junk = bytes(SLOT + 5, 1), *p = bytes(1000, 2);
    char got[65], want[65];
    int64_t t;

    (void)state;
    assert_non_null(h);
    sb_hasher_feed(h, junk, SLOT + 5);  /* a member never hashed to the end */
    sb_hasher_reset(h);
    sb_hasher_reset(h);                 /* twice is the same */
    sb_hasher_feed(h, p, 1000);
    t = sb_hasher_finish(h);
    expect_hex(p, 1000, want);
    assert_int_equal(sb_hasher_result(h, t, got), 0);
    assert_string_equal(got, want);
    /* finishing again hashes an empty stream */
    t = sb_hasher_finish(h);
    expect_hex(p, 0, want);
    assert_int_equal(sb_hasher_result(h, t, got), 0);
    assert_string_equal(got, want);
    free(junk);
    free(p);
    sb_hasher_free(h);
}

static void test_thousands_of_small_streams(void **state)
{
    struct sb_hasher *h = sb_hasher_new();
    char got[65], want[65], text[32];
    int i;

    (void)state;
    assert_non_null(h);
    for (i = 0; i < 5000; i++) {
        snprintf(text, sizeof(text), "member %d", i);
        sb_hasher_feed(h, text, strlen(text));
        assert_int_equal(sb_hasher_finish(h), i);
    }
    for (i = 0; i < 5000; i += 499) {
        snprintf(text, sizeof(text), "member %d", i);
        expect_hex((const unsigned char *)text, strlen(text), want);
        assert_int_equal(sb_hasher_result(h, i, got), 0);
        assert_string_equal(got, want);
    }
    sb_hasher_free(h);
}

static void test_free_with_work_pending(void **state)
{
    struct sb_hasher *h = sb_hasher_new();
    unsigned char *p = bytes(8 * SLOT, 3);

    (void)state;
    assert_non_null(h);
    sb_hasher_feed(h, p, 8 * SLOT);
    sb_hasher_finish(h);
    sb_hasher_feed(h, p, 100);
    sb_hasher_free(h);          /* stops without waiting for the rest */
    sb_hasher_free(NULL);
    free(p);
}

/* Small streams share a slot: a digest asked for at once (its slot not
 * full yet), resets between them, and streams that start in the middle of
 * a slot and end slots later must all come out as one-shot SHA-256. */
static void test_packed_streams_mixed(void **state)
{
    struct sb_hasher *h = sb_hasher_new();
    unsigned char *big = bytes(2 * SLOT + 333, 7);
    char got[65], want[65], text[32];
    int64_t t, first = -1;
    int i;

    (void)state;
    assert_non_null(h);
    for (i = 0; i < 700; i++) {
        snprintf(text, sizeof(text), "piece %d", i);
        if (i % 7 == 3) {       /* dropped: a member read only in part */
            sb_hasher_feed(h, "junk", 4);
            sb_hasher_reset(h);
        }
        if (i % 50 == 25) {     /* across slots, from mid-slot */
            sb_hasher_feed(h, big, 2 * SLOT + 333);
            t = sb_hasher_finish(h);
            expect_hex(big, 2 * SLOT + 333, want);
            assert_int_equal(sb_hasher_result(h, t, got), 0);
            assert_string_equal(got, want);
        }
        sb_hasher_feed(h, text, strlen(text));
        t = sb_hasher_finish(h);
        if (first < 0)
            first = t;
        if (i % 3 == 0) {       /* asked while its slot is still filling */
            expect_hex((const unsigned char *)text, strlen(text), want);
            assert_int_equal(sb_hasher_result(h, t, got), 0);
            assert_string_equal(got, want);
        }
    }
    /* the first is long done: asking again gives the same */
    expect_hex((const unsigned char *)"piece 0", 7, want);
    assert_int_equal(sb_hasher_result(h, first, got), 0);
    assert_string_equal(got, want);
    free(big);
    sb_hasher_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_streams_of_every_size),
        cmocka_unit_test(test_reset_drops_what_came_before),
        cmocka_unit_test(test_thousands_of_small_streams),
        cmocka_unit_test(test_packed_streams_mixed),
        cmocka_unit_test(test_free_with_work_pending),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
