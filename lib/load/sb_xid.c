#include "sb_xid.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pthread.h>

#include "sb_embed.h"
#include "sb_logstamp.h"

/* The catalog file and how much of it fits: it is about 25 KiB. */
#define CATALOG_NAME "reports/gpu/xid-catalog.txt"
#define CATALOG_MAX (128 * 1024)
#define CODE_MAX 1024           /* codes above are not in any catalog */
#define NAMED_MAX 64            /* buckets, recovery actions */

struct named {
    const char *name, *chain, *cls;
};

/* Filled once (pthread_once) from the compiled-in text, then read-only:
 * the strings point into 'text', where each '|' and line end became a
 * NUL. */
static struct {
    char text[CATALOG_MAX];
    struct sb_xid_info info[CODE_MAX];
    bool has[CODE_MAX];
    char action[CODE_MAX][320];     /* "BUCKET: chain; note" */
    struct named bucket[NAMED_MAX], recovery[NAMED_MAX];
    int nbucket, nrecovery, ncodes, errors, first_bad;
    const char *version;
} cat;
static pthread_once_t cat_once = PTHREAD_ONCE_INIT;

/* Splits 'line' at '|' into at most 'max' fields; returns how many. */
static int split(char *line, char **f, int max)
{
    int n = 0;

    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '|') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static int code_of(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);

    return (*s && !*end && v > 0 && v < CODE_MAX) ? (int)v : -1;
}

static bool add_named(struct named *t, int *n, const char *name,
                      const char *chain, const char *cls)
{
    if (*n >= NAMED_MAX)
        return false;
    t[*n].name = name;
    t[*n].chain = chain;
    t[*n].cls = cls;
    (*n)++;
    return true;
}

static bool catalog_line(char *line)
{
    char *f[9];
    int n, c;

    if (!*line || *line == '#')
        return true;
    n = split(line, f, 9);
    if (!strcmp(f[0], "version") && n == 2) {
        cat.version = f[1];
        return true;
    }
    if (!strcmp(f[0], "bucket") && n == 3)
        return add_named(cat.bucket, &cat.nbucket, f[1], f[2], NULL);
    if (!strcmp(f[0], "recovery") && n == 4)
        return add_named(cat.recovery, &cat.nrecovery, f[1], f[3], f[2]);
    if (!strcmp(f[0], "note") && n == 4) {
        c = code_of(f[1]);
        if (c < 0 || !cat.has[c])
            return false;
        cat.info[c].note = f[2];
        cat.info[c].note_action = f[3];
        return true;
    }
    if (strcmp(f[0], "xid") || n != 8)
        return false;
    c = code_of(f[1]);
    if (c < 0 || cat.has[c])
        return false;
    cat.info[c] = (struct sb_xid_info){ c, f[2], f[3], f[4], f[5], f[6],
                                        f[7], NULL, NULL };
    cat.has[c] = true;
    cat.ncodes++;
    return true;
}

static void catalog_load(void)
{
    const struct sb_embed_file *e = sb_embed_find(CATALOG_NAME);
    char *p, *nl;
    int line_no = 0;

    cat.version = "unknown";
    if (!e || e->len >= sizeof(cat.text)) {
        cat.errors = 1;
        return;
    }
    memcpy(cat.text, e->data, e->len);
    cat.text[e->len] = '\0';
    for (p = cat.text; *p; p = nl ? nl + 1 : p + strlen(p)) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line_no++;
        if (!catalog_line(p) && !cat.errors++)
            cat.first_bad = line_no;
        if (!nl)
            break;
    }
}

static void catalog(void)
{
    pthread_once(&cat_once, catalog_load);
}

const struct sb_xid_info *sb_xid_info(int code)
{
    catalog();
    return code > 0 && code < CODE_MAX && cat.has[code] ? &cat.info[code]
                                                        : NULL;
}

const char *sb_xid_catalog_version(void)
{
    catalog();
    return cat.version;
}

int sb_xid_catalog_size(void)
{
    catalog();
    return cat.ncodes;
}

