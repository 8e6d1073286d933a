/*
 * The redactor: the rule table, the compiled redactor, the kept map, the
 * tokens, and the passes over text and over API objects.
 *
 * One file (about 1,800 lines) on purpose: every pass reads and writes the
 * same private state (struct sb_redactor: the compiled rules, the map, the
 * per-thread caches keyed by redactor), and the order of the passes is
 * what makes redaction idempotent (docs/redaction.md). Split, that state
 * would become a header every piece could change; kept here, one reader
 * sees every writer. The scanners that need no such state are apart, in
 * sb_redact_scan.c.
 */
#include "sb_redact.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/rand.h>

#include "sb_alloc.h"
#include "sb_base64.h"
#include "sb_log.h"
#include "sb_redact_scan.h"

/*
 * How it works: each text rule is one PCRE2 pattern, compiled (and JIT
 * compiled when the library can) once in sb_redactor_new. A text goes
 * through the rules in table order; each rule masks its capture group 1
 * (or the whole match when group 1 did not take part), so a later rule
 * sees the tokens of earlier ones and leaves a value that is already a
 * token alone. Only pcre2_match_data is per call, so a redactor is
 * shared by threads without locks; the counters are atomic.
 *
 * The key-value rules are anchored on the sensitive word followed by its
 * separator, so "db_password: x" is caught while "tokenizer: x",
 * "max_tokens: 512" and "password reset page" are not.
 */

#define HASH_KEY_LEN 32
#define TOKEN_HEX 10
#define MATCH_LIMIT 5000000u
#define DEPTH_LIMIT 100000u

/* The sensitive key words of the key-value rules. */
#define WORDS                                                              \
    "(?:pass(?:word|wd|phrase)|secret|token|api[_-]?key|apikey"            \
    "|access[_-]?key|secret[_-]?key|private[_-]?key|credentials?"          \
    "|client[_-]?secret|auth[_-]?key|session[_-]?key|signing[_-]?key"      \
    "|encryption[_-]?key|master[_-]?key)"

/* Values that are not secrets even after a sensitive key. */
#define NOT_A_VALUE "(?:true|false|null|nil|none|yes|no)"

struct rule_def {
    const char *name;
    int whole;          /* 1: mask the whole match, not capture group 1 */
    const char *need;   /* literals joined by '|', one of which a text must
                           hold for the pattern to run at all; or NULL */
    int need_ci;        /* compare 'need' ignoring case */
    const char *groups; /* "a,b,c": count under rule a, b or c when group
                           1, 2 or 3 is the one set; or NULL */
    const char *re;     /* NULL: counted only (objects, groups) */
};

#define STEMS "pass|secret|token|key|credential"

static const struct rule_def rule_defs[] = {
    {"gcp-private-key", 0, "\"private_key\"", 0, NULL,
     "\"private_key\"\\s*:\\s*\"((?:[^\"\\\\]++|\\\\.)++)\""},
    {"private-key", 1, "-----BEGIN ", 0, NULL,
     "-----BEGIN ((?:[A-Z0-9]+ ){0,4})PRIVATE KEY(?: BLOCK)?-----"
     "(?:[\\s\\S]{0,65535}?-----END \\1PRIVATE KEY(?: BLOCK)?-----"
     "|(?:[A-Za-z0-9+/=:.,\\s-]++|\\\\[nr])*+)"},
    /* a text that starts inside a key (a log tail cut there, or the next
     * chunk of one): everything up to its END line. Only a private key's
     * own BEGIN line, which the rule above masks from, stops it: any
     * other "-----BEGIN " before the END (a garbled BEGIN line, a
     * certificate) would leave the key's lines in clear. */
    {"private-key-end", 1, "-----END ", 0, NULL,
     "\\A(?:(?!-----BEGIN (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----)"
     "[\\s\\S])*?"
     "-----END (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----"},
    {"jwt", 1, "eyJ", 0, NULL,
     "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}"
     "\\.[A-Za-z0-9_-]*"},
    {"docker-auth", 0, "auth\"|auth\\\"|.docker|eyJhdXRocyI|ewogICJhdXRocyI|ewoJImF1dGhzIj", 0, NULL,
     "(?|\"auth\"\\s*:\\s*\"([A-Za-z0-9+/=]{4,})\""
     "|\\\\\"auth\\\\\"\\s*:\\s*\\\\\"([A-Za-z0-9+/=]{4,})\\\\\""
     "|\\.docker(?:config)?(?:json|cfg)[\"'\\\\]*\\s*[:=]\\s*[\"'\\\\]*"
     "([A-Za-z0-9+/=]{16,})"
     "|(?<![A-Za-z0-9+/])((?:eyJhdXRocyI|ewogICJhdXRocyI|ewoJImF1dGhzIj)"
     "[A-Za-z0-9+/=]*))"},
    {"last-applied", 0, "last-applied-configuration", 0, NULL,
     "kubectl\\.kubernetes\\.io/last-applied-configuration"
     "(?|\\\\?\"\\s*:\\s*\\\\?\"((?:[^\"\\\\]|\\\\.)*)\""
     "|:[ \\t]*(?:[|>][-+]?)?[ \\t]*(?:\\r?\\n[ \\t]+)?(\\{[^\\n]*))"},
    {"url-password", 0, "://", 0, NULL,
     "\\b[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\\s:/?#@\"'<>]{0,256}"
     ":([^\\s/?#@\"'<>]{1,256})@"},
    /* the vendor patterns below open with fixed prefixes, given as
     * their needs: API objects are redacted one short string at a time,
     * and without a gate each string paid one match call per pattern */
    {"aws-access-key", 0,
     "AKIA|ASIA|AROA|AIDA|AGPA|ANPA|ANVA|AIPA|ABIA|ACCA|A3T", 0, NULL,
     "(?<![A-Z0-9])((?:AKIA|ASIA|AROA|AIDA|AGPA|ANPA|ANVA|AIPA|ABIA|ACCA"
     "|A3T[A-Z0-9])"
     "[A-Z0-9]{16})(?![A-Z0-9])"},
    {"aws-secret-key", 0, "access", 1, NULL,
     "(?i)(?:aws[_-]?)?secret[_-]?access[_-]?key[\"'\\\\]*\\s*[:=]\\s*"
     "[\"'\\\\]*([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"},
    {"azure-key", 0, "key=|signature=", 1, NULL,
     "(?i)\\b(?:AccountKey|SharedAccessKey|SharedAccessSignature)="
     "([^;\"'\\s\\\\]+)"},
    {"azure-sas", 0, "sig=", 0, NULL, "[?&]sig=([A-Za-z0-9%+/=_-]{10,})"},
    {"openai-key", 1, "sk-", 0, NULL,
     "(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-|ant-)?"
     "(?=[A-Za-z_-]{0,200}[0-9])[A-Za-z0-9_-]{20,}"},
    {"huggingface-token", 1, "hf_", 0, NULL, "(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}"},
    {"github-token", 1, "ghp_|gho_|ghu_|ghs_|ghr_|github_pat_", 0, NULL,
     "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}"
     "|github_pat_[A-Za-z0-9_]{22,})"},
    {"slack-token", 1, "xox", 0, NULL, "(?<![A-Za-z0-9_])xox[abposr]-[A-Za-z0-9-]{10,}"},
    {"stripe-key", 1, "k_live_|k_test_", 0, NULL, "(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"},
    {"google-api-key", 1, "AIza", 0, NULL,
     "(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"},
    {"nvidia-api-key", 1, "nvapi-", 0, NULL, "(?<![A-Za-z0-9_-])nvapi-[A-Za-z0-9_-]{20,}"},
    {"bearer", 0, "bearer", 1, NULL,
     "(?i)\\bbearer[ \\t]+((?=[A-Za-z]{0,64}[0-9._~+/-])"
     "[A-Za-z0-9._~+/-]{8,}=*|[A-Za-z]{24,})"},
    {"authorization", 0, "authorization", 1, NULL,
     "(?i)\\b(?:proxy-)?authorization(?:\\\\?[\"'])?[ \\t]*[:=][ \\t]*"
     "\\[?(?:\\\\?[\"'])?(?:(?:basic|digest|negotiate|token|apikey|bearer)"
     "[ \\t]+)?([^\\s\"'\\\\,;\\]]+)"},
    /* command lines: tools that take a password in their own way */
    {"cli-password", 0,
     "-u|-p|-a|-w|-U", 0, NULL,
     "(?|\\b(?:curl|wget)\\b[^\\n;|&]{0,512}?[ \\t](?:-u|--user|--http-user)"
     "(?:[ \\t]+|=)[\"']?[^\\s\"':]{1,128}:([^\\s\"']{1,256})"
     "|\\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|mariadb"
     "|mariadb-dump)\\b[^\\n;|&]{0,512}?[ \\t]-p[\"']?([^\\s\"'-][^\\s\"']{0,255})"
     "|\\b(?:login|sshpass|mongo|mongosh|mongodump|mongorestore)\\b"
     "[^\\n;|&]{0,512}?[ \\t](?:-p|--password)(?:[ \\t]+|=)?[\"']?"
     "([^\\s\"'-][^\\s\"']{0,255})"
     "|\\bredis-cli\\b[^\\n;|&]{0,256}?[ \\t]-a[ \\t]+[\"']?([^\\s\"']+)"
     "|\\bldap(?:search|add|modify|delete|whoami|passwd)\\b[^\\n;|&]{0,256}?"
     "[ \\t]-w[ \\t]+[\"']?([^\\s\"']+)"
     "|-pass(?:in|out)?[ \\t]+[\"']?pass:([^\\s\"']+)"
     "|\\bsmbclient\\b[^\\n;|&]{0,256}?-U[ \\t]*[\"']?[^\\s%\"']+%([^\\s\"']+))"},
    /* Go/MySQL DSNs and user:password@host without a scheme */
    {"dsn-password", 0, "@", 0, NULL,
     "(?<![\\w/:.@%+-])[A-Za-z_][\\w.%+-]{0,63}+:([^\\s:@/\"'()<>]{1,256})@"
     "(?:(?:tcp|udp|unix)?\\(|[\\w-]+(?:\\.[\\w-]+)*(?::\\d{1,5})?"
     "(?:/|[ \\t\"',;]|$))"},
    /* .netrc: machine HOST login USER password PASS */
    {"netrc", 0, "machine", 0, NULL,
     "(?i)\\bmachine[ \\t]+\\S+(?:\\s+(?:login|account)\\s+\\S+)*"
     "\\s+password\\s+(\\S+)"},
    /* Maven settings.xml <password>, NuGet <add key="ClearTextPassword"
     * value="..."/>, any element named for a secret */
    {"xml-secret", 0, "</|<add", 1, NULL,
     "(?i)(?|<[\\w.:-]{0,64}?(?:pass(?:word|wd|phrase)|secret|token"
     "|api[_-]?key|private[_-]?key|credentials?|access[_-]?key"
     "|secret[_-]?key)>([^<]{1,4096})</"
     "|<add\\s+key\\s*=\\s*\"[^\"]{0,64}?(?:pass(?:word|wd)|secret|token"
     "|api-?key|apikey|access-?key)\"\\s+value\\s*=\\s*\"([^\"]+)\")"},
    /* nginx and friends: proxy_set_header Authorization "Basic ..." and
     * API key headers */
    {"header-secret", 0, "_header", 0, NULL,
     "(?i)\\b(?:proxy|grpc|fastcgi|uwsgi|more|add)_(?:set_)?header[ \\t]+"
     "[\"']?(?:(?:proxy-)?authorization|[\\w-]*(?:api-?key|token|secret"
     "|password|auth)[\\w-]*)[\"']?[ \\t]+[\"']?(?:(?:basic|bearer|token"
     "|digest|apikey)[ \\t]+)?([^\"';\\s][^\"';\\n]*?)[\"']?[ \\t]*;"},
    {"yaml-secret", 0, STEMS, 1, NULL,
     "(?im)^[ \\t]*(?:-[ \\t]+)?[\"']?[\\w.-]{0,128}?" WORDS "[\"']?"
     "[ \\t]*:[ \\t]+"
     "(?|\"((?:[^\"\\\\\\n]|\\\\.)+)\"|'((?:[^'\\n]|'')+)'"
     "|(?!" NOT_A_VALUE "[ \\t]*\\r?$)([^\\s\"'{\\[|>&*!<#][^\\n]*?))"
     "[ \\t]*(?:[ \\t]#[^\\n]*)?\\r?$"},
    {"cli-secret", 0, "--", 0, NULL,
     "(?i)(?|--[\\w-]{0,64}?" WORDS "[ \\t]+(?!-)([^\\s\"'<>\\\\]+)"
     "|\"--[\\w-]{0,64}?" WORDS "\"\\s*,\\s*\"((?:[^\"\\\\]|\\\\.)+)\")"},
    /* JSON, escaped JSON, then properties: one pattern, so the words are
     * looked for once; the group that is set names the rule */
    {"kv-secret", 0, STEMS, 1, "json-secret,escaped-json-secret,kv-secret",
     "(?i)" WORDS "(?:\"\\s*:\\s*\"((?:[^\"\\\\\\n]++|\\\\.)++)\""
     "|\\\\\"\\s*:\\s*\\\\\"((?:[^\"\\\\\\n]|\\\\(?!\")[^\\n])+?)\\\\\""
     "|(?:\\\\?[\"'])?[ \\t]*[:=][ \\t]*"
     "(?|\"((?:[^\"\\\\\\n]|\\\\.)+)\"|'([^'\\n]+)'"
     "|(?!" NOT_A_VALUE "(?![\\w.-]))((?:[^\\s\\x00\"'<>{}\\[\\](),;&\\\\]"
     "|[,;&](?![ \\t]*[\\w.-]{1,64}[ \\t]*[=:])"
     "(?=[^\\s\\x00\"'<>{}\\[\\](),;&\\\\]))++)))"},
    /* counted under the names the kv-secret groups give */
    {"json-secret", 0, NULL, 0, NULL, NULL},
    {"escaped-json-secret", 0, NULL, 0, NULL, NULL},
    /* applied to API objects only */
    {"secret-data", 0, NULL, 0, NULL, NULL},
    {"env-value", 0, NULL, 0, NULL, NULL},
    {"configmap-value", 0, NULL, 0, NULL, NULL},
    /* found by the scanners of sb_redact_scan.c, and by key names in
     * API objects */
    {"key-secret", 0, NULL, 0, NULL, NULL},
    {"entropy", 0, NULL, 0, NULL, NULL},
    {"base64-secret", 0, NULL, 0, NULL, NULL},
    {"pgpass", 0, NULL, 0, NULL, NULL},
};

