#include "sb_sig.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sb_embed.h"
#include "sb_regex.h"

#define SIG_FILE "reports/gpu/signatures.txt"
#define SIG_TEXT_MAX (128 * 1024)
#define SIG_MAX 256
#define RULE_MAX 16
#define ALT_MAX 8192        /* what log_grep accepts as one pattern */

struct rule_alt {
    const char *rule;
    char pattern[ALT_MAX];
};

/* Filled once from the compiled-in text, then read-only but for the
 * compiled patterns, whose match data 'mu' guards. */
static struct {
    char text[SIG_TEXT_MAX];
    struct sb_sig sig[SIG_MAX];
    struct sb_regex *rx[SIG_MAX];
    struct rule_alt alt[RULE_MAX];
    int n, nalt, errors, first_bad;
} S;
static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t s_mu = PTHREAD_MUTEX_INITIALIZER;

static void bad(int line)
{
    if (!S.errors++)
        S.first_bad = line;
}

/* Appends "(?:pattern)" to the rule's alternation; a rule whose
 * alternation would not fit counts as an error, never a silent cut. */
static void alt_add(const struct sb_sig *s, int line)
{
    struct rule_alt *a = NULL;
    size_t have, need;
    int i;

    for (i = 0; i < S.nalt; i++)
        if (strcmp(S.alt[i].rule, s->rule) == 0)
            a = &S.alt[i];
    if (!a) {
        if (S.nalt == RULE_MAX) {
            bad(line);
            return;
        }
        a = &S.alt[S.nalt++];
        a->rule = s->rule;
        strcpy(a->pattern, "(?i)");
    }
    have = strlen(a->pattern);
    need = strlen(s->pattern) + 5;
    if (have + need >= ALT_MAX) {
        bad(line);
        return;
    }
    snprintf(a->pattern + have, ALT_MAX - have, "%s(?:%s)",
             have > 4 ? "|" : "", s->pattern);
}

/* One signature a line: id, rule, source, pattern, sample, remedy,
 * separated by tabs (patterns use '|'); '#' starts a comment line. */
static void sig_load(void)
{
    const struct sb_embed_file *e = sb_embed_find(SIG_FILE);
    char *p, *nl, *next, *f[6], msg[160], cpat[ALT_MAX];
    int line = 0, k;

    if (!e || e->len >= sizeof(S.text)) {
        bad(0);
        return;
    }
    memcpy(S.text, e->data, e->len + 1);
    for (p = S.text; *p; p = next) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        next = nl ? nl + 1 : p + strlen(p);
        line++;
        if (*p == '#' || *p == '\0')
            continue;
        for (k = 0; k < 6; k++) {
            f[k] = p;
            p = strchr(p, '\t');
            if (!p)
                break;
            *p++ = '\0';
        }
        if (k != 5 || S.n == SIG_MAX) {
            bad(line);
            continue;
        }
        snprintf(cpat, sizeof(cpat), "(?i)%s", f[3]);
        S.rx[S.n] = sb_regex_new(cpat, msg, sizeof(msg));
        if (!S.rx[S.n]) {
            bad(line);
            continue;
        }
        S.sig[S.n] = (struct sb_sig){ f[0], f[1], f[2], f[3], f[4], f[5] };
        alt_add(&S.sig[S.n], line);
        S.n++;
    }
}

static void once(void)
{
    pthread_once(&s_once, sig_load);
}

int sb_sig_count(void)
{
    once();
    return S.n;
}

const struct sb_sig *sb_sig_at(int i)
{
    once();
    return i >= 0 && i < S.n ? &S.sig[i] : NULL;
}

int sb_sig_errors(int *first_bad)
{
    once();
    if (first_bad)
        *first_bad = S.first_bad;
    return S.errors;
}

const char *sb_sig_pattern(const char *rule)
{
    once();
    for (int i = 0; rule && i < S.nalt; i++)
        if (strcmp(S.alt[i].rule, rule) == 0)
            return S.alt[i].pattern;
    return NULL;
}

const struct sb_sig *sb_sig_match(const char *rule, const char *text,
                                  size_t len)
{
    const struct sb_sig *hit = NULL;

    once();
    if (!text)
        return NULL;
    /* a compiled pattern keeps its match data: one matcher at a time */
    pthread_mutex_lock(&s_mu);
    for (int i = 0; i < S.n && !hit; i++)
        if ((!rule || strcmp(S.sig[i].rule, rule) == 0) &&
            sb_regex_match(S.rx[i], text, len))
            hit = &S.sig[i];
    pthread_mutex_unlock(&s_mu);
    return hit;
}

enum sqlfn { FN_PATTERN, FN_MATCH, FN_REMEDY };

static void fn_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    enum sqlfn fn = (enum sqlfn)(intptr_t)sqlite3_user_data(ctx);
    const char *a = (const char *)sqlite3_value_text(argv[0]);
    const struct sb_sig *s;
    const char *r = NULL;

    switch (fn) {
    case FN_PATTERN:
        r = sb_sig_pattern(a);
        /* a rule without signatures must not match everything: a
         * pattern that matches nothing keeps log_grep valid */
        if (!r)
            r = "(?!)";
        break;
    case FN_MATCH:
        if (argc == 2) {
            const char *t = (const char *)sqlite3_value_text(argv[1]);
            s = sb_sig_match(a, t, t ? (size_t)sqlite3_value_bytes(argv[1])
                                     : 0);
            r = s ? s->id : NULL;
        }
        break;
    case FN_REMEDY:
        for (int i = 0; a && i < sb_sig_count(); i++)
            if (strcmp(S.sig[i].id, a) == 0)
                r = S.sig[i].remedy;
        break;
    }
    if (r)
        sqlite3_result_text(ctx, r, -1, SQLITE_STATIC);
}

int sb_sig_register_sql(sqlite3 *db, struct sb_err *err)
{
    static const struct {
        const char *name;
        int nargs;
        enum sqlfn fn;
    } fns[] = {
        { "sig_pattern", 1, FN_PATTERN }, { "sig_match", 2, FN_MATCH },
        { "sig_remedy", 1, FN_REMEDY },
    };
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

    for (size_t i = 0; i < sizeof(fns) / sizeof(*fns); i++)
        if (sqlite3_create_function(db, fns[i].name, fns[i].nargs, flags,
                                    (void *)(intptr_t)fns[i].fn, fn_sql,
                                    NULL, NULL) != SQLITE_OK)
            return sb_err_set(err, SB_E_DB, "cannot register '%s': %s",
                              fns[i].name, sqlite3_errmsg(db));
    return 0;
}