int sb_xid_catalog_errors(int *first_bad)
{
    catalog();
    if (first_bad)
        *first_bad = cat.first_bad;
    return cat.errors;
}

static const struct named *find_named(const struct named *t, int n,
                                      const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (!strcmp(t[i].name, name))
            return &t[i];
    return NULL;
}

const char *sb_xid_bucket_chain(const char *bucket)
{
    const struct named *b;

    catalog();
    b = find_named(cat.bucket, cat.nbucket, bucket);
    return b ? b->chain : NULL;
}

const char *sb_xid_recovery_chain(const char *action)
{
    const struct named *r;

    catalog();
    r = find_named(cat.recovery, cat.nrecovery, action);
    return r ? r->chain : NULL;
}

const char *sb_xid_recovery_class(const char *action)
{
    const struct named *r;

    catalog();
    r = find_named(cat.recovery, cat.nrecovery, action);
    return r ? r->cls : NULL;
}

const char *sb_xid_meaning(int code)
{
    const struct sb_xid_info *x = sb_xid_info(code);

    if (!x)
        return NULL;
    return x->note ? x->note : x->description;
}

/* "RESET_GPU: drain the GPU -> ...; <our note>", built once per code:
 * the first caller builds, under the same once-guard as the catalog. */
static pthread_once_t action_once = PTHREAD_ONCE_INIT;

static void actions_build(void)
{
    for (int c = 0; c < CODE_MAX; c++) {
        const struct sb_xid_info *x = &cat.info[c];
        const char *chain;

        if (!cat.has[c])
            continue;
        chain = sb_xid_bucket_chain(x->immediate);
        snprintf(cat.action[c], sizeof(cat.action[c]), "%s%s%s%s%s",
                 strcmp(x->immediate, "-") ? x->immediate : "",
                 strcmp(x->immediate, "-") ? ": " : "",
                 chain ? chain : "contact support",
                 x->note_action ? "; " : "",
                 x->note_action ? x->note_action : "");
    }
}

const char *sb_xid_action(int code)
{
    if (!sb_xid_info(code))
        return NULL;
    pthread_once(&action_once, actions_build);
    return cat.action[code];
}

/* The token 'tok' ("Xid", "SXid") as a word: not the tail of a longer
 * word such as "SXid" (NVSwitch errors, a different catalog). */
static const char *find_token(const char *start, const char *end,
                              const char *tok)
{
    size_t n = strlen(tok);
    const char *p;

    for (p = start; p + n <= end; p++) {
        if (*p != *tok || memcmp(p, tok, n))
            continue;
        if ((p + n < end && isalnum((unsigned char)p[n])) ||
            (p > start && isalnum((unsigned char)p[-1])))
            continue;
        return p;
    }
    return NULL;
}