#define N_DEFS (sizeof(rule_defs) / sizeof(rule_defs[0]))

/* The rules searched by line (see the note above add_line). */
struct line_rule {
    const char *name;
    /* how far before its first need on a line a match may start, or
     * NO_BACK (anywhere on the line): kv-secret opens with its
     * sensitive word, whose stem lies at most 11 bytes in
     * ("encryption_key") */
    size_t back;
    /* the line must hold a ':' followed by a blank as well: the
     * separator of a YAML key, which log lines seldom have */
    bool colon_blank;
};
#define NO_BACK ((size_t)-1)
static const struct line_rule line_rules[] = {
    {"url-password", NO_BACK, false}, {"dsn-password", NO_BACK, false},
    {"yaml-secret", NO_BACK, true}, {"kv-secret", 16, false},
    {NULL, 0, false}};
#define LINE_SLOTS 4
_Static_assert(sizeof(line_rules) / sizeof(line_rules[0]) - 1 <= LINE_SLOTS,
               "a slot for each by-line rule");

/* Line windows [s, e): e is past the line's newline. */
struct line_win {
    size_t s, e;
};

/* The lines of each by-line rule: its windows (an SB_ARRAY_GROW array
 * of struct line_win, at most one per line of the text, so bounded by
 * its length), and the end of the last one. */
struct line_set {
    struct line_win *wins;
    size_t nwins, wins_alloc;
    size_t end;
};

#define MAX_GROUP_RULES 4

struct rule {
    char *name;
    pcre2_code *re;         /* NULL for rules that are only counted */
    bool whole;             /* no capture group: mask the whole match */
    const struct rule_def *def; /* NULL for --redact-pattern rules */
    int group_rule[MAX_GROUP_RULES]; /* rule counted per group, or -1 */
    int line_slot;          /* a by-line rule's slot (see line_rules), or
                               -1: searched only on the lines that hold
                               one of its needs */
    unsigned long count;    /* atomic */
};

/* One literal of the rules' 'need' lists, and the rules that need it. */
struct need {
    const char *lit;        /* lent from rule_defs */
    size_t len;
    bool ci;
    uint64_t rules;         /* bit i: rules[i] */
    unsigned line;          /* bit s: a need of the by-line rule in slot s */
};

#define MAX_NEEDS 96
#define MAX_PER_BYTE 20

struct sb_redactor {
    struct rule *rules;
    size_t n;
    size_t n_text;          /* rules[0 .. this) have a pattern */
    struct need needs[MAX_NEEDS];
    size_t n_needs;
    uint64_t gated;         /* rules that run only when a need is seen */
    /* the needs starting with each byte, so one pass finds them all */
    unsigned char first_n[256];
    unsigned char first[256][MAX_PER_BYTE];
    /* pair[a << 8 | b]: some literal may start with bytes a, b (folded
     * with | 0x20). Most bytes of a text start no pair, and one load
     * answers them, where the first-byte lists cost a loop per byte. */
    unsigned char pair[1 << 16];
    pcre2_match_context *mctx;
    uint32_t ovec;          /* largest capture count + 1 */
    unsigned char key[HASH_KEY_LEN];
    /* HMAC-SHA256 keyed once with 'key'; each token duplicates it. The
     * one-shot HMAC() looks the algorithm up and keys it on every call,
     * about 20,000 instructions a token: more than the scan of the
     * string it masks. Only read after sb_redactor_new. */
    EVP_MAC_CTX *mac;
    int warned;             /* atomic: warned about a match error once */
    /* the kept map (sb_redactor_keep_map): token hex -> original */
    bool keep;
    pthread_mutex_t map_mu;
    struct map_ent *map;    /* open addressing, 'map_cap' a power of 2 */
    size_t map_cap, map_n;
    bool map_full;
    unsigned long serial;   /* tells this redactor's cached texts apart */
};

