/*
 * Log files into log_text + log_streams (the log_lines view) and
 * node_log_lines, streamed: a member is read in
 * chunks and split into lines, so a 2 GB log costs one chunk of memory.
 * Each line keeps its number; container lines lose their timestamps=true
 * prefix, which becomes 'time'. Bytes that are not UTF-8 become U+FFFD
 * (replaced, never dropped), and a line longer than line_max keeps its
 * first line_max bytes (capped; counted in load_errors once per file).
 *
 * analyze's temporary database gets its container lines in blocks
 * (sb_logblocks.h): a line is packed into its stream's open block, which
 * becomes one row of log_blocks when full or when the stream ends; the
 * ids are those the rows would have had. A kept database (--db) gets a
 * row per line, 64 to an INSERT, as a person's sqlite3 shell expects.
 */
#include "sb_load_ctx.h"

#include <stdio.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_bformat.h"
#include "sb_buf.h"
#include "sb_logblocks.h"
#include "sb_logstamp.h"
#include "sb_time.h"
#include "sb_utf8.h"
#include "sb_xid.h"

#define CHUNK (256 * 1024)
#define BATCH 64                /* container lines per INSERT */

/* One INSERT of 64 rows costs 35% less than 64 of one row (the per-
 * statement work: step, halt, reset), and log lines are most of a load.
 * A line's namespace, pod, container and file are its stream's
 * (log_streams), written once per log (schema/003_log_text.sql). */
#define ROW1 "(?,?,?,?)"
#define ROW4 ROW1 "," ROW1 "," ROW1 "," ROW1
#define ROW16 ROW4 "," ROW4 "," ROW4 "," ROW4
#define LINE_COLS "INSERT INTO log_text(stream_id, line_no, time, text) VALUES "
#define LINE_PARAMS 4
static const char SQL_LINE[] = LINE_COLS ROW1;
static const char SQL_BATCH[] = LINE_COLS ROW16 "," ROW16 "," ROW16 ","
                                ROW16;

/* A container line waiting in the batch: its text points into the read
 * buffer, which stays put until the batch is flushed (split flushes
 * before it moves the buffer, one_line after a line cleaned in 'fixed'). */
struct pending {
    const char *text;
    size_t len;
    int64_t line_no;
    char time[SB_TIME_MAX];     /* "" when the line has no stamp */
    size_t time_len;
};

struct splitter {
    struct sb_load_ctx *ctx;
    const struct sb_log_target *t;
    char container[256];        /* cluster-info dump: from the markers;
                                   a prefixed log: from the prefixes */
    char pod[256];              /* a prefixed log: from the prefixes */
    char source[64];            /* an nvidia-bug-report's node log: the
                                   source with its section (see section) */
    bool rule_seen;             /* the line before was its rule */
    sqlite3_stmt *ins;
    int64_t line_no;
    int64_t stream_id;          /* log_streams.id of the current stream,
                                   0 before its first line */
    int64_t first_id;           /* log_text.id of the stream's first line */
    int64_t last_id;
    int64_t lines;
    char stream_container[256]; /* the container the stream is of */
    char stream_pod[256];       /* and the pod */
    uint64_t capped;
    char hour[13];              /* "YYYY-MM-DDTHH" of the last stamp
                                   sb_time_parse_n accepted */
    bool hour_ok;               /* 'hour' holds one */
    struct sb_buf fixed;        /* a line with its invalid bytes replaced */
    struct pending batch[BATCH];
    int nbatch;
    struct sb_logblock block;   /* lines mode 2: the stream's open block */
    struct sb_err *err;
};

/* Length of the valid UTF-8 sequence at p, 0 when invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
            return 0;
        if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f))
            return 0;   /* overlong, or a surrogate */
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
            (p[3] & 0xc0) != 0x80)
            return 0;
        if ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
            return 0;
        return 4;
    }
    return 0;
}

