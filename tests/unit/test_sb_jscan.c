/*
 * sb_jscan against cJSON: whatever sb_jscan accepts, cJSON reads into the
 * same tree; what it refuses is bad JSON or cJSON's to judge. Hostile
 * input (truncation, nesting, escapes, stray bytes) never reads past the
 * text or leaks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_jscan.h"

#define ARENA_MAX ((size_t)64 << 20)

/* Node by node: what cJSON's readers see of two trees is the same. */
static bool same_tree(const cJSON *a, const cJSON *b)
{
    const cJSON *x, *y;

    if (a->type != b->type || a->valueint != b->valueint ||
        memcmp(&a->valuedouble, &b->valuedouble, sizeof(double)) != 0)
        return false;
    if (!a->string != !b->string ||
        (a->string && strcmp(a->string, b->string) != 0))
        return false;
    if (!a->valuestring != !b->valuestring ||
        (a->valuestring && strcmp(a->valuestring, b->valuestring) != 0))
        return false;
    for (x = a->child, y = b->child; x && y; x = x->next, y = y->next) {
        /* cJSON's links: prev of the first child is the last one */
        if ((x == a->child) != (y == b->child) ||
            (x != a->child && (x->prev->next != x)) ||
            !same_tree(x, y))
            return false;
    }
    if (x || y)
        return false;
    return !a->child || (a->child->prev && !a->child->prev->next &&
                         b->child->prev && !b->child->prev->next);
}

/* Parses 'text' with both; true when sb_jscan accepted it (then cJSON
 * must have read the same tree, printed the same way). */
static bool check_against_cjson(const char *text, size_t len)
{
    struct sb_jscan js = SB_JSCAN_INIT(ARENA_MAX);
    const cJSON *mine;
    cJSON *theirs;
    char *p1, *p2;
    int rc;

    rc = sb_jscan_parse(&js, text, len, &mine);
    theirs = cJSON_ParseWithLengthOpts(text, len, NULL, 0);
    if (rc != 0) {
        assert_true(rc == SB_E_FORMAT || rc == SB_E_TOOBIG);
        assert_null(mine);
        cJSON_Delete(theirs);
        sb_jscan_release(&js);
        return false;
    }
    assert_non_null(theirs);
    assert_true(same_tree(mine, theirs));
    p1 = cJSON_PrintUnformatted(mine);
    p2 = cJSON_PrintUnformatted(theirs);
    assert_non_null(p1);
    assert_string_equal(p1, p2);
    cJSON_free(p1);
    cJSON_free(p2);
    cJSON_Delete(theirs);
    sb_jscan_release(&js);
    return true;
}

static bool check_str(const char *text)
{
    return check_against_cjson(text, strlen(text));
}

static const char list[] =
    "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[\n"
    " {\"metadata\": {\"name\": \"a\", \"namespace\": \"ns\","
    " \"labels\": {}},\n"
    "  \"spec\": {\"containers\": [{\"name\": \"c\", \"args\": [],"
    " \"ports\": [{\"containerPort\": 8080}]}]},\n"
    "  \"status\": {\"phase\": \"Running\", \"restartCount\": 3,"
    " \"ready\": true, \"started\": false, \"reason\": null}},\n"
    " {\"metadata\": {\"name\": \"b\\u00e9\\ud83d\\ude00\\n\\t\\\"\\\\\\/\","
    " \"name\": \"duplicate\", \"uid\": \"\\u0000cut\"},"
    " \"raw\": \"\xff\xfe bytes\", \"n\": [0, -0, 1.5, -2.5e-3, 1E3,"
    " 2147483647, 2147483648, -2147483649, 1e308, 1e999, 123456789012345678]"
    "}\n]}\n";

static void test_jscan_tree_equals_cjsons_for_a_list(void **state)
{
    assert_true(check_str(list));
    assert_true(check_str("[]"));
    assert_true(check_str("{}"));
    assert_true(check_str(" \t\r\n\"just a string\" \n"));
    assert_true(check_str("-0.0e+0"));
    assert_true(check_str("[true,false,null,{\"\":[[]]}]"));
}