struct map_ent {
    char hex[TOKEN_HEX + 1];    /* "" for a free slot */
    char *val;
    size_t len;
};

static int rule_index(const struct sb_redactor *r, const char *name)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        if (!strcmp(r->rules[i].name, name))
            return (int)i;
    return -1;
}

static pcre2_code *compile(const char *re, uint32_t opts, const char *what,
                           struct sb_err *err)
{
    PCRE2_UCHAR msg[256];
    PCRE2_SIZE off;
    pcre2_code *code;
    int e;

    code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, opts, &e, &off,
                         NULL);
    if (!code) {
        pcre2_get_error_message(e, msg, sizeof(msg));
        sb_err_set(err, SB_E_USAGE, "bad %s '%s' at offset %zu: %s", what,
                   re, (size_t)off, (const char *)msg);
        return NULL;
    }
    /* the interpreter is a correct fallback where JIT is unavailable */
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    return code;
}

/* 'whole' is 1 (mask the whole match), 0 (mask group 1) or -1 (group 1
 * when the pattern has one: the --redact-pattern contract). */
static int add_rule(struct sb_redactor *r, const char *name, const char *re,
                    int whole, const char *what, struct sb_err *err)
{
    struct rule *ru = &r->rules[r->n];
    uint32_t groups = 0;
    int i;

    memset(ru, 0, sizeof(*ru));
    for (i = 0; i < MAX_GROUP_RULES; i++)
        ru->group_rule[i] = -1;
    ru->name = sb_strdup(name);
    if (!ru->name)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    r->n++;
    if (!re)
        return 0;
    ru->line_slot = -1;
    for (i = 0; line_rules[i].name; i++)
        if (!strcmp(name, line_rules[i].name))
            ru->line_slot = i;
    ru->re = compile(re, ru->line_slot >= 0 ? PCRE2_USE_OFFSET_LIMIT : 0,
                     what, err);
    if (!ru->re)
        return err ? err->code : SB_E_USAGE;
    pcre2_pattern_info(ru->re, PCRE2_INFO_CAPTURECOUNT, &groups);
    ru->whole = whole > 0 || groups == 0;
    if (groups + 1 > r->ovec)
        r->ovec = groups + 1;
    return 0;
}

/*
 * By line: some rules are dear to run over a whole text: unanchored
 * patterns that PCRE2 starts at every 'p', 's', 't', 'a', ... (the
 * key-value rules, case-insensitive alternations) or at every letter
 * (the URL and DSN passwords). Each match of these holds one of its
 * rule's needs on the line where it starts: a sensitive word (holding a
 * stem) opens a key-value match, and "://" or the '@' lie between the
 * start and the password, with no newline and no token between ('<',
 * '>' and white space are outside the classes in between). So they are
 * searched only on the lines that hold a need of theirs: PCRE2 gets the
 * line as start offset and its end as offset limit (the latest start
 * allowed), while a match may run past the line as before. The lines
 * are found in the input by scan_needs and moved along as the rules
 * rewrite it; they are a superset (a need inside a longer word, another
 * rule's need), so the matches are the same ones.
 */
/* (line_rules, above) */

/* Appends the line of 'in' around 'p' to 'set' (merged with the last
 * window when adjacent), from lr->back bytes before 'p' at most; returns
 * the line's end or (size_t)-1 out of memory. 'from' is the end of the
 * last window. */
static size_t add_line(const char *in, size_t len, size_t p, size_t from,
                       const struct line_rule *lr, struct line_set *set)
{
    const char *nl = memchr(in + p, '\n', len - p), *c;
    size_t ls = p, le = nl ? (size_t)(nl - in) + 1 : len;
    struct line_win w;

    while (ls > from && in[ls - 1] != '\n' && p - ls < lr->back)
        ls--;
    if (lr->colon_blank) {
        for (c = in + ls; (c = memchr(c, ':', (size_t)(in + le - c))); c++)
            if (c + 1 < in + le && (c[1] == ' ' || c[1] == '\t'))
                break;
        if (!c)
            return le;          /* no window, and the line is done */
    }
    if (set->nwins) {
        struct line_win *last = &set->wins[set->nwins - 1];

        if (last->e == ls) {
            last->e = le;
            return le;
        }
    }
    w.s = ls;
    w.e = le;
    if (SB_ARRAY_GROW(set->wins, set->nwins + 1, set->wins_alloc,
                      SB_ARRAY_MAX))
        return (size_t)-1;
    set->wins[set->nwins++] = w;
    return le;
}

/* Which gated rules may match 'in': one pass over the text looking for
 * every rule's literals at once. A rule whose literals are all absent
 * cannot match and is not run, which keeps ordinary log text fast. The
 * same pass notes in 'lines' the lines that hold a need of each by-line
 * rule (see line_rules). Returns 0 or SB_E_NOMEM. */
static int scan_needs(const struct sb_redactor *r, const char *in,
                      size_t len, uint64_t *needs, struct line_set *lines)
{
    const unsigned char *p = (const unsigned char *)in, *end = p + len;
    uint64_t got = 0;
    unsigned k, b, sl;

    *needs = 0;
    if (!len)
        return 0;
    for (;;) {
        /* the tight loop: one table load a byte, the last byte paired
         * with 0 (one-byte literals pair with anything) */
        while (p + 1 < end &&
               !r->pair[(unsigned)(p[0] | 0x20u) << 8 | (p[1] | 0x20u)])
            p++;
        if (p + 1 == end && !r->pair[(unsigned)(p[0] | 0x20u) << 8])
            break;
        for (k = 0; k < r->first_n[*p]; k++) {
            const struct need *nd = &r->needs[r->first[*p][k]];
            size_t at = (size_t)(p - (const unsigned char *)in);
            unsigned open = 0;      /* slots still to note this line in */

            for (b = nd->line; b; b &= b - 1) {
                sl = (unsigned)__builtin_ctz(b);
                if (at >= lines[sl].end)
                    open |= 1u << sl;
            }
            if (((got & nd->rules) == nd->rules && !open) ||
                (size_t)(end - p) < nd->len)
                continue;
            /* the second byte rejects almost every candidate without a
             * call; '| 0x20' only merges cases, so it never rejects a
             * match (a case-sensitive literal is compared again below) */
            if (nd->len > 1 && (p[1] | 0x20) != (nd->lit[1] | 0x20))
                continue;
            if (nd->ci ? strncasecmp((const char *)p, nd->lit, nd->len)
                       : memcmp(p, nd->lit, nd->len))
                continue;
            got |= nd->rules;
            for (b = open; b; b &= b - 1) {
                sl = (unsigned)__builtin_ctz(b);
                lines[sl].end = add_line(in, len, at, lines[sl].end,
                                         &line_rules[sl], &lines[sl]);
                if (lines[sl].end == (size_t)-1)
                    return SB_E_NOMEM;
            }
        }
        if (++p == end)
            break;
    }
    *needs = got;
    return 0;
}

static int add_first(struct sb_redactor *r, unsigned char c, size_t idx)
{
    unsigned k;

    for (k = 0; k < r->first_n[c]; k++)
        if (r->first[c][k] == idx)
            return 0;
    if (r->first_n[c] >= MAX_PER_BYTE)
        return SB_E_INTERNAL;
    r->first[c][r->first_n[c]++] = (unsigned char)idx;
    return 0;
}

/* Builds the need tables from the built-in rules' 'need' lists. */
static int build_needs(struct sb_redactor *r, struct sb_err *err)
{
    const char *p;
    size_t i, j, n;

    if (r->n_text > 64)
        return sb_err_set(err, SB_E_USAGE, "too many --redact-pattern");
    for (i = 0; i < r->n_text; i++) {
        const struct rule_def *d = r->rules[i].def;

        if (!d || !d->need)
            continue;
        r->gated |= (uint64_t)1 << i;
        for (p = d->need; *p; p += n + (p[n] == '|')) {
            n = strcspn(p, "|");
            for (j = 0; j < r->n_needs; j++)
                if (r->needs[j].len == n && r->needs[j].ci == !!d->need_ci &&
                    !memcmp(r->needs[j].lit, p, n))
                    break;
            if (j == r->n_needs) {
                if (j == MAX_NEEDS || !n)
                    return sb_err_set(err, SB_E_INTERNAL,
                                      "too many redaction literals");
                r->needs[j].lit = p;
                r->needs[j].len = n;
                r->needs[j].ci = d->need_ci;
                r->n_needs++;
                if (add_first(r, (unsigned char)p[0], j) ||
                    (d->need_ci &&
                     (add_first(r, (unsigned char)tolower((unsigned char)p[0]),
                                j) ||
                      add_first(r, (unsigned char)toupper((unsigned char)p[0]),
                                j))))
                    return sb_err_set(err, SB_E_INTERNAL,
                                      "too many redaction literals");
            }
            r->needs[j].rules |= (uint64_t)1 << i;
            if (r->rules[i].line_slot >= 0)
                r->needs[j].line |= 1u << r->rules[i].line_slot;
            {
                unsigned a = (unsigned char)p[0] | 0x20u, b;

                /* a one-byte literal pairs with any byte, also with
                 * the end of the text (0) */
                for (b = 0; b < 256; b++)
                    if (n == 1 || b == ((unsigned char)p[1] | 0x20u))
                        r->pair[a << 8 | b] = 1;
            }
        }
    }
    return 0;
}

