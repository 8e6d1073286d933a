/*
 * Literal proofs: which patterns qualify and which must not, what a proof
 * checks where it is found (anchor, word boundaries, case, classes), and
 * the property log_grep relies on: a text the scan calls proven is one
 * PCRE2 matches, for the built-in patterns and for random ones, on many
 * lines, through one prefilter and through groups of them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "sb_alloc.h"
#include "sb_litproof.h"
#include "sb_prefilter.h"
#include "sb_sig.h"

/* The timeline's pattern (reports/timeline/logs.sql): most of the
 * matches log_grep finds in a bundle are its. */
#define TIMELINE "(?i)\\b(error|err|fatal|panic|traceback|exception|" \
                 "critical|failed|failure|killed)\\b|^[EF][0-9]{4} "

static size_t proofs_of(const char *pattern, struct sb_litproofs *out)
{
    assert_int_equal(sb_litproof_derive(pattern, out), 0);
    return out->n;
}

static bool at(const struct sb_litproof *p, const char *text, size_t start)
{
    return sb_litproof_at(p, (const unsigned char *)text, strlen(text),
                          start);
}

/* The proof of 's' whose 'len' bytes, anchor and boundaries are these. */
static const struct sb_litproof *find(const struct sb_litproofs *s,
                                      size_t len, bool anchored, bool wb)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        if (s->p[i].len == len && s->p[i].anchored == anchored &&
            s->p[i].wb_before == wb && s->p[i].wb_after == wb)
            return &s->p[i];
    return NULL;
}

static void test_litproof_literals_and_alternations_qualify(void **state)
{
    struct sb_litproofs s = SB_LITPROOFS_INIT;
    const struct sb_litproof *p;

    (void)state;
    assert_int_equal(proofs_of("(?i)killed", &s), 1);
    assert_int_equal(s.p[0].len, 6);
    assert_true(at(&s.p[0], "OOMKilled", 3));
    sb_litproofs_release(&s);
    /* every word of the alternation, each with its boundaries, and the
     * anchored klog prefix as classes */
    assert_int_equal(proofs_of(TIMELINE, &s), 11);
    p = find(&s, 3, false, true);           /* \berr\b */
    assert_non_null(p);
    assert_true(at(p, "err", 0));
    assert_true(at(p, "x: ERR here", 3));
    assert_true(at(p, "(err)", 1));
    assert_false(at(p, "stderr", 3));
    assert_false(at(p, "errors", 0));
    assert_false(at(p, "_err", 1));
    assert_false(at(p, "err_", 0));
    assert_false(at(p, "er", 0));
    p = find(&s, 6, true, false);           /* ^[EF][0-9]{4} */
    assert_non_null(p);
    assert_int_equal(p->ncls, 2);
    assert_true(at(p, "E1123 10:00", 0));
    assert_true(at(p, "f0000 ", 0));        /* caseless: [EF] is [efEF] */
    assert_false(at(p, " E1123 10:00", 1)); /* anchored */
    assert_false(at(p, "W1123 10:00", 0));
    assert_false(at(p, "E112x 10:00", 0));
    assert_false(at(p, "E1123", 0));       /* the space is needed */
    sb_litproofs_release(&s);
    /* optional pieces list both forms; fewest repeats of a quantifier */
    assert_int_equal(proofs_of("(?i)timed? ?out", &s), 4);
    sb_litproofs_release(&s);
    assert_int_equal(proofs_of("(?i)ab{2,5}c(?:de)+f*g", &s), 2);
    assert_true(at(&s.p[0], "xABBCDEg", 1) || at(&s.p[1], "xABBCDEg", 1));
    sb_litproofs_release(&s);
    assert_int_equal(proofs_of("(?i)a[b-dX]e\\.", &s), 1);
    assert_true(at(&s.p[0], "AcE.", 0));
    assert_true(at(&s.p[0], "axe.", 0));
    assert_false(at(&s.p[0], "aee.", 0));
    assert_false(at(&s.p[0], "ace,", 0));
    sb_litproofs_release(&s);
    /* captures: a proof tells whether, never where or what was captured */
    assert_int_equal(proofs_of("(?i)(error) in (x|y)", &s), 2);
    sb_litproofs_release(&s);
}