/* Returns 'line' itself when it is valid UTF-8 without NULs, else a copy
 * in s->fixed with each bad byte replaced by U+FFFD. */
static const char *clean_utf8(struct splitter *s, const char *line,
                              size_t *len)
{
    const unsigned char *p = (const unsigned char *)line;
    size_t n = *len, i = 0, k;

    /* ASCII a word at a time (nearly every log is all ASCII); only the
     * other characters are decoded one by one */
    for (;;) {
        i += sb_utf8_ascii_run(line + i, n - i);
        if (i == n)
            return line;
        k = p[i] ? utf8_seq(p + i, n - i) : 0;
        if (!k)
            break;
        i += k;
    }
    sb_buf_reset(&s->fixed);
    for (i = 0; i < n; i += k) {
        k = p[i] ? utf8_seq(p + i, n - i) : 0;
        if (k) {
            if (sb_buf_add(&s->fixed, p + i, k))
                break;
        } else {
            if (sb_buf_add(&s->fixed, "\xef\xbf\xbd", 3))
                break;
            k = 1;
        }
    }
    *len = s->fixed.len;
    return sb_buf_str(&s->fixed);
}

/* Whether the 13 bytes at a and b are the same: two loads each. */
static bool same_hour(const char *a, const char *b)
{
    uint64_t a0, a1, b0, b1;

    memcpy(&a0, a, 8);
    memcpy(&b0, b, 8);
    memcpy(&a1, a + 5, 8);
    memcpy(&b1, b + 5, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

/* sb_time_parse_n's length of the stamp at 'line' (len >= 19), shape
 * only. A log's lines share their date and hour: when they are those of
 * the last stamp accepted, only the rest is read (the date's checks were
 * a tenth of a line's instructions). */
static size_t stamp_len(struct splitter *s, const char *line, size_t len)
{
    size_t n;

    if (s->hour_ok && same_hour(line, s->hour))
        return sb_time_shape_after_hour(line, len);
    n = sb_time_parse_n(line, len, NULL, NULL);
    if (n) {
        memcpy(s->hour, line, sizeof(s->hour));
        s->hour_ok = true;
    }
    return n;
}

/* The timestamps=true prefix: "2026-11-23T10:02:11.123456789Z text".
 * Returns the bytes it took (with the space), 0 when there is none; the
 * time's length goes to *out_len. */
static size_t log_prefix(struct splitter *s, const char *line, size_t len,
                         char out[SB_TIME_MAX], size_t *out_len)
{
    int64_t secs = 0;
    long ns = 0;
    size_t n, i, digits;

    if (len < 21 || line[4] != '-' || line[10] != 'T')
        return 0;
    /* the shape first: most stamps are UTC and copied as they are */
    n = stamp_len(s, line, len);
    if (!n || (n < len && line[n] != ' '))
        return 0;
    /* already UTC: copy and pad the fraction instead of formatting */
    if (line[n - 1] == 'Z' && line[19] != '.' && line[19] != ',') {
        memcpy(out, line, 19);
        memcpy(out + 19, "Z", 2);
        *out_len = 20;
    } else if (line[n - 1] == 'Z' && line[19] == '.' && n <= 30) {
        digits = n - 21;
        memcpy(out, line, n - 1);
        for (i = digits; i < 9; i++)
            out[20 + i] = '0';
        memcpy(out + 29, "Z", 2);
        *out_len = 30;
    } else {
        sb_time_parse_n(line, len, &secs, &ns);
        sb_time_format(secs, (line[19] == '.' || line[19] == ',') ? ns : -1,
                       out);
        *out_len = strlen(out);
    }
    if (n == len)
        return n;
    return n + 1;
}

static void bind_line(struct splitter *s, sqlite3_stmt *st, int at,
                      const struct pending *p)
{
    sqlite3_bind_int64(st, at + 1, s->stream_id);
    sqlite3_bind_int64(st, at + 2, p->line_no);
    if (p->time[0])
        sqlite3_bind_text(st, at + 3, p->time, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, at + 3);
    sqlite3_bind_text(st, at + 4, p->text, (int)p->len, SQLITE_STATIC);
}

/* The id of the log_streams row of the lines about to be written; the
 * row itself is written by stream_end, once its id range and count are
 * known (an INSERT and an UPDATE a stream cost twice one INSERT). The id
 * is the one SQLite would give (the largest so far + 1), so the rows are
 * as they were when the row came first. What the row names is taken now:
 * a dump's marker names the next container before the stream ends. */
static int stream_begin(struct splitter *s)
{
    struct sb_load_ctx *ctx = s->ctx;
    sqlite3_stmt *st;

    if (!ctx->next_stream_id) {
        st = sb_db_stmt(ctx->db, "SELECT coalesce(max(id), 0) + 1 FROM "
                        "log_streams", s->err);
        if (!st)
            return s->err->code;
        if (sqlite3_step(st) == SQLITE_ROW)
            ctx->next_stream_id = sqlite3_column_int64(st, 0);
        if (sb_db_run(ctx->db, st, s->err))
            return s->err->code;
        if (!ctx->next_stream_id)
            return sb_err_set(s->err, SB_E_DB, "cannot number the log "
                              "streams of '%s'", s->t->file);
    }
    snprintf(s->stream_container, sizeof(s->stream_container), "%s",
             s->t->container ? s->t->container : s->container);
    snprintf(s->stream_pod, sizeof(s->stream_pod), "%s",
             s->t->prefixed && s->pod[0] ? s->pod : s->t->pod);
    s->stream_id = ctx->next_stream_id++;
    return 0;
}

/* Writes the batched lines: one statement for a full batch, one per line
 * for the rest. Rowids are given in order (max + 1 each), so the batch
 * holds ids last - n + 1 .. last; the stream and the line sink learn them
 * here. */
static int flush(struct splitter *s)
{
    sqlite3_stmt *st;
    const struct sb_load_opts *o = s->ctx->opts;
    int64_t last;
    int i, n = s->nbatch;

    if (n == 0)
        return 0;
    s->nbatch = 0;
    if (!s->stream_id && stream_begin(s))
        return s->err->code;
    if (n == BATCH) {
        if (!(st = sb_db_stmt(s->ctx->db, SQL_BATCH, s->err)))
            return s->err->code;
        for (i = 0; i < n; i++)
            bind_line(s, st, LINE_PARAMS * i, &s->batch[i]);
        if (sb_db_run(s->ctx->db, st, s->err))
            return s->err->code;
    } else {
        if (!(st = sb_db_stmt(s->ctx->db, SQL_LINE, s->err)))
            return s->err->code;
        for (i = 0; i < n; i++) {
            bind_line(s, st, 0, &s->batch[i]);
            if (sb_db_run(s->ctx->db, st, s->err))
                return s->err->code;
        }
    }
    last = sqlite3_last_insert_rowid(sb_db_handle(s->ctx->db));
    if (!s->first_id)
        s->first_id = last - n + 1;
    s->last_id = last;
    s->lines += n;
    if (o && o->line_sink)
        for (i = 0; i < n; i++)
            o->line_sink(o->line_sink_ctx, last - n + 1 + i,
                         s->batch[i].text, s->batch[i].len);
    return 0;
}

/* Writes the stream's open block as one row of log_blocks: its bytes
 * into the side file when the database has one (one write, no record,
 * no b-tree page to copy them into and spill), else into the row. */
static int block_write(struct splitter *s)
{
    struct sb_logstore *store = sb_db_logstore(s->ctx->db);
    struct sb_logblock *b = &s->block;
    sqlite3_stmt *st;
    const char *bytes;
    size_t len;
    int64_t at;
    int rc;

    if (b->n == 0)
        return 0;
    st = sb_db_stmt(s->ctx->db, "INSERT INTO log_blocks(id, stream_id, "
                    "n_lines, data, at, bytes) VALUES (?,?,?,?,?,?)",
                    s->err);
    if (!st)
        return s->err->code;
    sqlite3_bind_int64(st, 1, b->first_id);
    sqlite3_bind_int64(st, 2, s->stream_id);
    sqlite3_bind_int(st, 3, b->n);
    bytes = sb_logblock_bytes(b, &len);
    if (store) {
        if ((rc = sb_logstore_append(store, bytes, len, &at, s->err)))
            return rc;
        sqlite3_bind_int64(st, 5, at);
        sqlite3_bind_int64(st, 6, (int64_t)len);
    } else {
        sqlite3_bind_blob(st, 4, bytes, (int)len, SQLITE_STATIC);
    }
    rc = sb_db_run(s->ctx->db, st, s->err);
    /* after the run: the statement reads the bytes in place */
    sb_logblock_reset(b);
    return rc;
}

/* A container line into the stream's block: its id is the next, and the
 * line sink sees it at once (its text is copied into the block). */
static int block_line(struct splitter *s, const struct pending *p)
{
    const struct sb_load_opts *o = s->ctx->opts;
    struct sb_logblock *b = &s->block;
    struct sb_logstore *store;
    int64_t id = s->ctx->next_line_id;
    int rc;

    if (!s->stream_id && stream_begin(s))
        return s->err->code;
    if (!sb_logblock_fits(b, p->len) && (rc = block_write(s)))
        return rc;
    /* a new block packs its lines where the side file gathers its writes:
     * the block's write then copies nothing */
    if (b->n == 0 && (store = sb_db_logstore(s->ctx->db)) &&
        (rc = sb_logblock_pack_in(b, store, s->err)))
        return rc;
    rc = sb_logblock_add_n(b, p->line_no, p->time[0] ? p->time : NULL,
                           p->time_len, p->text, p->len);
    if (rc)
        return sb_err_set(s->err, rc, "cannot keep a line of '%s' (line "
                          "%lld, %zu bytes): %s", s->t->file,
                          (long long)p->line_no, p->len,
                          rc == SB_E_NOMEM ? "out of memory" : "too long");
    if (b->n == 1)
        b->first_id = id;
    s->ctx->next_line_id++;
    if (!s->first_id)
        s->first_id = id;
    s->last_id = id;
    s->lines++;
    if (o && o->line_sink)
        o->line_sink(o->line_sink_ctx, id, p->text, p->len);
    return 0;
}

static int insert_container_line(struct splitter *s, const char *line,
                                 size_t len)
{
    struct pending *p = &s->batch[s->nbatch++];
    size_t skip = log_prefix(s, line, len, p->time, &p->time_len);
    const char *clean;

    if (!skip) {
        p->time[0] = '\0';
        p->time_len = 0;
    }
    line += skip;
    len -= skip;
    clean = clean_utf8(s, line, &len);
    p->text = clean;
    p->len = len;
    p->line_no = s->line_no;
    if (s->ctx->lines_mode == 2) {
        s->nbatch = 0;
        return block_line(s, p);
    }
    /* a cleaned copy lives in 'fixed' only until the next line */
    if (s->nbatch == BATCH || clean != line)
        return flush(s);
    return 0;
}

/* Ends the current container's stream: its log_streams row, with its id
 * range and line count. */
static int stream_end(struct splitter *s)
{
    sqlite3_stmt *st;
    int rc = flush(s);

    if (rc == 0)
        rc = block_write(s);
    if (rc)
        return rc;
    if (!s->stream_id)
        return 0;
    st = sb_db_stmt(s->ctx->db, "INSERT INTO log_streams(id, bundle_id, "
                    "namespace, pod, container, previous, file, first_id, "
                    "last_id, lines) VALUES (?,?,?,?,?,?,?,?,?,?)", s->err);
    if (!st)
        return s->err->code;
    sqlite3_bind_int64(st, 1, s->stream_id);
    sqlite3_bind_int64(st, 2, s->ctx->bundle_id);
    sqlite3_bind_text(st, 3, s->t->ns, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, s->stream_pod, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, s->stream_container, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, s->t->previous);
    sb_db_bind_text(st, 7, s->t->file, -1);
    sqlite3_bind_int64(st, 8, s->first_id);
    sqlite3_bind_int64(st, 9, s->last_id);
    sqlite3_bind_int64(st, 10, s->lines);
    s->stream_id = s->first_id = s->last_id = s->lines = 0;
    return sb_db_run(s->ctx->db, st, s->err);
}

static const char *node_source(const struct splitter *s)
{
    return s->source[0] ? s->source : s->t->source;
}

/* nvidia-bug-report.sh separates what it appends with a rule of 44
 * underscores, a blank line and a title ("dmesg:", "Scanning kernel log
 * files for NVIDIA kernel messages:", "*** /var/log/..."). Kernel lines
 * appear twice (the grep of the kernel logs, then dmesg), so the source
 * of each line names its section: "nvidia-bug-report dmesg",
 * "nvidia-bug-report kernel-logs", "nvidia-bug-report" for the rest; the
 * loader keeps one section's GPU events (sb_load_logs_bugreport_dedup). */
static void bugreport_section(struct splitter *s, const char *line,
                              size_t len)
{
    static const char rule[] = "____________________________________________";
    static const char scan[] = "Scanning kernel log files for NVIDIA kernel";

    if (len == sizeof(rule) - 1 && !memcmp(line, rule, len)) {
        s->rule_seen = true;
        snprintf(s->source, sizeof(s->source), "%s", s->t->source);
        return;
    }
    if (!s->rule_seen || len == 0)
        return;
    s->rule_seen = false;
    if (len == 6 && !memcmp(line, "dmesg:", 6))
        snprintf(s->source, sizeof(s->source), "%s dmesg", s->t->source);
    else if (len >= sizeof(scan) - 1 && !memcmp(line, scan, sizeof(scan) - 1))
        snprintf(s->source, sizeof(s->source), "%s kernel-logs",
                 s->t->source);
}

static int insert_xid(struct splitter *s, const struct sb_xid *x,
                      const char *line, size_t len)
{
    sqlite3_stmt *st = sb_db_stmt(s->ctx->db, "INSERT INTO gpu_xids VALUES "
                                  "(?,?,?,?,?,?,?,?,?,?)", s->err);

    if (!st)
        return s->err->code;
    sqlite3_bind_int64(st, 1, s->ctx->bundle_id);
    sb_db_bind_text(st, 2, s->t->node, -1);
    sb_db_bind_text(st, 3, x->pci[0] ? x->pci : NULL, -1);
    sqlite3_bind_int(st, 4, x->code);
    sb_db_bind_text(st, 5, x->time[0] ? x->time : NULL, -1);
    if (x->pid >= 0)
        sqlite3_bind_int(st, 6, x->pid);
    sb_db_bind_text(st, 7, x->process[0] ? x->process : NULL, -1);
    sqlite3_bind_text(st, 8, line, (int)len, SQLITE_STATIC);
    sb_db_bind_text(st, 9, node_source(s), -1);
    sb_db_bind_text(st, 10, s->t->file, -1);
    return sb_db_run(s->ctx->db, st, s->err);
}

static int insert_gpu_event(struct splitter *s, const struct sb_gpu_event *e,
                            const char *line, size_t len)
{
    sqlite3_stmt *st = sb_db_stmt(s->ctx->db, "INSERT INTO gpu_events (bundle_id,"
                                  " node, kind, pci, code, fatal, time, text,"
                                  " source, file) VALUES (?,?,?,?,?,?,?,?,?,?)",
                                  s->err);

    if (!st)
        return s->err->code;
    sqlite3_bind_int64(st, 1, s->ctx->bundle_id);
    sb_db_bind_text(st, 2, s->t->node, -1);
    sb_db_bind_text(st, 3, e->kind, -1);
    sb_db_bind_text(st, 4, e->pci[0] ? e->pci : NULL, -1);
    if (e->code)
        sqlite3_bind_int(st, 5, e->code);
    sqlite3_bind_int(st, 6, e->fatal);
    sb_db_bind_text(st, 7, e->time[0] ? e->time : NULL, -1);
    sqlite3_bind_text(st, 8, line, (int)len, SQLITE_STATIC);
    sb_db_bind_text(st, 9, node_source(s), -1);
    sb_db_bind_text(st, 10, s->t->file, -1);
    return sb_db_run(s->ctx->db, st, s->err);
}

static int insert_node_line(struct splitter *s, const char *line, size_t len)
{
    struct sb_logstamp ls;
    struct sb_xid x;
    struct sb_gpu_event ev;
    sqlite3_stmt *st = s->ins;
    int rc;

    line = clean_utf8(s, line, &len);
    if (s->t->sectioned)
        bugreport_section(s, line, len);
    sb_logstamp_parse(line, len, s->ctx->year_hint, &ls);
    sqlite3_bind_int64(st, 1, s->ctx->bundle_id);
    sqlite3_bind_text(st, 2, s->t->node, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, node_source(s), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, s->line_no);
    if (ls.time[0])
        sqlite3_bind_text(st, 5, ls.time, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 5);
    sqlite3_bind_text(st, 6, line, (int)len, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, s->t->file, -1, SQLITE_STATIC);
    rc = sb_db_run(s->ctx->db, st, s->err);
    if (rc == 0 && memmem(line, len, "Xid", 3) &&
        sb_xid_parse_line(line, len, s->ctx->year_hint, &x))
        return insert_xid(s, &x, line, len);
    /* SXid, and NVRM lines about a lost GPU: "Xid" or "NVRM" first, so
     * that the other lines cost one search each */
    if (rc == 0 && (memmem(line, len, "Xid", 3) ||
                    memmem(line, len, "NVRM", 4)) &&
        sb_xid_parse_event(line, len, s->ctx->year_hint, &ev))
        return insert_gpu_event(s, &ev, line, len);
    /* the fabric manager's and IMEX's errors in a node journal: the
     * daemon's name first, for the same reason */
    if (rc == 0 && (memmem(line, len, "fabricmanager", 13) ||
                    memmem(line, len, "nvidia-imex", 11)) &&
        sb_xid_parse_fabric(line, len, s->ctx->year_hint, SB_FABRIC_ANY,
                            &ev))
        rc = insert_gpu_event(s, &ev, line, len);
    return rc;
}

/* "==== START logs for container NAME of pod NS/POD ====" */
static bool dump_marker(struct splitter *s, const char *line, size_t len)
{
    static const char start[] = "==== START logs for container ";
    static const char end[] = "==== END logs for container ";
    const char *p, *q;
    size_t n;

    if (len < sizeof(end) || line[0] != '=')
        return false;
    if (strncmp(line, end, sizeof(end) - 1) == 0)
        return true;
    if (strncmp(line, start, sizeof(start) - 1) != 0)
        return false;
    p = line + sizeof(start) - 1;
    q = memmem(p, len - (size_t)(p - line), " of pod ", 8);
    n = q ? (size_t)(q - p) : 0;
    if (n && n < sizeof(s->container)) {
        memcpy(s->container, p, n);
        s->container[n] = '\0';
    }
    return true;
}

/* "[pod/P/C] ": a new pod or container ends the stream before it (kubectl
 * writes one container's lines after another's); returns the prefix's
 * length, or a negative code. */
static int take_prefix(struct splitter *s, const char *line, size_t len)
{
    char pod[256], container[256];
    size_t n = sb_bformat_log_prefix(line, len, pod, container, sizeof(pod));
    int rc;

    if (!n)
        return 0;
    if (strcmp(pod, s->pod) != 0 || strcmp(container, s->container) != 0) {
        if ((rc = stream_end(s)))
            return rc;
        memcpy(s->pod, pod, sizeof(pod));
        memcpy(s->container, container, sizeof(container));
    }
    return (int)n;
}

static int one_line(struct splitter *s, const char *line, size_t len)
{
    if (len && line[len - 1] == '\r')
        len--;
    if (s->t->prefixed) {
        int n = take_prefix(s, line, len);
        if (n < 0)
            return n;
        line += n;
        len -= (size_t)n;
    }
    /* a marker ends one container's part of a dump and starts another's */
    else if (s->t->ns && !s->t->container && len && line[0] == '=') {
        int rc = flush(s);  /* the batch is of the container before it */
        if (rc)
            return rc;
        if (dump_marker(s, line, len))
            return stream_end(s);
    }
    s->line_no++;
    s->ctx->stats->log_lines++;
    if (s->t->ns)
        return insert_container_line(s, line, len);
    return insert_node_line(s, line, len);
}

static int split(struct splitter *s, sb_load_read_fn *rd, void *rctx)
{
    struct sb_buf buf = SB_BUF_INIT(SB_BUF_UNLIMITED);
    size_t line_max = s->ctx->line_max, start, keep;
    bool skipping = false;   /* inside a capped line: drop to its end */
    char *nl;
    ssize_t got;
    int rc = 0, frc;

    if (sb_buf_grow(&buf, CHUNK + line_max + 1))
        return sb_err_set(s->err, SB_E_NOMEM, "out of memory reading '%s'",
                          s->t->file);
    for (;;) {
        got = rd(rctx, buf.data + buf.len, CHUNK, s->err);
        if (got < 0) {
            rc = (int)got;
            break;
        }
        buf.len += (size_t)got;
        buf.data[buf.len] = '\0';
        start = 0;
        while (start < buf.len &&
               (nl = memchr(buf.data + start, '\n', buf.len - start))) {
            size_t len = (size_t)(nl - (buf.data + start));
            if (skipping) {
                skipping = false;
            } else {
                if (len > line_max) {
                    len = line_max;
                    s->capped++;
                }
                *nl = '\0';
                if ((rc = one_line(s, buf.data + start, len)))
                    goto cleanup;
            }
            start = (size_t)(nl - buf.data) + 1;
        }
        keep = buf.len - start;
        if (keep > line_max) {
            /* no newline within line_max: write what fits, drop the rest */
            if (!skipping) {
                s->capped++;
                if ((rc = one_line(s, buf.data + start, line_max)))
                    goto cleanup;
            }
            skipping = true;
            keep = 0;
            start = buf.len;
        }
        /* the batch points into buf: write it before buf changes */
        if ((rc = flush(s)))
            goto cleanup;
        memmove(buf.data, buf.data + start, keep);
        buf.len = keep;
        if (got == 0)
            break;
    }
    if (buf.len && !skipping)
        rc = one_line(s, buf.data, buf.len);
cleanup:
    /* the lines read before an error are kept: written while buf holds
     * them (after a failed write the batch is empty) */
    frc = flush(s);
    if (rc == 0)
        rc = frc;
    sb_buf_release(&buf);
    return rc;
}

/* Decides, once a bundle, how container lines are stored: blocks in a
 * temporary database (converted before its first line), rows otherwise. */
static int lines_mode(struct sb_load_ctx *ctx, struct sb_err *err)
{
    sqlite3 *h = sb_db_handle(ctx->db);
    bool on = false;

    if (ctx->lines_mode)
        return 0;
    ctx->lines_mode = 1;
    if (!ctx->opts || !ctx->opts->skip_fts)
        return 0;   /* no options (a harness's own context): rows */
    if (sb_logblocks_install(h, &on) != SQLITE_OK ||
        (on && sb_logblocks_next_id(h, &ctx->next_line_id) != SQLITE_OK))
        return sb_err_set(err, SB_E_DB, "cannot set up log blocks in '%s':"
                          " %s", ctx->bundle_path, sqlite3_errmsg(h));
    if (on)
        ctx->lines_mode = 2;
    return 0;
}

int sb_load_logs_stream(struct sb_load_ctx *ctx,
                        const struct sb_log_target *target,
                        sb_load_read_fn *rd, void *rctx, struct sb_err *err)
{
    struct splitter s;
    int rc;

    memset(&s, 0, sizeof(s));
    s.ctx = ctx;
    s.t = target;
    s.err = err;
    sb_buf_init(&s.fixed, 4 * ctx->line_max + 16);
    sb_logblock_init(&s.block);
    strcpy(s.container, "-");
    if (!target->ns &&
        !(s.ins = sb_db_stmt(ctx->db, "INSERT INTO node_log_lines(bundle_id,"
                             " node, source, line_no, time, text, file) "
                             "VALUES (?,?,?,?,?,?,?)", err)))
        return err->code;
    if ((rc = sb_db_begin(ctx->db, err)))
        goto cleanup;
    rc = target->ns ? lines_mode(ctx, err) : 0;
    if (rc == 0)
        rc = split(&s, rd, rctx);
    if (target->ns) {
        /* a log cut short by an error still gets its stream */
        int erc = stream_end(&s);
        if (rc == 0)
            rc = erc;
    }
    if (sb_db_commit(ctx->db, rc ? NULL : err) && !rc)
        rc = err->code;
    if (s.capped)
        sb_load_error(ctx, target->file, "%llu lines longer than %zu bytes "
                      "were capped", (unsigned long long)s.capped,
                      ctx->line_max);
cleanup:
    sb_buf_release(&s.fixed);
    sb_logblock_release(&s.block);
    return rc;
}

int sb_load_logs_bugreport_dedup(struct sb_load_ctx *ctx, const char *file,
                                 struct sb_err *err)
{
#define BR_WHERE(sect) " WHERE bundle_id = ?1 AND file = ?2 AND source " \
                       "LIKE '% " sect "'"
#define BR_MESSAGE "substr(text, instr(text, 'NVRM:'))"
    static const char *const sql[] = {
        "DELETE FROM gpu_xids" BR_WHERE("dmesg") " AND EXISTS (SELECT 1 "
        "FROM gpu_xids" BR_WHERE("kernel-logs") ")",
        "DELETE FROM gpu_events" BR_WHERE("dmesg") " AND EXISTS (SELECT 1 "
        "FROM gpu_events" BR_WHERE("kernel-logs") ")",
        "DELETE FROM gpu_xids" BR_WHERE("kernel-logs") " AND rowid NOT IN "
        "(SELECT min(rowid) FROM gpu_xids" BR_WHERE("kernel-logs")
        " GROUP BY pci, code, time, " BR_MESSAGE ")",
        "DELETE FROM gpu_events" BR_WHERE("kernel-logs") " AND rowid NOT IN "
        "(SELECT min(rowid) FROM gpu_events" BR_WHERE("kernel-logs")
        " GROUP BY kind, pci, code, time, " BR_MESSAGE ")",
    };
#undef BR_WHERE
#undef BR_MESSAGE
    sqlite3_stmt *st;
    size_t i;

    for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
        if (!(st = sb_db_stmt(ctx->db, sql[i], err)))
            return err->code;
        sqlite3_bind_int64(st, 1, ctx->bundle_id);
        sb_db_bind_text(st, 2, file, -1);
        if (sb_db_run(ctx->db, st, err))
            return err->code;
    }
    return 0;
}