/* Resolves each "groups" list of rule names to rule indexes. */
static int link_groups(struct sb_redactor *r, struct sb_err *err)
{
    char name[64];
    size_t i, len;
    const char *p;
    int g;

    for (i = 0; i < r->n; i++) {
        if (!r->rules[i].def || !r->rules[i].def->groups)
            continue;
        for (p = r->rules[i].def->groups, g = 0; *p && g < MAX_GROUP_RULES;
             g++) {
            len = strcspn(p, ",");
            snprintf(name, sizeof(name), "%.*s", (int)len, p);
            r->rules[i].group_rule[g] = rule_index(r, name);
            if (r->rules[i].group_rule[g] < 0)
                return sb_err_set(err, SB_E_INTERNAL,
                                  "redaction rule '%s' names no rule '%s'",
                                  r->rules[i].name, name);
            p += len + (p[len] == ',');
        }
    }
    return 0;
}

/* Numbers the redactors, so that a cache entry of one that was freed is
 * never taken for one of a new redactor at the same address. */
static unsigned long redactor_serial;

int sb_redactor_new(const char *const *extra, size_t n,
                    struct sb_redactor **out, struct sb_err *err)
{
    struct sb_redactor *r;
    char name[32];
    size_t i;
    int rc = 0;

    *out = NULL;
    r = sb_calloc(1, sizeof(*r));
    if (!r)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    r->ovec = 1;
    r->serial = __atomic_add_fetch(&redactor_serial, 1, __ATOMIC_RELAXED);
    pthread_mutex_init(&r->map_mu, NULL);
    for (i = 0; sb_redact_vendor_name(i); i++)
        ;
    r->rules = sb_calloc(N_DEFS + n + i, sizeof(*r->rules));
    r->mctx = pcre2_match_context_create(NULL);
    if (!r->rules || !r->mctx) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    pcre2_set_match_limit(r->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(r->mctx, DEPTH_LIMIT);
    if (RAND_bytes(r->key, sizeof(r->key)) != 1) {
        rc = sb_err_set(err, SB_E_INTERNAL,
                        "cannot draw a random redaction key");
        goto cleanup;
    }
    {
        EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
        OSSL_PARAM ps[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                             (char *)"SHA256", 0),
            OSSL_PARAM_construct_end()};

        r->mac = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
        EVP_MAC_free(hmac);
        if (!r->mac || !EVP_MAC_init(r->mac, r->key, sizeof(r->key), ps)) {
            rc = sb_err_set(err, SB_E_INTERNAL,
                            "cannot set up the redaction hash");
            goto cleanup;
        }
    }
    for (i = 0; i < N_DEFS && !rc; i++)
        if (rule_defs[i].re) {
            rc = add_rule(r, rule_defs[i].name, rule_defs[i].re,
                          rule_defs[i].whole, "built-in pattern", err);
            if (!rc)
                r->rules[r->n - 1].def = &rule_defs[i];
        }
    for (i = 0; i < n && !rc; i++) {
        snprintf(name, sizeof(name), "custom-%zu", i + 1);
        rc = add_rule(r, name, extra[i], -1, "--redact-pattern", err);
    }
    r->n_text = r->n;
    /* counted-only rules last, so the text rules stay one run */
    for (i = 0; i < N_DEFS && !rc; i++)
        if (!rule_defs[i].re)
            rc = add_rule(r, rule_defs[i].name, NULL, 0, NULL, err);
    for (i = 0; sb_redact_vendor_name(i) && !rc; i++)
        if (rule_index(r, sb_redact_vendor_name(i)) < 0)
            rc = add_rule(r, sb_redact_vendor_name(i), NULL, 0, NULL, err);
    if (!rc)
        rc = link_groups(r, err);
    if (!rc)
        rc = build_needs(r, err);
    if (rc)
        goto cleanup;
    *out = r;
    return 0;
cleanup:
    sb_redactor_free(r);
    return rc;
}

void sb_redactor_free(struct sb_redactor *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; r->rules && i < r->n; i++) {
        pcre2_code_free(r->rules[i].re);
        sb_free(r->rules[i].name);
    }
    sb_free(r->rules);
    pcre2_match_context_free(r->mctx);
    EVP_MAC_CTX_free(r->mac);
    OPENSSL_cleanse(r->key, sizeof(r->key));
    for (i = 0; i < r->map_cap; i++)
        if (r->map[i].val) {
            OPENSSL_cleanse(r->map[i].val, r->map[i].len);
            sb_free(r->map[i].val);
        }
    sb_free(r->map);
    pthread_mutex_destroy(&r->map_mu);
    sb_free(r);
}

/* ---- the kept map ---- */

static size_t map_slot(const struct map_ent *tab, size_t cap, const char *hex)
{
    size_t i = 0, k;

    /* the hex is an HMAC already: its digits are the hash */
    for (k = 0; k < 8; k++)
        i = i * 16 + (size_t)(isdigit((unsigned char)hex[k]) ? hex[k] - '0'
                                                            : hex[k] - 'a' + 10);
    i &= cap - 1;

    while (tab[i].hex[0] && strcmp(tab[i].hex, hex))
        i = (i + 1) & (cap - 1);
    return i;
}

static int map_grow(struct sb_redactor *r)
{
    size_t cap = r->map_cap ? r->map_cap * 2 : 1024, i, j;
    struct map_ent *tab = sb_calloc(cap, sizeof(*tab));

    if (!tab)
        return SB_E_NOMEM;
    for (i = 0; i < r->map_cap; i++)
        if (r->map[i].hex[0]) {
            j = map_slot(tab, cap, r->map[i].hex);
            tab[j] = r->map[i];
        }
    sb_free(r->map);
    r->map = tab;
    r->map_cap = cap;
    return 0;
}

/* Remembers 'v' under 'hex' once. Out of memory or past the cap, the
 * map is incomplete (said once), the bundle is not: masking goes on. */
static void map_put(struct sb_redactor *r, const char *hex, const char *v,
                    size_t len)
{
    size_t i;
    bool warn = false;

    pthread_mutex_lock(&r->map_mu);
    if (r->map_full)
        goto out;
    if ((r->map_n + 1) * 2 > r->map_cap && map_grow(r)) {
        r->map_full = warn = true;
        goto out;
    }
    i = map_slot(r->map, r->map_cap, hex);
    if (r->map[i].hex[0])
        goto out;
    if (r->map_n >= SB_REDACT_MAP_MAX ||
        !(r->map[i].val = sb_malloc(len + 1))) {
        r->map_full = warn = true;
        goto out;
    }
    memcpy(r->map[i].val, v, len);
    r->map[i].val[len] = '\0';
    r->map[i].len = len;
    memcpy(r->map[i].hex, hex, TOKEN_HEX + 1);
    r->map_n++;
out:
    pthread_mutex_unlock(&r->map_mu);
    if (warn)
        sb_warn("the redaction map is full or out of memory: tokens from "
                "here on cannot be revealed (the bundle is still masked)");
}

int sb_redactor_keep_map(struct sb_redactor *r)
{
    r->keep = true;
    return 0;
}

cJSON *sb_redact_map_json(struct sb_redactor *r)
{
    cJSON *o = cJSON_CreateObject(), *t;
    size_t i;

    if (!o || !cJSON_AddNumberToObject(o, "version", 1) ||
        !(t = cJSON_AddObjectToObject(o, "tokens")))
        goto nomem;
    pthread_mutex_lock(&r->map_mu);
    for (i = 0; i < r->map_cap; i++)
        if (r->map[i].hex[0] &&
            !cJSON_AddStringToObject(t, r->map[i].hex, r->map[i].val)) {
            pthread_mutex_unlock(&r->map_mu);
            goto nomem;
        }
    pthread_mutex_unlock(&r->map_mu);
    return o;
nomem:
    cJSON_Delete(o);
    return NULL;
}

/* ---- tokens ---- */

/* Tokens this thread has written: a redaction that left this alone
 * masked nothing, so had no effect but its output. */
static _Thread_local unsigned long thread_tokens;