static void test_litproof_refuses_what_it_cannot_prove(void **state)
{
    static const char *const none[] = {
        /* case-sensitive, or caseless only in part */
        "killed", "CUDA error", "(?i:abc)", "(?i)a(?-i)bc", "(?i)ab(?i)c",
        "(?i)(?m)^abc", "(?im)^abc",
        /* constructs that change how the rest reads, or refer back */
        "(?i)(?x) a b", "(?i)\\Qa|b\\E", "(?i)(a)\\1", "(?i)(?<n>abc)",
        "(?i)(?P<n>abc)", "(?i)(*UCP)abc", "(?i)(?#c)abc", "(?i)(?>abc)",
        "(?i)(?=abc)abc", "(?i)abc(?<!x)", "(?i)\\x41bc", "(?i)\\p{L}bc",
        "(?i)a{,3}bc", "(?i)a{ 3}bc", "(?i)a{3 }bc", "(?i)[[:alpha:]]bc",
        /* non-ASCII: PCRE2's caseless matching is wider than ASCII's */
        "(?i)\xc3\xa9t\xc3\xa9", "(?i)[\xc3\xa9]t",
        /* nothing in a branch is a literal */
        "(?i)a.c", "(?i)abc$", "(?i)[^a]bc", "(?i)a\\dc", "(?i)a\\Bc",
        "(?i)x\\bz", "(?i)abc\\b.d", "(?i)a++b", "(?i)(?:ab|cd)++e",
        "(?i)a^b", "(?i)\\Aabc", "(?i)abc\\z", "(?i)a{17}",
        "(?i)a{100001}", "(?i)a{4294967297}",
        /* not a pattern */
        "(?i)(abc", "(?i)abc)", "(?i)*abc", "(?i)[abc", NULL
    };
    struct sb_litproofs s = SB_LITPROOFS_INIT;
    int i;

    (void)state;
    for (i = 0; none[i]; i++) {
        assert_int_equal(sb_litproof_derive(none[i], &s), 0);
        if (s.n)
            fail_msg("pattern '%s' should have no proof", none[i]);
    }
    assert_int_equal(sb_litproof_derive(NULL, &s), 0);
    assert_int_equal(s.n, 0);
    /* a branch that cannot be proven leaves the others theirs */
    assert_int_equal(proofs_of("(?i)abc|a.c|x[^y]z|def", &s), 2);
    sb_litproofs_release(&s);
    assert_int_equal(proofs_of("(?i)forbidden:? .*(User)\\b.*cannot|"
                               "is forbidden", &s), 1);
    sb_litproofs_release(&s);
    /* a group's alternatives that can be listed still prove its branch */
    assert_int_equal(proofs_of("(?i)a{b}c", &s), 1);  /* a literal brace */
    assert_true(at(&s.p[0], "A{B}C", 0));
    sb_litproofs_release(&s);
    assert_int_equal(proofs_of("(?i)x(ab|.c)y", &s), 1);
    assert_true(at(&s.p[0], "xaby", 0));
    sb_litproofs_release(&s);
}

/* Out of memory at each allocation in turn: -1 and nothing kept, or the
 * full result; never a leak (ASan). */
static void test_litproof_out_of_memory_is_clean(void **state)
{
    struct sb_litproofs s = SB_LITPROOFS_INIT;
    struct sb_prefilter *pf;
    long n;
    int rc;

    (void)state;
    for (n = 0; n < 200; n++) {
        sb_alloc_fail_after(n);
        rc = sb_litproof_derive(TIMELINE, &s);
        sb_alloc_fail_after(-1);
        if (rc == 0) {
            assert_int_equal(s.n, 11);
            sb_litproofs_release(&s);
            break;
        }
        assert_int_equal(rc, -1);
        assert_int_equal(s.n, 0);
    }
    assert_true(n < 200);
    for (n = 0; n < 2000; n++) {
        sb_alloc_fail_after(n);
        pf = sb_prefilter_new(TIMELINE);
        sb_alloc_fail_after(-1);
        if (pf) {
            assert_int_equal(sb_prefilter_proofs(pf), 11);
            sb_prefilter_free(pf);
            break;
        }
    }
    assert_true(n < 2000);
}

static unsigned long long seed = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)(seed % n);
}

/* A line of words the patterns are made of, cut, joined and cased at
 * random, with now and then a non-ASCII byte or a NUL. */
static size_t random_line(char *line, size_t cap)
{
    static const char *const words[] = {
        "error", "ERR", "errors", "stderr", "_err", "Fatal", "panic:",
        "E1123 ", "F0000 ", "W1123 ", "e12 ", "killed", "OOMKilled",
        "failed", "failure", "Traceback", "exception", "critical",
        "NCCL error", "nccl Failure", "ncclSystemError", "ProcessGroupNCCL",
        "timed out", "timeout", "x509: ", "certificate has expired",
        "self-signed certificate in certificate chain", "no such host",
        "lookup db on 10.0.0.1:53", "connection refused", "[ERROR]",
        "i/o timeout", "ok", "the", " ", ":", "-", "_", "\t", "\xc3\xa9",
        "\xff", "CUDA out of memory", "forbidden: User \"x\" cannot",
        "watchdog caught collective operation timeout", "abc", "xaby",
        "xxabyyy", "std",
    };
    size_t n = 0, w, k, take;
    unsigned i, parts = 1 + rnd(8);

    for (i = 0; i < parts; i++) {
        const char *s = words[rnd(sizeof(words) / sizeof(words[0]))];
        w = strlen(s);
        take = rnd(6) == 0 ? rnd((unsigned)w + 1) : w;  /* cut short */
        for (k = 0; k < take && n + 1 < cap; k++) {
            char c = s[k];
            if (rnd(5) == 0 && c >= 'a' && c <= 'z')
                c = (char)(c - 32);
            line[n++] = c;
        }
    }
    if (rnd(50) == 0 && n)
        line[rnd((unsigned)n)] = '\0';
    return n;
}

