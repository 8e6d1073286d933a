/*
 * The word-at-a-time ASCII run the log loader checks its lines with: it
 * must stop exactly where a byte-by-byte look would, at a NUL or a byte
 * with its high bit, wherever that byte falls in a word, and never read
 * past the length it is given.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "sb_utf8.h"

static size_t slow_run(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len && s[i] && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

static void test_ascii_run_stops_at_every_offset(void **state)
{
    static const unsigned char stoppers[] = { 0x00, 0x80, 0xc3, 0xff };
    char buf[80];
    size_t len, at, k;

    (void)state;
    /* past 64: the 32-byte steps, then the words, then the bytes */
    for (len = 0; len <= 71; len++) {
        memset(buf, 'a', sizeof(buf));
        assert_int_equal(sb_utf8_ascii_run(buf, len), len);
        for (at = 0; at < len; at++) {
            for (k = 0; k < sizeof(stoppers); k++) {
                memset(buf, 'a', sizeof(buf));
                buf[at] = (char)stoppers[k];
                assert_int_equal(sb_utf8_ascii_run(buf, len), at);
            }
        }
    }
}

static void test_ascii_run_keeps_controls_and_del(void **state)
{
    /* tab, escape, DEL and 0x01 are ASCII: the run goes on over them */
    static const char s[] = "\t\x1b\x7f\x01x\x01\x7f\x1b\t0123456789";

    (void)state;
    assert_int_equal(sb_utf8_ascii_run(s, sizeof(s) - 1), sizeof(s) - 1);
}

static void test_ascii_run_matches_bytes_on_random_text(void **state)
{
    char buf[160];
    size_t i, len;
    int round;

    (void)state;
    srand(7);
    for (round = 0; round < 20000; round++) {
        len = (size_t)rand() % sizeof(buf);
        for (i = 0; i < len; i++) {
            int r = rand() % (round % 2 ? 100 : 1000);
            /* mostly ASCII, now and then a byte that stops the run */
            buf[i] = (char)(r < 97 || r > 99 ? 0x20 + r % 90 :
                            r == 97 ? 0 : r == 98 ? 0x80 : 0xe2);
        }
        assert_int_equal(sb_utf8_ascii_run(buf, len), slow_run(buf, len));
    }
}

static void test_ascii_run_reads_no_byte_past_len(void **state)
{
    /* the length ends the run even where the bytes after it are ASCII;
     * a buffer of exactly 'len' bytes on the heap lets ASan see a read
     * past it */
    size_t len;

    (void)state;
    for (len = 1; len <= 80; len++) {
        char *p = malloc(len);

        assert_non_null(p);
        memset(p, 'z', len);
        assert_int_equal(sb_utf8_ascii_run(p, len), len);
        free(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_run_stops_at_every_offset),
        cmocka_unit_test(test_ascii_run_keeps_controls_and_del),
        cmocka_unit_test(test_ascii_run_matches_bytes_on_random_text),
        cmocka_unit_test(test_ascii_run_reads_no_byte_past_len),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