static int add_token(struct sb_redactor *r, size_t rule, const char *v,
                     size_t len, struct sb_buf *out)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    size_t mdlen = 0;
    char h[TOKEN_HEX + 1];
    EVP_MAC_CTX *c = EVP_MAC_CTX_dup(r->mac);
    char tok[128];
    size_t nlen;
    int i, ok;

    ok = c && EVP_MAC_update(c, (const unsigned char *)v, len) &&
         EVP_MAC_final(c, md, &mdlen, sizeof(md));
    EVP_MAC_CTX_free(c);
    if (!ok || mdlen * 2 < TOKEN_HEX)
        return SB_E_INTERNAL;
    for (i = 0; i < TOKEN_HEX; i++)
        h[i] = hex[(md[i / 2] >> (i % 2 ? 0 : 4)) & 0xf];
    h[TOKEN_HEX] = '\0';
    thread_tokens++;
    if (r->keep)
        map_put(r, h, v, len);
    __atomic_fetch_add(&r->rules[rule].count, 1, __ATOMIC_RELAXED);
    /* "<redacted:" name ":" hex ">" in one append, without a format to
     * parse (that took more instructions than the scan of most values) */
    nlen = strlen(r->rules[rule].name);
    if (nlen > sizeof(tok) - 12 - TOKEN_HEX)
        return sb_buf_addf(out, "<redacted:%s:%s>", r->rules[rule].name, h);
    memcpy(tok, "<redacted:", 10);
    memcpy(tok + 10, r->rules[rule].name, nlen);
    tok[10 + nlen] = ':';
    memcpy(tok + 11 + nlen, h, TOKEN_HEX);
    tok[11 + nlen + TOKEN_HEX] = '>';
    return sb_buf_add(out, tok, 12 + nlen + TOKEN_HEX);
}

/* The length of the token that starts at 'p' (up to 'len' bytes), or 0:
 * "<redacted:" rule ":" 10 hex digits ">". */
static size_t token_len(const char *p, size_t len)
{
    size_t i = 10, name;

    if (len < 10 || memcmp(p, "<redacted:", 10))
        return 0;
    for (name = i; i < len && i - name < 40 &&
                   (islower((unsigned char)p[i]) ||
                    isdigit((unsigned char)p[i]) || p[i] == '-');
         i++)
        ;
    if (i == name || i + TOKEN_HEX + 2 > len || p[i] != ':')
        return 0;
    for (i++, name = 0; name < TOKEN_HEX; name++, i++)
        if (!isdigit((unsigned char)p[i]) && (p[i] < 'a' || p[i] > 'f'))
            return 0;
    return p[i] == '>' ? i + 1 : 0;
}

/* Whether offset 's' lies inside a token an earlier rule wrote, whose
 * own text ("<redacted:kv-secret:...>") must not look like a key. */
static bool in_token(const char *in, size_t len, size_t s)
{
    size_t i, lo = s > 64 ? s - 64 : 0;

    for (i = s + 1; i-- > lo;)
        if (in[i] == '<') {
            size_t t = token_len(in + i, len - i);

            if (t && s < i + t)
                return true;
        }
    return false;
}

/* A value that is already exactly one token is left as it is. */
static bool is_token(const char *s, size_t len)
{
    return token_len(s, len) == len;
}

/* Nor is one made of tokens back to back: two rules that each masked a
 * part of one value ("AccountKey=<azure-key><kv-secret>"); masking them
 * again would make a second redaction differ from the first. */
static bool only_tokens(const char *s, size_t len)
{
    size_t t;

    while (len && (t = token_len(s, len))) {
        s += t;
        len -= t;
    }
    return len == 0;
}

static void warn_once(struct sb_redactor *r, const char *rule, int code)
{
    PCRE2_UCHAR msg[128];

    if (__atomic_exchange_n(&r->warned, 1, __ATOMIC_RELAXED))
        return;
    pcre2_get_error_message(code, msg, sizeof(msg));
    sb_warn("redaction rule '%s' gave up on a text (%s): the rest of that "
            "text was checked by the other rules only", rule,
            (const char *)msg);
}

/* Runs rule 'ri' over 'in'. When it masks something, the result goes to
 * 'out' and *hit is set; otherwise 'out' is untouched. */
/* The text and, for a by-line rule, the windows where its matches may
 * start ('mctx' then a match context of the call's own, whose offset
 * limit is set per window). */
struct subject {
    const char *in;
    size_t len;
    bool by_line;
    const struct line_win *win;
    size_t n_win;
    pcre2_match_context *mctx;
};

/* The next match of rule 'ru' at or after 'off': PCRE2's result. */
static int next_match(struct sb_redactor *r, const struct rule *ru,
                      const struct subject *sj, size_t off, size_t *wi,
                      pcre2_match_data *md)
{
    int m;

    if (!sj->by_line)
        return pcre2_match(ru->re, (PCRE2_SPTR)sj->in, sj->len, off, 0, md,
                           r->mctx);
    for (;; (*wi)++) {
        while (*wi < sj->n_win && sj->win[*wi].e <= off)
            (*wi)++;
        if (*wi == sj->n_win)
            return PCRE2_ERROR_NOMATCH;
        pcre2_set_offset_limit(sj->mctx, sj->win[*wi].e);
        m = pcre2_match(ru->re, (PCRE2_SPTR)sj->in, sj->len,
                        off > sj->win[*wi].s ? off : sj->win[*wi].s, 0, md,
                        sj->mctx);
        if (m != PCRE2_ERROR_NOMATCH)
            return m;
    }
}

/* One replacement by a rule: [s, e) of its input became 'n' bytes. */
struct edit {
    size_t s, e, n;
};

/* One rule's edits, in text order: an SB_ARRAY_GROW array, at most one
 * per match, so bounded by the text's length. */
struct edit_list {
    struct edit *v;
    size_t n, alloc;
};

/* Moves the windows found in a text to where their lines are after the
 * rule that made 'edits'. A window edge inside a replaced span moves
 * to that span's start (a window's start) or end (its end): the window
 * only grows, and the text a match may start on is never replaced (a
 * match starting in a token is skipped). */
static void move_windows(struct line_set *ls, const struct edit_list *edits)
{
    struct line_win *w = ls->wins;
    const struct edit *ed = edits->v;
    size_t nw = ls->nwins, ne = edits->n;
    size_t i, j = 0, ja = 0;
    long long d = 0, da = 0;    /* shift before edit j (ja for ends) */

    for (i = 0; i < nw; i++) {
        while (j < ne && ed[j].e <= w[i].s) {
            d += (long long)ed[j].n - (long long)(ed[j].e - ed[j].s);
            j++;
        }
        w[i].s = (size_t)((long long)(j < ne && ed[j].s < w[i].s
                                          ? ed[j].s : w[i].s) + d);
        while (ja < ne && ed[ja].e <= w[i].e) {
            da += (long long)ed[ja].n - (long long)(ed[ja].e - ed[ja].s);
            ja++;
        }
        w[i].e = (size_t)((long long)(ja < ne && ed[ja].s < w[i].e
                                          ? ed[ja].s + ed[ja].n : w[i].e) +
                          da);
    }
}

static int apply_rule(struct sb_redactor *r, size_t ri,
                      const struct subject *sj, pcre2_match_data *md,
                      struct sb_buf *out, struct edit_list *edits,
                      bool *hit)
{
    const struct rule *ru = &r->rules[ri];
    const char *in = sj->in;
    size_t len = sj->len, off = 0, copied = 0, s, e, count_as, wi = 0;
    PCRE2_SIZE *ov;
    int m, g, rc = 0;

    *hit = false;
    while (off <= len) {
        m = next_match(r, ru, sj, off, &wi, md);
        if (m == PCRE2_ERROR_NOMATCH)
            break;
        if (m < 0) {
            warn_once(r, ru->name, m);
            break;
        }
        ov = pcre2_get_ovector_pointer(md);
        s = ov[0];
        e = ov[1];
        count_as = ri;
        for (g = 1; !ru->whole && g < m; g++)
            if (ov[2 * g] != PCRE2_UNSET) {
                s = ov[2 * g];
                e = ov[2 * g + 1];
                if (g <= MAX_GROUP_RULES && ru->group_rule[g - 1] >= 0)
                    count_as = (size_t)ru->group_rule[g - 1];
                break;
            }
        /* go on from the end of the masked part, so that the context
         * after one value can be the context before the next: one pass
         * then catches what a second pass would */
        off = e > ov[0] ? e : ov[0] + 1;
        if (e <= s || s < copied || only_tokens(in + s, e - s) ||
            in_token(in, len, ov[0]))
            continue;
        if (!*hit) {
            sb_buf_reset(out);
            *hit = true;
        }
        rc = sb_buf_add(out, in + copied, s - copied);
        if (!rc) {
            struct edit ed = {s, e, out->len};

            rc = add_token(r, count_as, in + s, e - s, out);
            ed.n = out->len - ed.n;
            if (!rc && edits)
                rc = SB_ARRAY_GROW(edits->v, edits->n + 1, edits->alloc,
                                   SB_ARRAY_MAX);
            if (!rc && edits)
                edits->v[edits->n++] = ed;
        }
        if (rc)
            return rc;
        copied = e;
    }
    if (*hit)
        rc = sb_buf_add(out, in + copied, len - copied);
    return rc;
}