struct compiled {
    pcre2_code *re;
    pcre2_match_data *md;
};

static void compile(struct compiled *c, const char *pattern)
{
    PCRE2_SIZE off;
    int code;

    c->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF, &code, &off, NULL);
    if (!c->re)
        fail_msg("pattern '%s' does not compile", pattern);
    c->md = pcre2_match_data_create_from_pattern(c->re, NULL);
}

static bool pcre_matches(const struct compiled *c, const char *t, size_t n)
{
    return pcre2_match(c->re, (PCRE2_SPTR)t, n, 0, 0, c->md, NULL) >= 0;
}

/*
 * Both paths on many lines: for each pattern (tag t of one group
 * prefilter holding them all, as log_grep's pass does), the scan's
 * "proven" must mean PCRE2 matches, and "not found" must mean it does
 * not; a found, unproven tag is PCRE2's to decide. Returns how many
 * (pattern, line) pairs were proven, so that a caller can check the test
 * is not vacuous.
 */
static unsigned long equivalence(const char *const *pats, int npats,
                                 int nlines)
{
    struct compiled c[64];
    struct sb_prefilter *one[64], *group = sb_prefilter_empty();
    uint64_t found, proven, found1, proven1;
    unsigned long nproven = 0;
    char line[400];
    size_t len;
    int i, t;

    assert_non_null(group);
    assert_true(npats <= 64);
    for (t = 0; t < npats; t++) {
        compile(&c[t], pats[t]);
        one[t] = sb_prefilter_new(pats[t]);
        assert_non_null(one[t]);
        assert_int_equal(sb_prefilter_add(group, one[t], (unsigned)t), 0);
    }
    for (i = 0; i < nlines; i++) {
        len = random_line(line, sizeof(line));
        found = sb_prefilter_scan_proven(group, line, len, &proven);
        assert_int_equal(found, sb_prefilter_scan(group, line, len));
        assert_int_equal(proven & ~found, 0);
        for (t = 0; t < npats; t++) {
            bool m = pcre_matches(&c[t], line, len);
            if (m && !(found >> t & 1))
                fail_msg("'%s' matches '%.*s' but the scan said no",
                         pats[t], (int)len, line);
            if ((proven >> t & 1) && !m)
                fail_msg("'%s' proven on '%.*s' but PCRE2 says no",
                         pats[t], (int)len, line);
            nproven += proven >> t & 1;
        }
        /* a pattern's own prefilter finds what the group does, and what
         * it proves PCRE2 matches too */
        t = i % npats;
        found1 = sb_prefilter_scan_proven(one[t], line, len, &proven1);
        assert_int_equal(found1, found >> t & 1);
        if ((proven1 & 1) && !pcre_matches(&c[t], line, len))
            fail_msg("'%s' proven alone on '%.*s' but PCRE2 says no",
                     pats[t], (int)len, line);
    }
    for (t = 0; t < npats; t++) {
        sb_prefilter_free(one[t]);
        pcre2_match_data_free(c[t].md);
        pcre2_code_free(c[t].re);
    }
    sb_prefilter_free(group);
    return nproven;
}

static void test_litproof_proven_means_pcre2_matches(void **state)
{
    static const char *const pats[] = {
        TIMELINE,
        ("(?i)NCCL (error|failure)|nccl(System|Internal|Invalid|"
         "UnhandledCuda|Remote)Error|NCCL communicator was aborted|"
         "Watchdog caught collective operation timeout|ProcessGroupNCCL.*"
         "(timed? ?out|error|abort)|NCCL (operation|collective) .*timed "
         "out|NCCL_ERROR"),
        ("(?i)x509: |certificate has expired|self[- ]signed certificate in "
         "certificate chain"),
        "(?i)\\[(FATAL|ERROR)\\]|i/o timeout|connection refused|panic",
        "(?i)no such host|lookup \\S+ on [0-9.:\\[\\]]+:53",
        "(?i)\\bab(c|y)\\b|xx[a-b]+yyy|^e12 ",
        "(?i)errors?\\b|\\bstd",
        "(?i)timed? ?out\\b",
    };

    (void)state;
    assert_true(equivalence(pats, (int)(sizeof(pats) / sizeof(pats[0])),
                            40000) > 1000);
}