static const char *skip_spaces(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* Copies [p, q) into a fixed field, cutting what does not fit. */
static void copy_field(char *dst, size_t cap, const char *p, const char *q)
{
    size_t n = (size_t)(q - p);

    if (n >= cap)
        n = cap - 1;
    memcpy(dst, p, n);
    dst[n] = '\0';
}

/* "(PCI:0000:3b:00)" or "(0000:3b:00.0)": the address up to ')' */
static const char *parse_pci(const char *p, const char *end, char *pci,
                             size_t cap)
{
    const char *q;

    if (p >= end || *p != '(')
        return NULL;
    p++;
    if (end - p >= 4 && !memcmp(p, "PCI:", 4))
        p += 4;
    for (q = p; q < end && *q != ')'; q++)
        if (!isxdigit((unsigned char)*q) && *q != ':' && *q != '.')
            return NULL;
    if (q == end || q == p)
        return NULL;
    copy_field(pci, cap, p, q);
    return q + 1;
}

/* ", pid=1234" / ", pid='<unknown>'" / ", name=python" */
static const char *parse_kv(const char *p, const char *end, const char *key,
                            const char **val, const char **val_end)
{
    size_t klen = strlen(key);
    const char *q = skip_spaces(p, end);

    if (q < end && *q == ',')
        q = skip_spaces(q + 1, end);
    if ((size_t)(end - q) < klen || memcmp(q, key, klen))
        return NULL;
    q += klen;
    *val = q;
    while (q < end && *q != ',')
        q++;
    *val_end = q;
    return q;
}

static void strip_quotes(const char **p, const char **q)
{
    if (*q - *p >= 2 && ((**p == '\'' && (*q)[-1] == '\'') ||
                         (**p == '"' && (*q)[-1] == '"'))) {
        (*p)++;
        (*q)--;
    }
}

static void parse_pid_name(const char *p, const char *end, struct sb_xid *out)
{
    const char *v, *ve, *next;

    next = parse_kv(p, end, "pid=", &v, &ve);
    if (next) {
        strip_quotes(&v, &ve);
        if (ve > v && isdigit((unsigned char)*v)) {
            long pid = 0;

            while (v < ve && isdigit((unsigned char)*v) && pid < 1L << 30)
                pid = pid * 10 + (*v++ - '0');
            out->pid = (int)pid;
        }
        p = next;
    }
    next = parse_kv(p, end, "name=", &v, &ve);
    if (next) {
        strip_quotes(&v, &ve);
        if (!(ve - v == 9 && !memcmp(v, "<unknown>", 9)))
            copy_field(out->process, sizeof(out->process), v, ve);
        p = next;
    }
    p = skip_spaces(p, end);
    if (p < end && *p == ',')
        p = skip_spaces(p + 1, end);
    out->message = p;
}

/* "<tok> (PCI:addr): <code>" at 'x': fills pci and code, returns the
 * byte after the code or NULL. */
static const char *parse_head(const char *x, size_t toklen, const char *end,
                              char *pci, size_t cap, int *code)
{
    const char *p;
    long c = 0;

    p = parse_pci(skip_spaces(x + toklen, end), end, pci, cap);
    if (!p || p >= end || *p != ':')
        return NULL;
    p = skip_spaces(p + 1, end);
    if (p >= end || !isdigit((unsigned char)*p))
        return NULL;
    while (p < end && isdigit((unsigned char)*p) && c < 100000)
        c = c * 10 + (*p++ - '0');
    if (p < end && *p != ',' && *p != ' ')
        return NULL;
    *code = (int)c;
    return p;
}

/* The stamp before 'x': a wall clock, and "[ 1234.5]" seconds since
 * boot, also after a wall clock ("host kernel: [ 1234.5] NVRM: ..."). */
static void parse_stamp(const char *line, const char *x, int year_hint,
                        char *time, double *uptime)
{
    struct sb_logstamp st;
    const char *p;
    size_t n;

    n = sb_logstamp_parse(line, (size_t)(x - line), year_hint, &st);
    memcpy(time, st.time, SB_TIME_MAX);
    *uptime = st.uptime;
    for (p = line + n; *uptime < 0 && p < x; p++)
        if (*p == '[' && sb_logstamp_uptime(p, (size_t)(x - p), uptime))
            break;
}

bool sb_xid_parse_line(const char *line, size_t len, int year_hint,
                       struct sb_xid *out)
{
    const char *end = line + len, *x, *p, *r;

    memset(out, 0, sizeof(*out));
    out->pid = -1;
    out->uptime = -1;
    if (!line)
        return false;
    while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    x = find_token(line, end, "Xid");
    if (!x)
        return false;
    p = parse_head(x, 3, end, out->pci, sizeof(out->pci), &out->code);
    if (!p)
        return false;
    parse_pid_name(p, end, out);
    parse_stamp(line, x, year_hint, out->time, &out->uptime);
    if (out->code == 154) {
        r = sb_xid_recovery(out->message, (size_t)(end - out->message));
        if (r)
            snprintf(out->recovery, sizeof(out->recovery), "%s", r);
    }
    return true;
}

/* Case-insensitive search for 'needle' in [p, end). */
static const char *find_ci(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);

    for (; p + n <= end; p++) {
        size_t i = 0;

        while (i < n && tolower((unsigned char)p[i]) ==
                            tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return p;
    }
    return NULL;
}

/* "NVRM: GPU 0000:3b:00.0: ..." / "NVRM: GPU at PCI:0000:3b:00: ...":
 * the address after "GPU", when there is one. */
static void nvrm_gpu_pci(const char *p, const char *end, char *pci,
                         size_t cap)
{
    const char *g = find_token(p, end, "GPU"), *q;

    pci[0] = '\0';
    if (!g)
        return;
    g = skip_spaces(g + 3, end);
    if (end - g >= 3 && !memcmp(g, "at ", 3))
        g += 3;
    if (end - g >= 4 && !memcmp(g, "PCI:", 4))
        g += 4;
    for (q = g; q < end && (isxdigit((unsigned char)*q) || *q == ':' ||
                            *q == '.'); q++)
        ;
    while (q > g && q[-1] == ':')
        q--;
    if (q - g >= 7 && memchr(g, ':', (size_t)(q - g)))
        copy_field(pci, cap, g, q);
}

bool sb_xid_parse_event(const char *line, size_t len, int year_hint,
                        struct sb_gpu_event *out)
{
    const char *end = line + len, *x, *p;
    double uptime;

    memset(out, 0, sizeof(*out));
    if (!line)
        return false;
    while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    x = find_token(line, end, "SXid");
    if (x) {
        p = parse_head(x, 4, end, out->pci, sizeof(out->pci), &out->code);
        if (!p)
            return false;
        out->kind = "sxid";
        /* ", Non-fatal, Link 47 ..." or ", Fatal, Link ..." */
        p = skip_spaces(p, end);
        if (p < end && *p == ',')
            p = skip_spaces(p + 1, end);
        out->fatal = end - p >= 5 && !strncasecmp(p, "fatal", 5);
    } else {
        x = find_token(line, end, "NVRM");
        if (!x || find_token(x, end, "Xid"))
            return false;
        if (find_ci(x, end, "fallen off the bus"))
            out->kind = "fell-off-bus";
        else if (find_ci(x, end, "RmInitAdapter failed"))
            out->kind = "init-failed";
        else
            return false;
        out->fatal = true;
        nvrm_gpu_pci(x + 4, end, out->pci, sizeof(out->pci));
    }
    parse_stamp(line, x, year_hint, out->time, &uptime);
    return true;
}

/* "[Jul 23 2024 07:53:55] [ERROR] [tid 841] ...": the daemons' stamp
 * (UTC RFC 3339 into 'time') and level; returns the text after the level,
 * or NULL when the line does not start so. */
static const char *fabric_head(const char *line, const char *end,
                               char time[SB_TIME_MAX], char *level,
                               size_t cap)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char buf[64], mon[4];
    const char *p, *q, *m;
    int d, y, hh, mm, ss;

    if (end - line < 24 || *line != '[')
        return NULL;
    q = memchr(line, ']', (size_t)(end - line < 40 ? end - line : 40));
    if (!q)
        return NULL;
    copy_field(buf, sizeof(buf), line + 1, q);
    if (sscanf(buf, "%3s %d %d %d:%d:%d", mon, &d, &y, &hh, &mm, &ss) != 6 ||
        strlen(mon) != 3 || !(m = strstr(months, mon)) ||
        (m - months) % 3 || d < 1 || d > 31 || y < 1970 || y > 9999 ||
        hh > 23 || mm > 59 || ss > 60 || hh < 0 || mm < 0 || ss < 0)
        return NULL;
    snprintf(time, SB_TIME_MAX, "%04d-%02d-%02dT%02d:%02d:%02dZ", y,
             (int)(m - months) / 3 + 1, d, hh, mm, ss);
    p = skip_spaces(q + 1, end);
    if (p >= end || *p != '[' || !(q = memchr(p, ']', (size_t)(end - p))) ||
        q - p > 12)
        return NULL;
    copy_field(level, cap, p + 1, q);
    return skip_spaces(q + 1, end);
}

