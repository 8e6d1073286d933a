/*
 * The one age text of the project (kubectl get's AGE, kubectl describe's
 * event ages, the report's "took"): apimachinery's HumanDuration, and
 * translateTimestampSince around it. The cases at the edges are where the
 * three former copies disagreed: negative spans (one copy printed "0s"
 * where kubectl prints "<invalid>"), fractions of a second (one copy
 * dropped them) and Go's zero time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_time.h"

static void test_age_follows_human_duration_thresholds(void **state)
{
    static const struct {
        int64_t secs;
        const char *text;
    } ages[] = {
        { INT64_MIN, "<invalid>" }, { -5, "<invalid>" }, { -2, "<invalid>" },
        { -1, "0s" }, { 0, "0s" }, { 45, "45s" }, { 119, "119s" },
        { 120, "2m" }, { 125, "2m5s" }, { 300, "5m" }, { 599, "9m59s" },
        { 600, "10m" }, { 3 * 3600 - 1, "179m" }, { 3 * 3600, "3h" },
        { 3 * 3600 + 60, "3h1m" }, { 8 * 3600 - 1, "7h59m" },
        { 8 * 3600, "8h" }, { 9 * 3600 + 60, "9h" }, { 47 * 3600, "47h" },
        { 48 * 3600, "2d" }, { 49 * 3600, "2d1h" }, { 8 * 86400 - 1, "7d23h" },
        { 8 * 86400, "8d" }, { 730 * 86400 - 1, "729d" },
        { 730 * 86400, "2y" }, { 731 * 86400, "2y1d" },
        { 3 * 365 * 86400 + 86400, "3y1d" }, { 8 * 365 * 86400LL, "8y" },
        { 9 * 365 * 86400LL + 5 * 86400, "9y" },
        { INT64_MAX / 1000000000, "292y" },
    };
    char buf[SB_AGE_MAX];
    size_t i;

    for (i = 0; i < sizeof(ages) / sizeof(ages[0]); i++)
        assert_string_equal(sb_time_age(ages[i].secs, buf), ages[i].text);
}

static void test_diff_truncates_toward_zero_and_saturates(void **state)
{
    /* 59.5s is 59s, -1.5s is -1s (Go's int() of Seconds()) */
    assert_int_equal(sb_time_diff(100, 500000000, 160, 0), 59);
    assert_int_equal(sb_time_diff(101, 500000000, 100, 0), -1);
    assert_int_equal(sb_time_diff(102, 500000000, 100, 0), -2);
    assert_int_equal(sb_time_diff(0, 0, 10, 999999999), 10);
    /* time.Duration ends at about 292 years either way */
    assert_int_equal(sb_time_diff(INT64_MIN, 0, INT64_MAX, 0),
                     INT64_MAX / 1000000000);
    assert_int_equal(sb_time_diff(INT64_MAX, 0, INT64_MIN, 0),
                     INT64_MIN / 1000000000);
}

static void test_since_counts_fractions_and_unknown_times(void **state)
{
    char buf[SB_AGE_MAX];
    int64_t now;

    assert_true(sb_time_parse("2026-01-01T00:01:00Z", &now, NULL));
    assert_string_equal(sb_time_since("2026-01-01T00:00:00Z", now, buf),
                        "60s");
    /* a MicroTime half a second later is 59s old, not 60s */
    assert_string_equal(sb_time_since("2026-01-01T00:00:00.500000Z", now,
                                      buf), "59s");
    /* a clock a second and a half ahead is still "now" */
    assert_string_equal(sb_time_since("2026-01-01T00:01:01.5Z", now, buf),
                        "0s");
    assert_string_equal(sb_time_since("2026-01-01T00:01:02Z", now, buf),
                        "<invalid>");
    assert_string_equal(sb_time_since("2025-12-30T00:01:00+00:00", now,
                                      buf), "2d");
    assert_string_equal(sb_time_since(NULL, now, buf), "<unknown>");
    assert_string_equal(sb_time_since("", now, buf), "<unknown>");
    assert_string_equal(sb_time_since("yesterday", now, buf), "<unknown>");
    /* Go's zero time is an unset field */
    assert_string_equal(sb_time_since("0001-01-01T00:00:00Z", now, buf),
                        "<unknown>");
    assert_string_equal(sb_time_since("0001-01-01T00:00:01Z", now, buf),
                        "292y");
}

/* A log line's stamp is parsed with its length known and no NUL after it:
 * the same answers as the C-string parse, and never a byte past 'len'. */