/* The signature rules' patterns (sig_pattern of each rule) on the
 * signatures' own samples and on random lines. */
static void test_litproof_signatures_proven_means_pcre2_matches(void **state)
{
    const char *pats[64];
    const struct sb_sig *s;
    struct sb_prefilter *pf;
    struct compiled c;
    uint64_t proven;
    int npats = 0, i, j, nproven = 0;

    (void)state;
    for (i = 0; (s = sb_sig_at(i)) != NULL; i++) {
        const char *p = sb_sig_pattern(s->rule);
        for (j = 0; j < npats && pats[j] != p; j++)
            ;
        if (j == npats && npats < 64)
            pats[npats++] = p;
    }
    assert_true(npats > 3);
    equivalence(pats, npats, 5000);
    for (i = 0; (s = sb_sig_at(i)) != NULL; i++) {
        const char *p = sb_sig_pattern(s->rule);
        compile(&c, p);
        pf = sb_prefilter_new(p);
        assert_non_null(pf);
        assert_int_not_equal(sb_prefilter_scan_proven(pf, s->sample,
                                                      strlen(s->sample),
                                                      &proven), 0);
        if (proven && !pcre_matches(&c, s->sample, strlen(s->sample)))
            fail_msg("'%s' proven on its sample but PCRE2 says no", s->id);
        nproven += proven != 0;
        sb_prefilter_free(pf);
        pcre2_match_data_free(c.md);
        pcre2_code_free(c.re);
    }
    assert_true(nproven > 0);
}

/* What the scan may not prove: a non-ASCII or NUL-holding text, a text
 * past SB_LITPROOF_TEXT_MAX; and a plain scan never looks at proofs. */
static void test_litproof_scan_proves_only_plain_short_text(void **state)
{
    struct sb_prefilter *pf = sb_prefilter_new(TIMELINE);
    static char big[SB_LITPROOF_TEXT_MAX + 2];
    uint64_t proven;

    (void)state;
    assert_non_null(pf);
    assert_int_equal(sb_prefilter_scan_proven(pf, "an error here", 13,
                                              &proven), 1);
    assert_int_equal(proven, 1);
    /* found twice: the first is no word, the second proves it */
    assert_int_equal(sb_prefilter_scan_proven(pf, "stderr: error", 13,
                                              &proven), 1);
    assert_int_equal(proven, 1);
    assert_int_equal(sb_prefilter_scan_proven(pf, "stderr: errors", 14,
                                              &proven), 1);
    assert_int_equal(proven, 0);
    assert_int_equal(sb_prefilter_scan_proven(pf, "an error \xc3\xa9", 11,
                                              &proven), 1);
    assert_int_equal(proven, 0);
    assert_int_equal(sb_prefilter_scan_proven(pf, "an error\0", 9, &proven),
                     1);
    assert_int_equal(proven, 0);
    assert_int_equal(sb_prefilter_scan_proven(pf, "E1123 x", 7, &proven), 1);
    assert_int_equal(proven, 1);
    memset(big, 'x', sizeof(big));
    memcpy(big, "error ", 6);
    assert_int_equal(sb_prefilter_scan_proven(pf, big,
                                              SB_LITPROOF_TEXT_MAX, &proven),
                     1);
    assert_int_equal(proven, 1);
    assert_int_equal(sb_prefilter_scan_proven(pf, big,
                                              SB_LITPROOF_TEXT_MAX + 1,
                                              &proven), 1);
    assert_int_equal(proven, 0);
    sb_prefilter_free(pf);
    /* a pattern without proofs proves nothing */
    pf = sb_prefilter_new("CUDA error|cudaError");
    assert_non_null(pf);
    assert_int_equal(sb_prefilter_proofs(pf), 0);
    assert_int_equal(sb_prefilter_scan_proven(pf, "CUDA error", 10,
                                              &proven), 1);
    assert_int_equal(proven, 0);
    sb_prefilter_free(pf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_litproof_literals_and_alternations_qualify),
        cmocka_unit_test(test_litproof_refuses_what_it_cannot_prove),
        cmocka_unit_test(test_litproof_out_of_memory_is_clean),
        cmocka_unit_test(test_litproof_proven_means_pcre2_matches),
        cmocka_unit_test(test_litproof_signatures_proven_means_pcre2_matches),
        cmocka_unit_test(test_litproof_scan_proves_only_plain_short_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