/* ---- the scanners' pass ---- */

#define B64_CHECK_MAX (256 * 1024)

struct scan_out {
    struct sb_redactor *r;
    const char *in;
    struct sb_buf *out;
    size_t copied;
    int depth;
};

static int redact(struct sb_redactor *r, const char *in, size_t len,
                  struct sb_buf *out, int depth);

/* Whether a base64 run [s, e) decodes to text that holds a secret. */
static int base64_holds_secret(struct sb_redactor *r, const char *in,
                               size_t len, int depth, bool *yes)
{
    struct sb_buf dec = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf red = SB_BUF_INIT(SB_BUF_UNLIMITED);
    unsigned char *d;
    size_t n, i;
    int rc;

    *yes = false;
    if (len > B64_CHECK_MAX)
        return 0;
    {
        /* most runs are hashes or words: their first bytes tell */
        unsigned char head[48];
        size_t hn = sb_base64_decode(in, (len < 64 ? len : 64) & ~(size_t)3,
                                     head, 0);

        if (hn == (size_t)-1)
            return 0;
        for (i = 0; i < hn; i++)
            if ((head[i] < 0x20 || head[i] > 0x7e) && head[i] != '\n' &&
                head[i] != '\r' && head[i] != '\t')
                return 0;
    }
    rc = sb_buf_grow(&dec, len * 3 / 4 + 4);
    if (rc)
        return rc;
    d = (unsigned char *)dec.data;
    n = sb_base64_decode(in, len, d, 0);
    if (n == (size_t)-1 || n < 6)
        goto cleanup;
    /* text only: binary (hashes, images, DER) cannot be checked */
    for (i = 0; i < n; i++)
        if ((d[i] < 0x20 || d[i] > 0x7e) && d[i] != '\n' && d[i] != '\r' &&
            d[i] != '\t')
            goto cleanup;
    rc = redact(r, (const char *)d, n, &red, depth + 1);
    if (!rc)
        *yes = red.len != n || memcmp(red.data, d, n);
cleanup:
    sb_buf_release(&dec);
    sb_buf_release(&red);
    return rc;
}

static int on_span(void *ctx, enum sb_scan_kind kind, size_t s, size_t e,
                   const char *rule, bool *masked)
{
    struct scan_out *so = ctx;
    int ri, rc;

    *masked = false;
    /* most base64 runs are no secret: judge them before looking the
     * rule up by name */
    if (kind == SB_SCAN_BASE64) {
        bool yes;

        rc = base64_holds_secret(so->r, so->in + s, e - s, so->depth, &yes);
        if (rc || !yes)
            return rc;
    }
    ri = rule_index(so->r, rule);
    if (ri < 0)
        return SB_E_INTERNAL;
    rc = sb_buf_add(so->out, so->in + so->copied, s - so->copied);
    if (!rc)
        rc = add_token(so->r, (size_t)ri, so->in + s, e - s, so->out);
    if (!rc) {
        so->copied = e;
        *masked = true;
    }
    return rc;
}

/* The scanners' pass over 'in', appended to 'out'. */
static int scan_pass(struct sb_redactor *r, const char *in, size_t len,
                     struct sb_buf *out, int depth)
{
    struct scan_out so = {r, in, out, 0, depth};
    int rc;

    rc = sb_redact_scan(in, len, depth == 0, on_span, &so);
    if (!rc)
        rc = sb_buf_add(out, in + so.copied, len - so.copied);
    return rc;
}

int sb_redact_text(struct sb_redactor *r, const char *in, size_t len,
                   struct sb_buf *out)
{
    return redact(r, in, len, out, 0);
}

/* The PCRE2 rules, then the scanners; 'depth' > 0 inside a base64
 * value, whose own base64 runs are not decoded again. */
static int redact(struct sb_redactor *r, const char *in, size_t len,
                  struct sb_buf *out, int depth)
{
    struct sb_buf tmp[2] = {SB_BUF_INIT(SB_BUF_UNLIMITED),
                            SB_BUF_INIT(SB_BUF_UNLIMITED)};
    struct line_set lines[LINE_SLOTS];
    struct edit_list edits = {NULL, 0, 0};
    struct subject sj = {in, len, false, NULL, 0, NULL};
    size_t i, k;
    uint64_t need = 0, run;
    pcre2_match_data *md = NULL;
    int rc = 0, t = 0;
    bool hit;

    for (i = 0; i < LINE_SLOTS; i++) {
        lines[i].wins = NULL;
        lines[i].nwins = lines[i].wins_alloc = 0;
        lines[i].end = 0;
    }
    /* the literals are looked for in the input, not in the tokens that
     * earlier rules write: a token must not wake a rule up */
    if (r->gated)
        rc = scan_needs(r, in, len, &need, lines);
    /* the rules to run: the ungated ones and the gated ones whose need
     * was seen, visited in rule order by their bits (most values wake
     * none, and then no match data is made either) */
    run = (~r->gated | need) &
          (r->n_text < 64 ? ((uint64_t)1 << r->n_text) - 1 : ~(uint64_t)0);
    for (; run && !rc; run &= run - 1) {
        i = (size_t)__builtin_ctzll(run);
        if (!md && !(md = pcre2_match_data_create(r->ovec, NULL))) {
            rc = SB_E_NOMEM;
            break;
        }
        sj.by_line = r->rules[i].line_slot >= 0;
        if (sj.by_line) {
            const struct line_set *w = &lines[r->rules[i].line_slot];

            if (!sj.mctx && !(sj.mctx = pcre2_match_context_copy(r->mctx))) {
                rc = SB_E_NOMEM;
                break;
            }
            sj.win = w->wins;
            sj.n_win = w->nwins;
        }
        edits.n = 0;
        rc = apply_rule(r, i, &sj, md, &tmp[t], &edits, &hit);
        if (!rc && hit) {
            sj.in = sb_buf_str(&tmp[t]);
            sj.len = tmp[t].len;
            t ^= 1;
            for (k = 0; k < LINE_SLOTS; k++)
                move_windows(&lines[k], &edits);
        }
    }
    if (!rc)
        rc = scan_pass(r, sj.in, sj.len, out, depth);
    pcre2_match_data_free(md);
    pcre2_match_context_free(sj.mctx);
    for (i = 0; i < LINE_SLOTS; i++)
        sb_free(lines[i].wins);
    sb_free(edits.v);
    sb_buf_release(&tmp[0]);
    sb_buf_release(&tmp[1]);
    return rc;
}

/* ---- API objects ---- */

static bool ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);

    return n >= k && !memcmp(s + n - k, suf, k);
}

/* Whether an environment variable or ConfigMap key names a secret:
 * a word (split at '_', '-', '.') ending in PASSWORD, SECRET, TOKEN,
 * CREDENTIAL(S), APIKEY, AUTH, ..., or a last word KEY (SSH_KEY, API_KEY).
 * So DB_PASSWORD, HF_TOKEN, OAUTH and AWS_SECRET_ACCESS_KEY are sensitive;
 * MAX_TOKENS, TOKENIZER, KEY_BATCH, AUTHOR and PWD are not. */
static bool sensitive_name(const char *name)
{
    static const char *const ends[] = {
        "PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "CREDENTIAL",
        "CREDENTIALS", "APIKEY", "AUTH", "PRIVATEKEY", "ACCESSKEY",
        "SECRETKEY", "CONNECTIONSTRING", "DSN"};
    char w[128];
    const char *p = name;
    size_t n, i, j;

    while (*p) {
        for (n = 0; p[n] && !strchr("_-.", p[n]); n++)
            ;
        if (n && n < sizeof(w)) {
            for (i = 0; i < n; i++)
                w[i] = (char)toupper((unsigned char)p[i]);
            w[n] = '\0';
            for (j = 0; j < sizeof(ends) / sizeof(ends[0]); j++)
                if (ends_with(w, n, ends[j]))
                    return true;
            if (!p[n] && p != name &&
                (!strcmp(w, "KEY") || !strcmp(w, "PASS") ||
                 !strcmp(w, "PWD")))
                return true;
        }
        p += n;
        if (*p)
            p++;
    }
    return false;
}

/* "--token", "-password", "--client-secret": a flag whose next argument
 * is a secret. */
static bool secret_flag(const char *s)
{
    static const char *const words[] = {
        "password", "passwd", "passphrase", "secret", "token", "apikey",
        "api-key", "api_key", "access-key", "secret-key", "private-key",
        "credential", "credentials"};
    size_t n = strlen(s), i;
    char low[128];

    if (s[0] != '-' || n >= sizeof(low) || strchr(s, '='))
        return false;
    for (i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)s[i]);
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (ends_with(low, n, words[i]))
            return true;
    return false;
}

static int set_string(cJSON *item, const char *s)
{
    char *copy;

    if (!(item->type & cJSON_IsReference))
        return cJSON_SetValuestring(item, s) ? 0 : SB_E_NOMEM;
    /* a reference does not own its text: give it a copy of its own */
    copy = cJSON_malloc(strlen(s) + 1);
    if (!copy)
        return SB_E_NOMEM;
    strcpy(copy, s);
    item->valuestring = copy;
    item->type &= ~cJSON_IsReference;
    return 0;
}