/* "... fatal error 20034 on fid 0 on NVSwitch pci bus id 00000000:86:00.0" */
static void fabric_switch(const char *p, const char *end,
                          struct sb_gpu_event *out)
{
    const char *e = find_ci(p, end, "error "), *q;
    long c = 0;

    if (e && find_ci(p, e, "nvswitch")) {
        for (q = skip_spaces(e + 6, end); q < end &&
             isdigit((unsigned char)*q) && c < 1000000; q++)
            c = c * 10 + (*q - '0');
        out->code = (int)c;
    }
    e = find_ci(p, end, "pci bus id ");
    if (!e)
        return;
    e += 11;
    for (q = e; q < end && (isxdigit((unsigned char)*q) || *q == ':' ||
                            *q == '.'); q++)
        ;
    if (q - e >= 7)
        copy_field(out->pci, sizeof(out->pci), e, q);
}

bool sb_xid_parse_fabric(const char *line, size_t len, int year_hint,
                         enum sb_fabric_origin origin,
                         struct sb_gpu_event *out)
{
    const char *end = line + len, *p, *who = NULL;
    char level[16] = "";
    double uptime;
    bool imex;

    memset(out, 0, sizeof(*out));
    if (!line)
        return false;
    while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    p = fabric_head(line, end, out->time, level, sizeof(level));
    if (origin == SB_FABRIC_ANY) {
        /* a node log: the line must name the daemon */
        who = find_ci(line, end, "fabricmanager");
        imex = !who && (who = find_ci(line, end, "nvidia-imex")) != NULL;
        if (!who)
            return false;
    } else {
        imex = origin == SB_FABRIC_IMEX_LOG;
    }
    if (p) {
        if (strcasecmp(level, "ERROR") && strcasecmp(level, "FATAL"))
            return false;
    } else {
        /* no level of its own: a journal or syslog line, or a
         * continuation line ("moduleId : 3") of the daemon's log */
        p = who ? who : line;
        if (origin != SB_FABRIC_ANY ||
            !(find_ci(p, end, "fail") || find_ci(p, end, "error") ||
              find_ci(p, end, "fatal")))
            return false;
        parse_stamp(line, p, year_hint, out->time, &uptime);
    }
    out->kind = imex ? "imex" : "fabric-manager";
    if (find_ci(p, end, "non-fatal"))
        out->fatal = false;
    else
        out->fatal = find_ci(p, end, "fatal") || find_ci(p, end, "fail");
    if (!imex)
        fabric_switch(p, end, out);
    return true;
}