static void test_jscan_spans_are_each_values_own_text(void **state)
{
    static const char text[] =
        " {\"items\": [ {\"a\": 1} ,\n{\"b\": [2, \"x\"]}, \"s\" ], "
        "\"kind\": \"List\" } ";
    struct sb_jscan js = SB_JSCAN_INIT(ARENA_MAX);
    const cJSON *root, *it;
    size_t off, len;
    char got[64];
    int i = 0;
    static const char *const want[] = { "{\"a\": 1}", "{\"b\": [2, \"x\"]}",
                                        "\"s\"" };

    assert_int_equal(sb_jscan_parse(&js, text, strlen(text), &root), 0);
    sb_jscan_span(root, &off, &len);
    assert_int_equal(off, 1);
    assert_int_equal(off + len, strlen(text) - 1);
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "items")) {
        sb_jscan_span(it, &off, &len);
        snprintf(got, sizeof(got), "%.*s", (int)len, text + off);
        assert_string_equal(got, want[i++]);
    }
    assert_int_equal(i, 3);
    sb_jscan_release(&js);
}

static void test_jscan_strlen_is_what_strlen_says(void **state)
{
    static const char text[] =
        "[\"plain\", \"\", \"esc\\\"aped\", \"cut\\u0000here\", \"\\u00e9\"]";
    struct sb_jscan js = SB_JSCAN_INIT(ARENA_MAX);
    const cJSON *root, *it;
    int n = 0;

    assert_int_equal(sb_jscan_parse(&js, text, strlen(text), &root), 0);
    cJSON_ArrayForEach(it, root) {
        assert_int_equal(sb_jscan_strlen(it), strlen(it->valuestring));
        n++;
    }
    assert_int_equal(n, 5);
    assert_int_equal(sb_jscan_strlen(root->child->next->next->next), 3);
    sb_jscan_release(&js);
}

/* Each is refused: bad JSON, or what cJSON takes but reads its own way. */
static void test_jscan_refuses_what_is_not_strict_json(void **state)
{
    static const char *const texts[] = {
        "", " ", "\xef\xbb\xbf{}", "{\x01}", "[\"a\x1f\"]", "[01]", "[1.]",
        "[-.5]", "[+1]", "[1e]", "[.5]", "[\"\\uZZZZ\"]", "[\"\\udc00\"]",
        "[\"\\ud800\"]", "[\"\\ud800\\u0041\"]", "[\"\\x\"]", "{} x",
        "[1,]", "{,}", "{\"a\"}", "{\"a\":}", "{1:2}", "[1 2]", "nul",
        "tru", "[\"open", "{\"a\":1", "[", "\"\\", "[nan]", "[Infinity]",
        "['a']", "{\"a\":1,}", "[1]]",
    };
    struct sb_jscan js = SB_JSCAN_INIT(ARENA_MAX);
    const cJSON *root;
    size_t i;

    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        if (sb_jscan_parse(&js, texts[i], strlen(texts[i]), &root) !=
            SB_E_FORMAT)
            fail_msg("accepted '%s'", texts[i]);
        assert_null(root);
        assert_false(check_str(texts[i]));
    }
    sb_jscan_release(&js);
}

static void test_jscan_takes_numbers_up_to_cjsons_63_characters(void **state)
{
    char text[80];

    memset(text, '1', sizeof(text));
    text[63] = '\0';
    assert_true(check_str(text));
    text[63] = '1';
    text[64] = '\0';
    assert_false(check_str(text));
}

static char *nested(int depth)
{
    char *s = sb_malloc((size_t)depth * 2 + 1);

    assert_non_null(s);
    memset(s, '[', (size_t)depth);
    memset(s + depth, ']', (size_t)depth);
    s[depth * 2] = '\0';
    return s;
}

static void test_jscan_nests_as_deep_as_cjson_and_no_deeper(void **state)
{
    char *ok = nested(CJSON_NESTING_LIMIT);
    char *deep = nested(CJSON_NESTING_LIMIT + 1);
    char *deeper = nested(100000);
    cJSON *c;

    assert_true(check_str(ok));
    assert_false(check_str(deep));
    c = cJSON_Parse(deep);
    assert_null(c);     /* cJSON refuses it too: the loader says bad JSON */
    assert_false(check_str(deeper));
    sb_free(ok);
    sb_free(deep);
    sb_free(deeper);
}

static void test_jscan_arena_limit_refuses_and_the_next_parse_works(
    void **state)
{
    struct sb_jscan js = SB_JSCAN_INIT(1024);
    const cJSON *root;

    assert_int_equal(sb_jscan_parse(&js, list, strlen(list), &root),
                     SB_E_TOOBIG);
    assert_null(root);
    assert_int_equal(sb_jscan_parse(&js, "[1,2,3]", 7, &root), 0);
    assert_int_equal(cJSON_GetArraySize(root), 3);
    sb_jscan_release(&js);
    sb_jscan_release(&js);      /* twice is harmless */
}

