/*
 * The files check in memory (lib/load/sb_filecheck.c): the manifest's
 * list found in its text, its items one by one, and the check's answers
 * for duplicates. The loader's tests (test_sb_load) compare whole loads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sb_filecheck.h"

#define DIGEST_A \
    "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
#define DIGEST_B \
    "080a9ed428559ef602668b4c00f114f1a11c3f6b02a435f0bdc154578e4d7f22"

/* The text without the cut, and the list, as "rest|list"; "-" when the
 * text is not simple enough. */
static const char *split(const char *t, char *out, size_t cap)
{
    size_t cut, cut_len, off, n, len = strlen(t);

    if (!sb_filecheck_find_list(t, len, &cut, &cut_len, &off, &n))
        return "-";
    snprintf(out, cap, "%.*s%s|%.*s", (int)cut, t, t + cut + cut_len,
             (int)n, t + off);
    return out;
}

static void test_the_list_is_cut_with_one_comma(void **state)
{
    char out[256];

    (void)state;
    assert_string_equal(split("{\"a\":1,\"files\":[1,2],\"b\":[]}", out,
                              sizeof(out)), "{\"a\":1,\"b\":[]}|[1,2]");
    assert_string_equal(split(" {\"files\" : [ ] , \"b\":{\"files\":[3]}}",
                              out, sizeof(out)),
                        " { \"b\":{\"files\":[3]}}|[ ]");
    assert_string_equal(split("{\"a\":\"x,]}\",\"files\":[{}]\n}", out,
                              sizeof(out)), "{\"a\":\"x,]}\"\n}|[{}]");
    assert_string_equal(split("{\"files\":[\"]\"]}", out, sizeof(out)),
                        "{}|[\"]\"]");
    /* the first of two: cJSON's lookup finds that one */
    assert_string_equal(split("{\"files\":[1],\"files\":[2]}", out,
                              sizeof(out)), "{\"files\":[2]}|[1]");
}

#define DEEP8 "[[[[[[[["
#define DEEP DEEP8 DEEP8 DEEP8 DEEP8 "[["           /* 34 */
#define UNDEEP8 "]]]]]]]]"
#define UNDEEP UNDEEP8 UNDEEP8 UNDEEP8 UNDEEP8 "]]"

static void test_what_is_not_simple_is_left_whole(void **state)
{
    static const char *const texts[] = {
        "[1]", "", "  ", "{}", "{\"a\":1}",
        "{\"fi\\u006ces\":[1]}",                /* might be "files" */
        "{\"\\u0061\":1,\"files\":[1]}",        /* an escaped key first */
        "{\"files\":{\"path\":\"x\"}}",         /* not an array */
        "{\"files\":\"x\"}",
        "{\"files\":[1]",                       /* no end */
        "{\"files\":[1] \"a\":2}",              /* no comma */
        "{\"a\":1 \"files\":[1]}",
        "\xef\xbb\xbf{\"files\":[1]}",          /* a byte order mark */
        "{\"files\":[" DEEP "1" UNDEEP "]}",  /* nests deep */
    };
    char out[256];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(texts) / sizeof(*texts); i++)
        assert_string_equal(split(texts[i], out, sizeof(out)), "-");
}

/* Items as "a;b;" and what ended the list (0 or -1) */
static void items(const char *list, char *out, size_t cap, int *end)
{
    size_t pos = 1, off, n, len = strlen(list), used = 0;

    out[0] = '\0';
    while ((*end = sb_filecheck_next_item(list, len, &pos, &off, &n)) == 1)
        used += (size_t)snprintf(out + used, cap - used, "%.*s;", (int)n,
                                 list + off);
}

static void test_items_come_one_at_a_time(void **state)
{
    char out[256];
    int end;

    (void)state;
    items("[ 1 , {\"a\":[1,{}]} ,\"x],\\\"\",null ,[ ] ]", out, sizeof(out),
          &end);
    assert_int_equal(end, 0);
    assert_string_equal(out, "1;{\"a\":[1,{}]};\"x],\\\"\";null;[ ];");
    items("[ ]", out, sizeof(out), &end);
    assert_int_equal(end, 0);
    assert_string_equal(out, "");
    items("[1,]", out, sizeof(out), &end);
    assert_int_equal(end, -1);
    items("[1 2]", out, sizeof(out), &end);
    assert_int_equal(end, -1);
    items("[,1]", out, sizeof(out), &end);
    assert_int_equal(end, -1);
}

/* A path read twice keeps the later member with the last digest any of
 * them had; entries listed twice keep the later; the problems come in
 * path order, missing entries among them. */
static void test_duplicates_and_the_check(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_filecheck fc;
    const int64_t size = 9;
    size_t i;
    char got[512];
    size_t used = 0;

    (void)state;
    sb_filecheck_init(&fc);
    assert_int_equal(sb_filecheck_member(&fc, "b", 2, SB_FC_OK, NULL, 0,
                                         &err), 0);
    assert_int_equal(sb_filecheck_member(&fc, "a", 2, SB_FC_SKIPPED, NULL, 1,
                                         &err), 0);
    assert_int_equal(sb_filecheck_member(&fc, "b", 3, SB_FC_ERROR, "cut", -1,
                                         &err), 0);
    assert_int_equal(sb_filecheck_member(&fc, "\xc3\xa9", 2, SB_FC_OK, NULL,
                                         2, &err), 0);
    sb_filecheck_digest(&fc, 0, DIGEST_A);
    sb_filecheck_digest(&fc, 1, DIGEST_A);
    sb_filecheck_digest(&fc, 3, DIGEST_B);
    assert_int_equal(sb_filecheck_listed(&fc, "b", NULL, DIGEST_A, &err), 0);
    assert_int_equal(sb_filecheck_listed(&fc, "b", &size, DIGEST_B, &err), 0);
    assert_int_equal(sb_filecheck_listed(&fc, "a", NULL, "4F53CDA18C2BAA0C03"
                                         "54BB5F9A3ECBE5ED12AB4D8E11BA873C2F1"
                                         "1161202B945", &err), 0);
    assert_int_equal(sb_filecheck_listed(&fc, "c", &size, NULL, &err), 0);
    assert_int_equal(sb_filecheck_resolve(&fc, true, &err), 0);

    assert_true(fc.members[0].replaced);
    assert_false(fc.members[2].replaced);
    /* the error member took the first one's digest, which differs from
     * the later listing: a mismatch */
    assert_true(fc.members[2].has_sha);
    assert_int_equal(fc.members[2].status, SB_FC_MISMATCH);
    assert_int_equal(fc.members[1].status, SB_FC_SKIPPED);
    assert_int_equal(fc.members[3].status, SB_FC_UNLISTED);
    for (i = 0; i < fc.nproblems; i++)
        used += (size_t)snprintf(got + used, sizeof(got) - used, "%s=%s;",
                                 sb_filecheck_str(&fc, fc.problems[i].path),
                                 sb_filecheck_status_name(
                                     (enum sb_fc_status)
                                     fc.problems[i].status));
    assert_string_equal(got, "b=mismatch;c=missing;\xc3\xa9=unlisted;");
    sb_filecheck_release(&fc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_list_is_cut_with_one_comma),
        cmocka_unit_test(test_what_is_not_simple_is_left_whole),
        cmocka_unit_test(test_items_come_one_at_a_time),
        cmocka_unit_test(test_duplicates_and_the_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