/* The driver's words for each recovery action (nvidia-smi and the kernel
 * log print the same ones), longest first where one holds another. */
static const struct {
    const char *text, *name;
} recovery_words[] = {
    { "drain and reset", "DRAIN_AND_RESET" },
    { "drain p2p", "DRAIN_P2P" },
    { "gpu reset", "GPU_RESET" },
    { "node reboot", "NODE_REBOOT" },
    { "bus reset", "BUS_RESET" },
    { "system reboot", "SYSTEM_REBOOT" },
    { "power cycle", "SYSTEM_REBOOT" },
    { "none", "NONE" },
};

const char *sb_xid_recovery(const char *msg, size_t len)
{
    const char *end, *p, *q;

    if (!msg)
        return NULL;
    end = msg + len;
    /* the new action: what follows the last " to " */
    p = NULL;
    for (q = msg; (q = find_ci(q, end, " to ")); q += 4)
        p = q + 4;
    if (!p)
        p = msg;
    for (size_t i = 0; i < sizeof(recovery_words) / sizeof(*recovery_words);
         i++)
        if (find_ci(p, end, recovery_words[i].text))
            return recovery_words[i].name;
    return NULL;
}

/* SQL functions: each takes one argument and returns NULL for NULL. */
enum sqlfn { FN_CLASS, FN_BUCKET, FN_DESCRIBE, FN_RECOVERY, FN_CHAIN,
             FN_RECOVERY_CLASS, FN_PCI_KEY };