static int mask_string(struct sb_redactor *r, cJSON *item, const char *rule)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    int ri = rule_index(r, rule), rc;

    if (!cJSON_IsString(item) || !item->valuestring ||
        !item->valuestring[0] ||
        is_token(item->valuestring, strlen(item->valuestring)))
        return 0;
    rc = add_token(r, (size_t)ri, item->valuestring,
                   strlen(item->valuestring), &b);
    if (!rc)
        rc = set_string(item, sb_buf_str(&b));
    sb_buf_release(&b);
    return rc;
}

static int walk(struct sb_redactor *r, cJSON *node, const char *kind,
                bool top);

#define EMBEDDED_MAX (4u << 20)

/* A JSON document kept in a string (a ConfigMap value, an annotation, a
 * CR field) is walked as a tree too, so its keys are judged as keys; it
 * is written back only when that masked something. */
static int embedded_doc(struct sb_redactor *r, cJSON *item)
{
    const char *s = item->valuestring;
    char *before = NULL, *after = NULL;
    size_t len = strlen(s), i;
    cJSON *doc;
    bool pretty;
    int rc = 0;

    for (i = 0; i < len && isspace((unsigned char)s[i]); i++)
        ;
    if (i == len || (s[i] != '{' && s[i] != '[') || len > EMBEDDED_MAX)
        return 0;
    doc = cJSON_ParseWithLength(s, len);
    if (!doc || !(cJSON_IsObject(doc) || cJSON_IsArray(doc)))
        goto cleanup;
    pretty = memchr(s, '\n', len) != NULL;
    before = pretty ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc);
    rc = walk(r, doc, NULL, true);
    if (!rc)
        after = pretty ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc);
    if (!rc && (!before || !after))
        rc = SB_E_NOMEM;
    if (!rc && strcmp(before, after))
        rc = set_string(item, after);
cleanup:
    cJSON_free(before);
    cJSON_free(after);
    cJSON_Delete(doc);
    return rc;
}

/* Objects repeat short values ("True", "Running", a namespace, an
 * image) in every item, and the text rules find nothing in most. The
 * rules are fixed once a redactor is made, so a text they left as it
 * was, writing no token, is left as it was again: each thread keeps such
 * texts in PASS_SETS sets of two, the one used last first (no lock,
 * bounded memory; two ways, so that the values unique to each object, a
 * name, a resourceVersion, do not push the shared ones out). Only texts
 * that held nothing to mask are kept, so no secret is. */
#define PASS_SETS 512
#define PASS_MAX 128

struct pass_slot {
    unsigned long serial;       /* 0: empty */
    unsigned char len;
    char text[PASS_MAX];
};

static _Thread_local struct pass_slot pass_cache[PASS_SETS][2];

static struct pass_slot *pass_set(const char *s, size_t len)
{
    return pass_cache[sb_redact_hash(s, len) % PASS_SETS];
}

static bool pass_is(const struct pass_slot *sl, const struct sb_redactor *r,
                    const char *s, size_t len)
{
    return sl->serial == r->serial && sl->len == len &&
           !memcmp(sl->text, s, len);
}

static bool pass_known(const struct sb_redactor *r, const char *s,
                       size_t len)
{
    struct pass_slot *set, t;

    if (len > PASS_MAX)
        return false;
    set = pass_set(s, len);
    if (pass_is(&set[0], r, s, len))
        return true;
    if (!pass_is(&set[1], r, s, len))
        return false;
    t = set[0];
    set[0] = set[1];
    set[1] = t;
    return true;
}

static void pass_note(const struct sb_redactor *r, const char *s,
                      size_t len)
{
    struct pass_slot *set;

    if (len > PASS_MAX)
        return;
    set = pass_set(s, len);
    set[1] = set[0];
    set[0].serial = r->serial;
    set[0].len = (unsigned char)len;
    memcpy(set[0].text, s, len);
}

static int text_string(struct sb_redactor *r, cJSON *item)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    unsigned long tokens = thread_tokens;
    size_t len;
    int rc = 0;

    if (!cJSON_IsString(item) || !item->valuestring)
        return 0;
    len = strlen(item->valuestring);
    if (!pass_known(r, item->valuestring, len)) {
        rc = sb_redact_text(r, item->valuestring, len, &b);
        if (!rc && (b.len != len || memcmp(b.data, item->valuestring, len)))
            rc = set_string(item, sb_buf_str(&b));
        else if (!rc && thread_tokens == tokens)
            pass_note(r, item->valuestring, len);
    }
    sb_buf_release(&b);
    if (!rc)
        rc = embedded_doc(r, item);
    return rc;
}

static int walk(struct sb_redactor *r, cJSON *node, const char *kind,
                bool top);

/* Whether a string value under 'key' is masked for the key's name. */
static bool masked_by_key(const char *key, const cJSON *v)
{
    int cls;

    if (!key || !cJSON_IsString(v) || !v->valuestring)
        return false;
    cls = sb_redact_key_class(key, strlen(key));
    if (!cls || sb_redact_value_inert(v->valuestring,
                                      strlen(v->valuestring)))
        return false;
    return cls == 1 || !sb_redact_looks_like_name(v->valuestring,
                                                  strlen(v->valuestring));
}

/* Masks the values of an object's keys that name a secret, at any depth
 * and in any kind ("spec.superuser.password", "appKey"), string arrays
 * under such keys, and the "value" of a {"name"|"key": <secret name>,
 * "value": ...} pair. Sets *done for a child it masked. */
static int mask_by_key(struct sb_redactor *r, cJSON *parent, cJSON *c,
                       bool *done)
{
    cJSON *e, *nm;
    size_t klen;
    int rc = 0;

    *done = false;
    if (!c->string)
        return 0;
    if (masked_by_key(c->string, c)) {
        *done = true;
        return mask_string(r, c, "key-secret");
    }
    /* a list under a plural key: "apiTokens", "passwords" */
    klen = strlen(c->string);
    if (cJSON_IsArray(c) && cJSON_GetArraySize(c) > 0 &&
        (sb_redact_key_class(c->string, klen) == 1 ||
         (klen > 1 && c->string[klen - 1] == 's' &&
          sb_redact_key_class(c->string, klen - 1) == 1))) {
        cJSON_ArrayForEach(e, c) {
            if (!cJSON_IsString(e))
                return 0;
        }
        *done = true;
        cJSON_ArrayForEach(e, c) {
            if (!sb_redact_value_inert(e->valuestring, strlen(e->valuestring)))
                rc = mask_string(r, e, "key-secret");
            if (rc)
                break;
        }
        return rc;
    }
    if (!strcmp(c->string, "value") && cJSON_IsString(c)) {
        nm = cJSON_GetObjectItemCaseSensitive(parent, "name");
        if (!cJSON_IsString(nm))
            nm = cJSON_GetObjectItemCaseSensitive(parent, "key");
        if (cJSON_IsString(nm) &&
            sb_redact_key_class(nm->valuestring, strlen(nm->valuestring)) &&
            !sb_redact_value_inert(c->valuestring, strlen(c->valuestring))) {
            *done = true;
            return mask_string(r, c, "key-secret");
        }
    }
    return 0;
}

static int redact_secret_data(struct sb_redactor *r, cJSON *data)
{
    int ri = rule_index(r, "secret-data");
    cJSON *c;

    cJSON_ArrayForEach(c, data) {
        if (cJSON_IsString(c) && !c->valuestring[0])
            continue;
        /* key names stay, so support sees which keys exist */
        if (!cJSON_IsString(c)) {
            char *empty = cJSON_malloc(1);

            if (!empty)
                return SB_E_NOMEM;
            empty[0] = '\0';
            if (!(c->type & cJSON_IsReference)) {
                cJSON_Delete(c->child);
                cJSON_free(c->valuestring);
            }
            c->child = NULL;
            c->valuestring = empty;
            c->type = cJSON_String | (c->type & cJSON_StringIsConst);
        } else if (set_string(c, "")) {
            return SB_E_NOMEM;
        }
        __atomic_fetch_add(&r->rules[ri].count, 1, __ATOMIC_RELAXED);
    }
    return 0;
}

static int redact_configmap_data(struct sb_redactor *r, cJSON *data)
{
    cJSON *c;
    int rc = 0;

    cJSON_ArrayForEach(c, data) {
        /* by its words too: "appKey", "apiKeyPrimary", "DB_PASSWORD2" */
        if (c->string && (sensitive_name(c->string) ||
                          masked_by_key(c->string, c)))
            rc = mask_string(r, c, "configmap-value");
        else
            rc = text_string(r, c);
        if (rc)
            break;
    }
    return rc;
}

static int redact_annotations(struct sb_redactor *r, cJSON *ann)
{
    cJSON *c;
    int rc = 0;

    cJSON_ArrayForEach(c, ann) {
        bool done = false;

        if (c->string &&
            !strcmp(c->string,
                    "kubectl.kubernetes.io/last-applied-configuration"))
            rc = mask_string(r, c, "last-applied");
        else if (!(rc = mask_by_key(r, ann, c, &done)) && !done)
            rc = walk(r, c, NULL, false);
        if (rc)
            break;
    }
    return rc;
}