/* Every prefix of a document, in a buffer of exactly its size: ASan sees
 * any read past the end. Only the whole document (and its prefix before
 * the trailing white space) parses. */
static void test_jscan_truncated_texts_never_read_past_their_end(
    void **state)
{
    size_t n = strlen(list), k, accepted = 0;

    for (k = 0; k <= n; k++) {
        char *buf = sb_malloc(k ? k : 1);
        assert_non_null(buf);
        memcpy(buf, list, k);
        accepted += check_against_cjson(buf, k);
        sb_free(buf);
    }
    assert_int_equal(accepted, 2);  /* "...]}" and "...]}\n" */
}

static void test_jscan_every_allocation_failure_is_clean(void **state)
{
    long n, made;
    int rc;

    for (n = 0;; n++) {
        struct sb_jscan js = SB_JSCAN_INIT(ARENA_MAX);
        const cJSON *root;

        sb_alloc_fail_after(n);
        rc = sb_jscan_parse(&js, list, strlen(list), &root);
        made = sb_alloc_fail_after(-1);
        sb_jscan_release(&js);
        if (rc == 0)
            break;
        assert_int_equal(rc, SB_E_NOMEM);
        assert_null(root);
        assert_true(made <= n);
    }
}

/* xorshift: the same mutations in every run */
static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Mutations of JSON documents (bytes changed, removed, doubled, the text
 * cut short): whenever sb_jscan accepts one, cJSON reads the same tree. */
static void test_jscan_agrees_with_cjson_on_mutated_documents(void **state)
{
    static const char pick[] = "{}[]\",:\\ \n0123456789.-+eEutfnalrsx\x01"
                               "\xff";
    static const char *const seeds[] = {
        list,
        "{\"a\":[1,2.5,-3e2,{\"b\":\"c\\u00e9\\n\"}],\"d\":true,\"e\":null}",
        "[\"\\ud83d\\ude00\",\"x\\\\y\",0,-0.5,[],{},[[{}]]]",
    };
    uint32_t seed = 0x5b10ad;
    char buf[2048];
    int i, j, accepted = 0, rounds = 0;

    for (i = 0; i < 6000; i++) {
        const char *s = seeds[i % 3];
        size_t len = strlen(s), pos;
        int edits = 1 + (int)(next_rand(&seed) % 3);

        memcpy(buf, s, len);
        for (j = 0; j < edits && len > 1; j++) {
            pos = next_rand(&seed) % len;
            switch (next_rand(&seed) % 4) {
            case 0:     /* change a byte */
                buf[pos] = pick[next_rand(&seed) % (sizeof(pick) - 1)];
                break;
            case 1:     /* remove one */
                memmove(buf + pos, buf + pos + 1, len - pos - 1);
                len--;
                break;
            case 2:     /* double one */
                if (len + 1 < sizeof(buf)) {
                    memmove(buf + pos + 1, buf + pos, len - pos);
                    len++;
                }
                break;
            default:    /* cut short */
                len = pos;
                break;
            }
        }
        accepted += check_against_cjson(buf, len);
        rounds++;
    }
    assert_int_equal(rounds, 6000);
    assert_true(accepted > 100);    /* the agreement was tested, not only
                                       refusals */
}

/* Lone surrogates become U+FFFD in place; pairs, escaped backslashes and
 * the text around them are left alone; the length never changes. */