/* "00000000:3B:00.0" / "0000:3b:00" / "3b:00.0" -> "0000:3b:00" */
static bool pci_key(const char *s, char *out, size_t cap)
{
    unsigned long dom = 0, bus, dev;
    const char *p = s;
    char *e;
    int colons = 0;

    if (!*s)
        return false;
    for (const char *q = s; *q; q++)
        colons += *q == ':';
    if (colons == 2) {
        dom = strtoul(p, &e, 16);
        if (e == p || *e != ':')
            return false;
        p = e + 1;
    } else if (colons != 1) {
        return false;
    }
    bus = strtoul(p, &e, 16);
    if (e == p || *e != ':' || bus > 0xff)
        return false;
    p = e + 1;
    dev = strtoul(p, &e, 16);
    if (e == p || (*e && *e != '.') || dev > 0xff)
        return false;
    snprintf(out, cap, "%04lx:%02lx:%02lx", dom & 0xffff, bus, dev);
    return true;
}

static void fn_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    enum sqlfn fn = (enum sqlfn)(intptr_t)sqlite3_user_data(ctx);
    const struct sb_xid_info *x;
    const char *t, *r = NULL;
    char key[32], buf[160];

    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    switch (fn) {
    case FN_CLASS:
        x = sb_xid_info(sqlite3_value_int(argv[0]));
        r = x ? x->cls : "unknown";
        break;
    case FN_BUCKET:
        x = sb_xid_info(sqlite3_value_int(argv[0]));
        r = x && strcmp(x->immediate, "-") ? x->immediate : NULL;
        break;
    case FN_DESCRIBE:
        r = sb_xid_meaning(sqlite3_value_int(argv[0]));
        if (!r) {
            snprintf(buf, sizeof(buf), "not in the catalog (%s)",
                     sb_xid_catalog_version());
            sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
            return;
        }
        break;
    case FN_RECOVERY:
        t = (const char *)sqlite3_value_text(argv[0]);
        r = t ? sb_xid_recovery(t, (size_t)sqlite3_value_bytes(argv[0]))
              : NULL;
        break;
    case FN_CHAIN:
        t = (const char *)sqlite3_value_text(argv[0]);
        r = sb_xid_bucket_chain(t);
        if (!r)
            r = sb_xid_recovery_chain(t);
        break;
    case FN_RECOVERY_CLASS:
        r = sb_xid_recovery_class((const char *)sqlite3_value_text(argv[0]));
        break;
    case FN_PCI_KEY:
        t = (const char *)sqlite3_value_text(argv[0]);
        if (t && pci_key(t, key, sizeof(key)))
            sqlite3_result_text(ctx, key, -1, SQLITE_TRANSIENT);
        return;
    }
    if (r)
        sqlite3_result_text(ctx, r, -1, SQLITE_STATIC);
}

int sb_xid_register_sql(sqlite3 *db, struct sb_err *err)
{
    static const struct {
        const char *name;
        enum sqlfn fn;
    } fns[] = {
        { "xid_class", FN_CLASS }, { "xid_bucket", FN_BUCKET },
        { "xid_describe", FN_DESCRIBE }, { "xid_recovery", FN_RECOVERY },
        { "xid_chain", FN_CHAIN },
        { "xid_recovery_class", FN_RECOVERY_CLASS },
        { "pci_key", FN_PCI_KEY },
    };
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

    for (size_t i = 0; i < sizeof(fns) / sizeof(*fns); i++)
        if (sqlite3_create_function(db, fns[i].name, 1, flags,
                                    (void *)(intptr_t)fns[i].fn, fn_sql,
                                    NULL, NULL) != SQLITE_OK)
            return sb_err_set(err, SB_E_DB, "cannot register '%s': %s",
                              fns[i].name, sqlite3_errmsg(db));
    return 0;
}