static int redact_env(struct sb_redactor *r, cJSON *env)
{
    cJSON *e, *name, *value;
    int rc = 0;

    cJSON_ArrayForEach(e, env) {
        name = cJSON_GetObjectItemCaseSensitive(e, "name");
        value = cJSON_GetObjectItemCaseSensitive(e, "value");
        if (cJSON_IsString(name) && cJSON_IsString(value) &&
            sensitive_name(name->valuestring))
            rc = mask_string(r, value, "env-value");
        if (!rc)
            rc = walk(r, e, NULL, false);
        if (rc)
            break;
    }
    return rc;
}

/* The kind of a list's items, which the API leaves out: "SecretList"
 * gives "Secret"; a plain "List" takes the caller's kind, if any. */
static void item_kind(const char *list_kind, const char *given, char *out,
                      size_t n)
{
    size_t len = list_kind ? strlen(list_kind) : 0;

    out[0] = '\0';
    if (len > 4 && len - 4 < n && ends_with(list_kind, len, "List")) {
        memcpy(out, list_kind, len - 4);
        out[len - 4] = '\0';
    } else if (given && strlen(given) < n &&
               !ends_with(given, strlen(given), "List")) {
        strcpy(out, given);
    }
}

static int walk_items(struct sb_redactor *r, cJSON *items, const char *kind,
                      const char *given)
{
    char ik[128];
    cJSON *it, *k;
    int rc = 0;

    item_kind(kind, given, ik, sizeof(ik));
    cJSON_ArrayForEach(it, items) {
        k = cJSON_GetObjectItemCaseSensitive(it, "kind");
        rc = walk(r, it, cJSON_IsString(k) ? k->valuestring
                         : ik[0] ? ik : NULL, true);
        if (rc)
            break;
    }
    return rc;
}

/* Whether an element of 'a' or 'b' (a container's command and args)
 * names one of 'tools' (by basename) or is one of them. */
static bool has_tool(const cJSON *a, const cJSON *b, const char *const *tools)
{
    const cJSON *arrs[2] = {a, b}, *c;
    const char *base, *const *t;
    int i;

    for (i = 0; i < 2; i++) {
        if (!cJSON_IsArray(arrs[i]))
            continue;
        cJSON_ArrayForEach(c, arrs[i]) {
            if (!cJSON_IsString(c))
                continue;
            base = strrchr(c->valuestring, '/');
            base = base ? base + 1 : c->valuestring;
            for (t = tools; *t; t++)
                if (!strncmp(base, *t, strlen(*t)))
                    return true;
        }
    }
    return false;
}

/* Where in 'v' (the argument after 'prev') a tool's password starts, or
 * -1: curl -u user:PASS, mysql -pPASS, docker login -p PASS, sshpass -p
 * PASS, redis-cli -a PASS, openssl -passin pass:PASS. */
static int tool_secret_at(const cJSON *args, const cJSON *other,
                          const char *prev, const char *v)
{
    static const char *const user_tools[] = {"curl", "wget", NULL};
    static const char *const mysql[] = {"mysql", "mariadb", NULL};
    static const char *const p_tools[] = {"login", "sshpass", "mongo", NULL};
    static const char *const redis[] = {"redis-cli", NULL};
    const char *colon;

    if (prev && (!strcmp(prev, "-u") || !strcmp(prev, "--user")) &&
        (colon = strchr(v, ':')) && colon[1] &&
        strspn(colon + 1, "0123456789") != strlen(colon + 1) &&
        has_tool(args, other, user_tools))
        return (int)(colon + 1 - v);
    if (!strncmp(v, "-p", 2) && v[2] && v[2] != '-' && v[1] != '-' &&
        has_tool(args, other, mysql))
        return 2;
    if (prev && !strcmp(prev, "-p") && v[0] != '-' &&
        has_tool(args, other, p_tools))
        return 0;
    if (prev && !strcmp(prev, "-a") && has_tool(args, other, redis))
        return 0;
    if (prev && !strncmp(prev, "-pass", 5) && !strncmp(v, "pass:", 5))
        return 5;
    return -1;
}

/* Masks 'c' from byte 'at' on, keeping what comes before ("-p", "user:"). */
static int mask_tail(struct sb_redactor *r, cJSON *c, size_t at)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    int ri = rule_index(r, "cli-password"), rc;

    rc = sb_buf_add(&b, c->valuestring, at);
    if (!rc)
        rc = add_token(r, (size_t)ri, c->valuestring + at,
                       strlen(c->valuestring + at), &b);
    if (!rc)
        rc = set_string(c, sb_buf_str(&b));
    sb_buf_release(&b);
    return rc;
}

/* Command lines as arrays: ["--token", "abc"] masks "abc"; 'other' is
 * the container's other array (command for args, args for command), so
 * that ["mysql"] + ["-pSECRET"] is seen as one command line. */
static int redact_args(struct sb_redactor *r, cJSON *args, cJSON *other)
{
    cJSON *c, *prev = NULL;
    int rc = 0, at;

    cJSON_ArrayForEach(c, args) {
        const char *pv = prev && cJSON_IsString(prev) ? prev->valuestring
                                                      : NULL;

        if (pv && cJSON_IsString(c) && c->valuestring[0] != '-' &&
            secret_flag(pv))
            rc = mask_string(r, c, "cli-secret");
        else if (cJSON_IsString(c) && !is_token(c->valuestring,
                                               strlen(c->valuestring)) &&
                 (at = tool_secret_at(args, other, pv, c->valuestring)) >= 0)
            rc = mask_tail(r, c, (size_t)at);
        else
            rc = text_string(r, c);
        if (rc)
            break;
        prev = c;
    }
    return rc;
}

static int walk(struct sb_redactor *r, cJSON *node, const char *kind,
                bool top)
{
    const char *kind_arg = kind, *given;
    char kind_buf[128];
    cJSON *c, *k;
    bool secret, configmap, list;
    int rc = 0;

    if (cJSON_IsString(node))
        return text_string(r, node);
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
        return 0;
    if (top && cJSON_IsObject(node)) {
        k = cJSON_GetObjectItemCaseSensitive(node, "kind");
        if (cJSON_IsString(k))
            kind = k->valuestring;
    }
    /* a copy: the walk below may rewrite the "kind" string itself */
    snprintf(kind_buf, sizeof(kind_buf), "%s", kind ? kind : "");
    kind = kind ? kind_buf : NULL;
    given = top ? kind_arg : NULL;
    secret = top && kind && !strcmp(kind, "Secret");
    configmap = top && kind && !strcmp(kind, "ConfigMap");
    list = top && kind && ends_with(kind, strlen(kind), "List");
    cJSON_ArrayForEach(c, node) {
        const char *key = cJSON_IsObject(node) ? c->string : NULL;
        bool done = false;

        if (key && secret && cJSON_IsObject(c) &&
            (!strcmp(key, "data") || !strcmp(key, "stringData")))
            rc = redact_secret_data(r, c);
        else if (key && configmap && cJSON_IsObject(c) &&
                 !strcmp(key, "data"))
            rc = redact_configmap_data(r, c);
        else if (key && cJSON_IsObject(c) && !strcmp(key, "annotations"))
            rc = redact_annotations(r, c);
        else if (key && cJSON_IsArray(c) && !strcmp(key, "env"))
            rc = redact_env(r, c);
        else if (key && list && cJSON_IsArray(c) && !strcmp(key, "items"))
            rc = walk_items(r, c, kind, given);
        else if (key && cJSON_IsArray(c) &&
                 (!strcmp(key, "args") || !strcmp(key, "command")))
            rc = redact_args(r, c, cJSON_GetObjectItemCaseSensitive(
                                       node, strcmp(key, "args") ? "args"
                                                                 : "command"));
        else if (key && !(rc = mask_by_key(r, node, c, &done)) && done)
            ;
        else if (!rc)
            rc = walk(r, c, NULL, false);
        if (rc)
            break;
    }
    return rc;
}

int sb_redact_object(struct sb_redactor *r, cJSON *obj, const char *kind)
{
    return obj ? walk(r, obj, kind, true) : 0;
}

cJSON *sb_redact_counts(struct sb_redactor *r)
{
    cJSON *o = cJSON_CreateObject();
    unsigned long n;
    size_t i;

    for (i = 0; o && i < r->n; i++) {
        n = __atomic_load_n(&r->rules[i].count, __ATOMIC_RELAXED);
        if (n && !cJSON_AddNumberToObject(o, r->rules[i].name, (double)n)) {
            cJSON_Delete(o);
            return NULL;
        }
    }
    return o;
}

unsigned long sb_redact_total(struct sb_redactor *r)
{
    unsigned long t = 0;
    size_t i;

    for (i = 0; i < r->n; i++)
        t += __atomic_load_n(&r->rules[i].count, __ATOMIC_RELAXED);
    return t;
}
