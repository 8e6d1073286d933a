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

/* a digest's 32 bytes from its hex */
static void raw(const char *hex, unsigned char sha[32])
{
    size_t i;
    unsigned v;

    for (i = 0; i < 32; i++) {
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
        sha[i] = (unsigned char)v;
    }
}

static void digest(struct sb_filecheck *fc, size_t member, const char *hex)
{
    unsigned char sha[32];

    raw(hex, sha);
    sb_filecheck_digest(fc, member, sha);
}

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
    digest(&fc, 0, DIGEST_A);
    digest(&fc, 1, DIGEST_A);
    digest(&fc, 3, DIGEST_B);
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

/* Entries keep a digest as its bytes when it is 64 lowercase hex digits
 * and as its text otherwise, and give it back as the manifest spelled
 * it; an entry naming a member's path shares the member's bytes, odd
 * bytes, members read after the first entry and paths listed twice
 * included. */
static void test_entries_are_kept_compactly(void **state)
{
    static const char odd[] = "ns/\x01\xff\xfe pod \"x\"\\y.log";
    struct sb_err err = SB_ERR_INIT;
    struct sb_filecheck fc;
    unsigned char sha[32];
    char buf[65];
    size_t strs;

    (void)state;
    sb_filecheck_init(&fc);
    raw(DIGEST_A, sha);
    assert_int_equal(sb_filecheck_member(&fc, odd, 1, SB_FC_OK, NULL, 0,
                                         &err), 0);
    assert_int_equal(sb_filecheck_member(&fc, "b", 1, SB_FC_OK, NULL, 1,
                                         &err), 0);
    strs = fc.strs.len;
    assert_int_equal(sb_filecheck_listed(&fc, odd, NULL, DIGEST_A, &err), 0);
    assert_int_equal(sb_filecheck_listed(&fc, "b", NULL, "4F53CDA18C2BAA0C03"
                                         "54BB5F9A3ECBE5ED12AB4D8E11BA873C2F1"
                                         "1161202B945", &err), 0);
    assert_int_equal(sb_filecheck_listed(&fc, "b", NULL, NULL, &err), 0);
    /* shared: only the upper-case digest's text was added */
    assert_int_equal(fc.strs.len, strs + 65);
    assert_int_equal(fc.listed[0].path, fc.members[0].path);
    assert_int_equal(fc.listed[1].path, fc.members[1].path);
    assert_int_equal(fc.listed[0].sha_kind, SB_FC_SHA_RAW);
    assert_memory_equal(fc.listed[0].sha, sha, 32);
    assert_string_equal(sb_filecheck_listed_sha(&fc, &fc.listed[0], buf),
                        DIGEST_A);
    assert_int_equal(fc.listed[1].sha_kind, SB_FC_SHA_TEXT);
    assert_string_equal(sb_filecheck_listed_sha(&fc, &fc.listed[1], buf),
                        "4F53CDA18C2BAA0C0354BB5F9A3ECBE5ED12AB4D8E11BA873C2F1"
                        "1161202B945");
    assert_null(sb_filecheck_listed_sha(&fc, &fc.listed[2], buf));

    /* a member read after the first entries is found too; a digest one
     * digit short, or not hex, stays text */
    assert_int_equal(sb_filecheck_member(&fc, "c", 1, SB_FC_OK, NULL, 2,
                                         &err), 0);
    assert_int_equal(sb_filecheck_listed(&fc, "c", NULL, &DIGEST_A[1],
                                         &err), 0);
    assert_int_equal(fc.listed[3].path, fc.members[2].path);
    assert_int_equal(fc.listed[3].sha_kind, SB_FC_SHA_TEXT);
    assert_int_equal(sb_filecheck_listed(&fc, "d", NULL, "sha256:x", &err),
                     0);
    assert_int_equal(fc.listed[4].sha_kind, SB_FC_SHA_TEXT);
    assert_string_equal(sb_filecheck_str(&fc, fc.listed[4].path), "d");
    /* "b" listed again is not the member after the last found: that
     * miss built the table */
    assert_non_null(fc.by_path);

    sb_filecheck_digest(&fc, 0, sha);
    sb_filecheck_digest(&fc, 1, sha);
    sb_filecheck_digest(&fc, 2, sha);
    assert_int_equal(sb_filecheck_resolve(&fc, true, &err), 0);
    assert_null(fc.by_path);
    /* the raw digest matches; "b" listed again without a digest (the
     * later entry wins) is unlisted; "c" with 63 digits differs; "d" is
     * missing */
    assert_int_equal(fc.members[0].status, SB_FC_OK);
    assert_int_equal(fc.members[1].status, SB_FC_UNLISTED);
    assert_int_equal(fc.members[2].status, SB_FC_MISMATCH);
    assert_int_equal(fc.nproblems, 3);
    assert_int_equal(fc.problems[2].status, SB_FC_MISSING);
    sb_filecheck_release(&fc);
}

/* Many members, listed in another order than read: every entry finds its
 * member's path through the table as it grows, and the check agrees. */
static void test_many_entries_share_paths(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_filecheck fc;
    unsigned char sha[32];
    char path[32];
    size_t i, n = 5000, strs;

    (void)state;
    sb_filecheck_init(&fc);
    raw(DIGEST_B, sha);
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "m/%zu", i);
        assert_int_equal(sb_filecheck_member(&fc, path, i, SB_FC_OK, NULL,
                                             (int64_t)i, &err), 0);
        sb_filecheck_digest(&fc, i, sha);
    }
    strs = fc.strs.len;
    for (i = n; i-- > 0;) {
        snprintf(path, sizeof(path), "m/%zu", i);
        assert_int_equal(sb_filecheck_listed(&fc, path, NULL, DIGEST_B,
                                             &err), 0);
        assert_int_equal(fc.listed[fc.nlisted - 1].path,
                         fc.members[i].path);
    }
    assert_int_equal(fc.strs.len, strs);
    assert_non_null(fc.by_path);
    assert_int_equal(sb_filecheck_resolve(&fc, true, &err), 0);
    assert_int_equal(fc.nproblems, 0);
    sb_filecheck_release(&fc);

    /* in the order read, no table is needed */
    sb_filecheck_init(&fc);
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "m/%zu", i);
        assert_int_equal(sb_filecheck_member(&fc, path, i, SB_FC_OK, NULL,
                                             (int64_t)i, &err), 0);
    }
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "m/%zu", i);
        assert_int_equal(sb_filecheck_listed(&fc, path, NULL, NULL, &err),
                         0);
        assert_int_equal(fc.listed[i].path, fc.members[i].path);
    }
    assert_null(fc.by_path);
    assert_int_equal(sb_filecheck_resolve(&fc, true, &err), 0);
    assert_int_equal(fc.nproblems, n);
    sb_filecheck_release(&fc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_list_is_cut_with_one_comma),
        cmocka_unit_test(test_what_is_not_simple_is_left_whole),
        cmocka_unit_test(test_items_come_one_at_a_time),
        cmocka_unit_test(test_duplicates_and_the_check),
        cmocka_unit_test(test_entries_are_kept_compactly),
        cmocka_unit_test(test_many_entries_share_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