static void test_jscan_fix_surrogates_replaces_only_unpaired_ones(void **state)
{
    static const struct {
        const char *in, *out;
        size_t fixed;
    } cases[] = {
        { "[\"a\\ud800b\"]", "[\"a\\ufffdb\"]", 1 },
        { "[\"\\udc00\"]", "[\"\\ufffd\"]", 1 },
        { "[\"\\uD83D\\uDE00\"]", "[\"\\uD83D\\uDE00\"]", 0 },
        { "[\"\\ud800\\ud800\\udc00\"]", "[\"\\ufffd\\ud800\\udc00\"]", 1 },
        { "[\"\\\\ud800\"]", "[\"\\\\ud800\"]", 0 },
        { "[\"\\\\\\udfff\"]", "[\"\\\\\\ufffd\"]", 1 },
        { "[\"\\ud800\"", "[\"\\ufffd\"", 1 },
        { "[\"\\ud8", "[\"\\ud8", 0 },
        { "{\"k\\udbff\":\"\\u00e9\\ud800\\u0041\"}",
          "{\"k\\ufffd\":\"\\u00e9\\ufffd\\u0041\"}", 2 },
    };
    char buf[64];
    size_t i, n;
    cJSON *j;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        n = strlen(cases[i].in);
        memcpy(buf, cases[i].in, n + 1);
        assert_int_equal(sb_jscan_fix_surrogates(buf, n), cases[i].fixed);
        assert_string_equal(buf, cases[i].out);
    }
    /* what was refused parses once fixed, the character as U+FFFD */
    strcpy(buf, "[\"a\\ud800b\"]");
    j = cJSON_Parse(buf);
    assert_null(j);
    sb_jscan_fix_surrogates(buf, strlen(buf));
    j = cJSON_Parse(buf);
    assert_non_null(j);
    assert_string_equal(cJSON_GetArrayItem(j, 0)->valuestring,
                        "a\xef\xbf\xbd" "b");
    cJSON_Delete(j);
}

/* A kept parser: a recycled chunk serves the next parse (the same tree
 * as a fresh parser's), a chunk past 'keep' or past the next limit is not
 * used, and release frees what is kept (ASan would see a leak). */
static void test_jscan_recycled_arena_gives_the_same_trees(void **state)
{
    static const char *const texts[] = {
        "{\"a\":[1,2,{\"b\":\"x\"}],\"c\":null}",
        "[\"longer text than the first one, to fill the chunk\",1e3,true]",
        "{\"a\":[1,2,{\"b\":\"y\"}],\"c\":false}",
    };
    struct sb_jscan js = SB_JSCAN_INIT(ARENA_MAX);
    const cJSON *tree;
    cJSON *theirs;
    char *p1, *p2;
    size_t i, round;

    (void)state;
    for (round = 0; round < 3; round++) {
        for (i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
            assert_int_equal(sb_jscan_parse(&js, texts[i], strlen(texts[i]),
                                            &tree), 0);
            theirs = cJSON_Parse(texts[i]);
            assert_true(same_tree(tree, theirs));
            p1 = cJSON_PrintUnformatted(tree);
            p2 = cJSON_PrintUnformatted(theirs);
            assert_string_equal(p1, p2);
            cJSON_free(p1);
            cJSON_free(p2);
            cJSON_Delete(theirs);
            /* round 1 keeps nothing; round 2 a limit below the chunk */
            sb_jscan_recycle(&js, round == 1 ? 0 : (size_t)1 << 20);
            if (round == 1)
                assert_null(js.spare);
            else
                assert_non_null(js.spare);
            sb_jscan_limit(&js, round == 2 ? 4096 : ARENA_MAX);
        }
    }
    /* a refused text leaves the spare for the next */
    assert_int_equal(sb_jscan_parse(&js, "[1,", 3, &tree), SB_E_FORMAT);
    sb_jscan_limit(&js, ARENA_MAX);
    assert_int_equal(sb_jscan_parse(&js, "[1]", 3, &tree), 0);
    assert_int_equal(cJSON_GetArraySize(tree), 1);
    sb_jscan_release(&js);
    assert_null(js.spare);
    assert_null(js.chunks);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jscan_tree_equals_cjsons_for_a_list),
        cmocka_unit_test(test_jscan_spans_are_each_values_own_text),
        cmocka_unit_test(test_jscan_strlen_is_what_strlen_says),
        cmocka_unit_test(test_jscan_refuses_what_is_not_strict_json),
        cmocka_unit_test(test_jscan_takes_numbers_up_to_cjsons_63_characters),
        cmocka_unit_test(test_jscan_nests_as_deep_as_cjson_and_no_deeper),
        cmocka_unit_test(
            test_jscan_arena_limit_refuses_and_the_next_parse_works),
        cmocka_unit_test(
            test_jscan_truncated_texts_never_read_past_their_end),
        cmocka_unit_test(test_jscan_every_allocation_failure_is_clean),
        cmocka_unit_test(test_jscan_recycled_arena_gives_the_same_trees),
        cmocka_unit_test(test_jscan_agrees_with_cjson_on_mutated_documents),
        cmocka_unit_test(
            test_jscan_fix_surrogates_replaces_only_unpaired_ones),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