static void test_parse_n_agrees_and_stays_within_len(void **state)
{
    static const char *const times[] = {
        "2026-11-23T10:02:11Z", "2026-11-23T10:02:11.123456789Z",
        "2026-11-23T10:02:11.1Z", "2026-11-23 10:02:11,5Z",
        "2026-11-23T10:02:11+02:00", "2026-11-23T10:02:11.25-01:30",
        "2026-11-23t10:02:11z", "2026-13-23T10:02:11Z",
        "2026-11-23T10:02:11", "2026-11-23T10:02:11.Z",
        "2026-11-23T10:02:11+02:0", "2026-11-23T10:02:11+0200",
        "2026-11-23T10:02:11.1234567891234Z", "not a time at all, no",
    };
    int64_t secs_a, secs_b;
    long ns_a, ns_b;
    size_t i, n, k, len;
    char *copy;

    (void)state;
    for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
        len = strlen(times[i]);
        secs_a = secs_b = ns_a = ns_b = -7;
        n = sb_time_parse(times[i], &secs_a, &ns_a);
        assert_int_equal(sb_time_parse_n(times[i], len, &secs_b, &ns_b), n);
        assert_int_equal(secs_a, secs_b);
        assert_int_equal(ns_a, ns_b);
        assert_int_equal(sb_time_parse_n(times[i], len, NULL, NULL), n);
        /* every shorter length, from a copy of exactly that many bytes
         * (ASan sees a read past it): a cut time is no time, or a
         * shorter one, as the string cut there would parse */
        for (k = 0; k < len; k++) {
            copy = malloc(k + 1);
            assert_non_null(copy);
            memcpy(copy, times[i], k);
            copy[k] = '\0';
            n = sb_time_parse(copy, NULL, NULL);
            memcpy(copy, times[i], k);
            assert_int_equal(sb_time_parse_n(copy, k, NULL, NULL), n);
            free(copy);
        }
    }
    /* text after the time is not read as part of it */
    assert_int_equal(sb_time_parse_n("2026-11-23T10:02:11Z tail", 25, NULL,
                                     NULL), 20);
    assert_int_equal(sb_time_parse_n("2026-11-23T10:02:11.5Z7", 20, NULL,
                                     NULL), 0);
}

/* A stamp whose date and hour are known good (the line before's) is
 * read from its minutes on: the same length as the whole parse, for
 * fractions of every length ended by every kind of byte, and for every
 * cut of the text (no byte past 'len'). */
static void test_shape_after_hour_agrees_with_parse(void **state)
{
    static const char *const tails[] = {
        "02:11Z", "02:11", "02:11.Z", "60:11Z", "02:61Z", "59:60Z",
        "02:11+02:00", "02:11.25-01:30", "02:11+02:0", "02:11z x",
        "0a:11Z", "02-11Z", "02:1aZ", "02:11,5Z rest",
    };
    static const char ends[] = { 'Z', 'z', '+', '/', ':', '0', '9', ' ',
                                 '\0', (char)0x80, (char)0xb9, (char)0xff,
                                 'A', '.' };
    char text[96], *copy;
    size_t i, j, d, k, len, n;

    (void)state;
    for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
        len = (size_t)snprintf(text, sizeof(text), "2026-11-23T10:%s",
                               tails[i]);
        for (k = 19; k <= len; k++) {
            copy = malloc(k);
            assert_non_null(copy);
            memcpy(copy, text, k);
            n = sb_time_parse_n(copy, k, NULL, NULL);
            assert_int_equal(sb_time_shape_after_hour(copy, k), n);
            free(copy);
        }
    }
    /* fractions of 1 to 24 digits, then each kind of byte */
    for (d = 1; d <= 24; d++)
        for (j = 0; j < sizeof(ends); j++) {
            memcpy(text, "2026-11-23T10:02:11.", 20);
            memset(text + 20, '7', d);
            text[20 + d] = ends[j];
            memcpy(text + 21 + d, "Z tail", 6);
            len = 27 + d;
            for (k = 19; k <= len; k++) {
                copy = malloc(k);
                assert_non_null(copy);
                memcpy(copy, text, k);
                n = sb_time_parse_n(copy, k, NULL, NULL);
                assert_int_equal(sb_time_shape_after_hour(copy, k), n);
                if (k == len)
                    assert_int_equal(n, ends[j] == 'Z' || ends[j] == 'z'
                                        ? 21 + d
                                        : ends[j] >= '0' && ends[j] <= '9'
                                        ? 22 + d : 0);
                free(copy);
            }
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_age_follows_human_duration_thresholds),
        cmocka_unit_test(test_diff_truncates_toward_zero_and_saturates),
        cmocka_unit_test(test_since_counts_fractions_and_unknown_times),
        cmocka_unit_test(test_parse_n_agrees_and_stays_within_len),
        cmocka_unit_test(test_shape_after_hour_agrees_with_parse),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
