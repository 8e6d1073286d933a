/*
 * Bundle reader: one walk over a tar.gz (streamed through our tar reader,
 * sb_tar, or libarchive for what it leaves) or a folder, handing out
 * regular files with paths relative to the top folder.
 * Everything hostile is refused here, once, so every loader above can trust
 * the paths and sizes it is given.
 */
#include "sb_bundle.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "sb_alloc.h"
#include "sb_bformat.h"
#include "sb_dumpstream.h"
#include "sb_gzpipe.h"
#include "sb_hasher.h"
#include "sb_tar.h"
#include "sb_tmp.h"

#define DEFAULT_MEMBER_MAX (512ULL << 20)
#define DEFAULT_TOTAL_MAX (64ULL << 30)
#define DEFAULT_RATIO_MAX 1000.0
/* folders of a folder bundle walked below its top; every format nests
 * less than 10 deep */
#define DIR_DEPTH_MAX 64
/* Files a bundle folder may hold: far past any real bundle, short of a
 * hostile tree listing the reader out of memory. */
#define FOLDER_FILES_MAX ((size_t)16 << 20)
#define SB_STR_(x) #x
#define SB_STR(x) SB_STR_(x)
/* below this much output the ratio says nothing: tiny files compress well */
#define RATIO_FLOOR (64ULL << 20)
/* sb_bundle_read_all's reads, at most: the buffer grows a step at a time
 * (doubling), not to a member's announced size, which may lie */
#define READ_STEP ((size_t)1 << 16)
/* A plain tar file is read this much at a time by our own reader */
#define FILE_CHUNK ((size_t)1 << 18)
/* What libarchive's bidders may look at before choosing how to read the
 * stream (its uudecode bidder reads the most: 128 KiB); our reader is
 * chosen only where they, shown this much, choose plain tar. */
#define BID_SPAN ((size_t)160 << 10)

struct sb_bundle {
    char *path;                 /* as opened, for messages */
    struct sb_bundle_opts opts;
    struct archive *a;          /* archive mode, read by libarchive */
    struct sb_tar *tar;         /* archive mode, read by our tar reader */
    struct sb_gzpipe *gz;       /* gzip inflated by zlib in a thread */
    int fd;                     /* a plain tar file we read, or -1 */
    char *fd_buf;               /* its chunk */
    uint64_t fd_in;             /* its bytes read */
    /* the stream's start, read to choose the reader, handed out first */
    struct sb_buf head;
    bool head_pending;
    ssize_t head_end;           /* what the source said after it: 0 the
                                   end, -1 an error, 1 more to come */
    /* folder mode: the sorted relative paths, walked in order */
    char *root;
    char **files;
    size_t nfiles, next_file;
    FILE *cur;
    /* the current member */
    struct sb_buf name;         /* relative path */
    bool has_member;
    bool member_done;           /* its data has been read to the end */
    uint64_t member_out;        /* bytes of it handed out */
    struct sb_hasher *hasher;   /* SHA-256 of each member, in a thread */
    uint64_t total_out;         /* bytes of member data handed out */
    char *top;                  /* top folder, "" when none */
    bool top_known;
    char *scratch;              /* a folder of ours to remove, or NULL */
    bool dead;                  /* an error ended the walk */
    struct sb_err why;          /* that error, said again by later calls */
};

/* Ends the walk on error 'rc' (already in 'err'); returns 'rc'. */
static int walk_ends(struct sb_bundle *bn, int rc, const struct sb_err *err)
{
    bn->dead = true;
    if (err)
        bn->why = *err;
    bn->why.code = rc;
    return rc;
}

static void warn(struct sb_bundle *bn, const char *path, const char *msg)
{
    if (bn->opts.warn)
        bn->opts.warn(bn->opts.warn_ctx, path, msg);
}

/* A member past member_max: its size, the limit and the caller's option
 * that sets it, so the user knows what to raise. */
static void warn_too_big(struct sb_bundle *bn, const char *path,
                         uint64_t size)
{
    char msg[256];

    snprintf(msg, sizeof(msg), "member of %llu bytes is larger than the "
             "limit of %llu bytes%s%s%s, skipped", (unsigned long long)size,
             (unsigned long long)bn->opts.member_max,
             bn->opts.member_max_option ? " (" : "",
             bn->opts.member_max_option ? bn->opts.member_max_option : "",
             bn->opts.member_max_option ? ")" : "");
    warn(bn, path, msg);
}

static void set_defaults(struct sb_bundle_opts *o)
{
    if (!o->member_max)
        o->member_max = DEFAULT_MEMBER_MAX;
    if (!o->total_max)
        o->total_max = DEFAULT_TOTAL_MAX;
    if (o->ratio_max <= 0)
        o->ratio_max = DEFAULT_RATIO_MAX;
}

static struct sb_bundle *bundle_new(const char *path,
                                    const struct sb_bundle_opts *opts)
{
    struct sb_bundle *bn = sb_calloc(1, sizeof(*bn));

    if (!bn)
        return NULL;
    if (opts)
        bn->opts = *opts;
    set_defaults(&bn->opts);
    sb_buf_init(&bn->name, 4096);
    sb_buf_init(&bn->head, BID_SPAN + ((size_t)1 << 20));
    bn->fd = -1;
    bn->head_end = 1;
    bn->path = sb_strdup(path);
    if (!bn->opts.skip_hash)
        bn->hasher = sb_hasher_new();
    if (!bn->path || (!bn->hasher && !bn->opts.skip_hash)) {
        sb_bundle_free(bn);
        return NULL;
    }
    return bn;
}

/* ---- folder mode ------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_file(struct sb_bundle *bn, const char *rel, size_t *cap)
{
    int rc = SB_ARRAY_GROW(bn->files, bn->nfiles + 1, *cap, FOLDER_FILES_MAX);

    if (rc)
        return rc;
    bn->files[bn->nfiles] = sb_strdup(rel);
    if (!bn->files[bn->nfiles])
        return SB_E_NOMEM;
    bn->nfiles++;
    return 0;
}

/* Lists regular files below root/rel. Symlinks are never followed: a
 * bundle folder from a stranger may point anywhere on this machine. */
static int walk_dir(struct sb_bundle *bn, const char *rel, size_t *cap,
                    int depth, struct sb_err *err)
{
    struct sb_buf full = SB_BUF_INIT(8192), sub = SB_BUF_INIT(8192);
    struct dirent *de;
    struct stat st;
    DIR *d = NULL;
    int rc = 0;

    /* a folder too deep, too long a path or unreadable loses what is
     * under it, recorded, never the rest of the bundle (a 20,000-deep
     * chain of folders would otherwise leave nothing loadable) */
    if (depth > DIR_DEPTH_MAX) {
        warn(bn, rel, "folder nested more than " SB_STR(DIR_DEPTH_MAX)
             " deep: what is under it is skipped");
        return 0;
    }
    if (sb_buf_addf(&full, "%s%s%s", bn->root, *rel ? "/" : "", rel)) {
        if (!*rel)
            return sb_err_set(err, SB_E_TOOBIG, "path too long: '%s'",
                              bn->root);
        warn(bn, rel, "path too long: what is under it is skipped");
        goto cleanup;
    }
    d = opendir(full.data);
    if (!d && *rel) {
        warn(bn, rel, strerror(errno));
        goto cleanup;
    }
    if (!d) {
        rc = sb_err_set(err, SB_E_IO, "cannot read folder '%s': %s",
                        full.data, strerror(errno));
        goto cleanup;
    }
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        sb_buf_reset(&sub);
        sb_buf_reset(&full);
        if (sb_buf_addf(&sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name) ||
            sb_buf_addf(&full, "%s/%s", bn->root, sub.data)) {
            warn(bn, de->d_name, "path too long, skipped");
            continue;
        }
        if (lstat(full.data, &st)) {
            warn(bn, sub.data, strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode))
            rc = walk_dir(bn, sub.data, cap, depth + 1, err);
        else if (S_ISREG(st.st_mode))
            rc = add_file(bn, sub.data, cap);
        else if (S_ISLNK(st.st_mode))
            warn(bn, sub.data, "symbolic link ignored");
        else
            warn(bn, sub.data, "not a regular file, ignored");
        if (rc)
            goto cleanup;
    }
cleanup:
    if (rc == SB_E_NOMEM)
        sb_err_set(err, rc, "out of memory listing '%s'", bn->root);
    else if (rc == SB_E_TOOBIG)
        sb_err_set(err, rc, "folder '%s' holds more than %zu files",
                   bn->root, (size_t)FOLDER_FILES_MAX);
    if (d)
        closedir(d);
    sb_buf_release(&full);
    sb_buf_release(&sub);
    return rc;
}

/* An extracted bundle is one top folder: accept both it and its parent. */
static int find_dir_root(struct sb_bundle *bn, const char *path)
{
    struct sb_buf probe = SB_BUF_INIT(8192);
    struct dirent *de;
    struct stat st;
    char *only = NULL;
    int entries = 0;
    DIR *d;

    bn->root = sb_strdup(path);
    bn->top = sb_strdup("");
    if (!bn->root || !bn->top)
        return SB_E_NOMEM;
    if (sb_buf_addf(&probe, "%s/manifest.json", path) == 0 &&
        stat(probe.data, &st) == 0) {
        sb_buf_release(&probe);
        return 0;
    }
    d = opendir(path);
    while (d && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        entries++;
        sb_free(only);
        only = sb_strdup(de->d_name);
    }
    if (d)
        closedir(d);
    sb_buf_reset(&probe);
    if (entries == 1 && only &&
        sb_buf_addf(&probe, "%s/%s", path, only) == 0 &&
        lstat(probe.data, &st) == 0 && S_ISDIR(st.st_mode)) {
        sb_free(bn->root);
        sb_free(bn->top);
        bn->root = sb_buf_detach(&probe, NULL);
        bn->top = only;
        only = NULL;
    }
    sb_free(only);
    sb_buf_release(&probe);
    return bn->root && bn->top ? 0 : SB_E_NOMEM;
}

static int open_dir(struct sb_bundle *bn, const char *path,
                    struct sb_err *err)
{
    size_t cap = 0;
    int rc;

    rc = find_dir_root(bn, path);
    if (rc)
        return sb_err_set(err, rc, "out of memory opening '%s'", path);
    bn->top_known = true;
    rc = walk_dir(bn, "", &cap, 0, err);
    if (rc)
        return rc;
    if (bn->nfiles)     /* qsort(NULL, 0, ...) is undefined */
        qsort(bn->files, bn->nfiles, sizeof(*bn->files), cmp_str);
    return 0;
}

/* ---- archive mode ----------------------------------------------------- */

static int archive_new(struct sb_bundle *bn)
{
    bn->a = archive_read_new();
    if (!bn->a)
        return SB_E_NOMEM;
    archive_read_support_filter_all(bn->a);
    archive_read_support_format_tar(bn->a);
    archive_read_support_format_gnutar(bn->a);
    return 0;
}

static bool is_archive(const struct sb_bundle *bn)
{
    return bn->a || bn->tar;
}

/* The source's next chunk: the gzip pipe's or the plain file's. */
static ssize_t source_read(struct sb_bundle *bn, const void **buf)
{
    ssize_t n;

    if (bn->gz)
        return sb_gzpipe_read(bn->gz, buf);
    if (bn->fd < 0)
        return -1;
    do
        n = read(bn->fd, bn->fd_buf, FILE_CHUNK);
    while (n < 0 && errno == EINTR);
    if (n > 0) {
        bn->fd_in += (uint64_t)n;
        *buf = bn->fd_buf;
    }
    return n < 0 ? -1 : n;
}

/* The stream, for both readers: its start (read to choose the reader)
 * first, then the source's chunks. */
static ssize_t pull(void *ctx, const void **buf)
{
    struct sb_bundle *bn = ctx;

    if (bn->head_pending) {
        bn->head_pending = false;
        if (bn->head.len) {
            *buf = bn->head.data;
            return (ssize_t)bn->head.len;
        }
    }
    if (bn->head.data)      /* handed out by the last call: done with */
        sb_buf_release(&bn->head);
    if (bn->head_end <= 0)
        return bn->head_end;
    return source_read(bn, buf);
}

/* zlib, not libarchive, reads gzip: libarchive drops the last window of a
 * truncated stream, zlib hands out every byte it could inflate, so a bundle
 * cut short in transit still gives everything before the cut. */
static la_ssize_t gz_read_cb(struct archive *a, void *ctx, const void **buf)
{
    struct sb_bundle *bn = ctx;
    ssize_t n = pull(bn, buf);

    if (n < 0) {
        archive_set_error(a, EIO, "%s", sb_gzpipe_error(bn->gz));
        return -1;
    }
    return n;
}

static bool is_gzip(const char *path)
{
    unsigned char magic[2] = { 0, 0 };
    FILE *f = fopen(path, "rb");

    if (!f)
        return false;
    if (fread(magic, 1, 2, f) != 2)
        magic[0] = 0;
    fclose(f);
    return magic[0] == 0x1f && magic[1] == 0x8b;
}

/* Drops our own source (plain file, stream start), not the gzip pipe. */
static void close_own_source(struct sb_bundle *bn)
{
    if (bn->fd >= 0)
        close(bn->fd);
    bn->fd = -1;
    sb_free(bn->fd_buf);
    bn->fd_buf = NULL;
    sb_buf_release(&bn->head);
    bn->head_pending = false;
    bn->head_end = 1;
}

/* libarchive reads the archive as it always did: a gzip stream from our
 * pipe, any other file by name. */
static int open_libarchive(struct sb_bundle *bn, const char *path,
                           struct sb_err *err)
{
    int r;

    if (!bn->gz)
        close_own_source(bn);
    if (archive_new(bn))
        return sb_err_set(err, SB_E_NOMEM, "out of memory opening '%s'",
                          path);
    if (bn->gz)
        r = archive_read_open(bn->a, bn, NULL, gz_read_cb, NULL);
    else
        r = archive_read_open_filename(bn->a, path, 1 << 16);
    if (r != ARCHIVE_OK)
        return sb_err_set(err, SB_E_FORMAT, "'%s' is not a bundle: %s",
                          path, archive_error_string(bn->a));
    return 0;
}

/* Reads the stream's first BID_SPAN bytes (all of it when shorter) into
 * 'head', to be handed out again first. */
static int read_head(struct sb_bundle *bn)
{
    const void *buf;
    ssize_t n;

    while (bn->head.len < BID_SPAN) {
        n = source_read(bn, &buf);
        if (n <= 0) {
            bn->head_end = n;
            break;
        }
        if (sb_buf_add(&bn->head, buf, (size_t)n))
            return SB_E_NOMEM;
    }
    bn->head_pending = true;
    return 0;
}

/* Whether libarchive, shown the stream's start, reads it as plain tar: no
 * filter of its own bids (a tar whose first name looks like compressed
 * data, say), and its tar bidder accepts the first header. */
static bool libarchive_reads_tar(const struct sb_buf *head)
{
    struct archive *o = archive_read_new();
    bool yes;

    if (!o)
        return false;
    archive_read_support_filter_all(o);
    archive_read_support_format_tar(o);
    archive_read_support_format_gnutar(o);
    yes = archive_read_open_memory(o, head->data, head->len) == ARCHIVE_OK
          && archive_filter_count(o) == 1;
    archive_read_free(o);
    return yes;
}

/* Opens an archive file with our tar reader where its start says plain
 * tar that libarchive would read as such, with libarchive otherwise (and
 * if ours meets what it does not know later: hand_over). */
static int open_archive(struct sb_bundle *bn, const char *path,
                        struct sb_err *err)
{
    if (is_gzip(path)) {
        bn->gz = sb_gzpipe_open(path);
        if (!bn->gz)
            return sb_err_set(err, SB_E_FORMAT, "'%s' is not a bundle: %s",
                              path, strerror(errno));
    } else {
        bn->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (bn->fd < 0)     /* libarchive says why, as it did */
            return open_libarchive(bn, path, err);
        bn->fd_buf = sb_malloc(FILE_CHUNK);
    }
    if ((!bn->gz && !bn->fd_buf) || read_head(bn))
        return sb_err_set(err, SB_E_NOMEM, "out of memory opening '%s'",
                          path);
    if (!sb_tar_first_block_ok(bn->head.data, bn->head.len) ||
        !libarchive_reads_tar(&bn->head))
        return open_libarchive(bn, path, err);
    bn->tar = sb_tar_new(pull, bn);
    if (!bn->tar)
        return sb_err_set(err, SB_E_NOMEM, "out of memory opening '%s'",
                          path);
    return 0;
}

static int rm_entry(const char *p, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(p) && errno != ENOENT ? -1 : 0;
}

static void dump_warn(void *ctx, const char *msg)
{
    struct sb_bundle *bn = ctx;

    if (bn->opts.warn)
        bn->opts.warn(bn->opts.warn_ctx, bn->path, msg);
}

/* kubectl cluster-info dump's standard output, one file: laid out as its
 * folder form in a private folder (removed by sb_bundle_free), read as a
 * folder. */
static int open_dump_stream(struct sb_bundle *bn, const char *path,
                            struct sb_err *err)
{
    struct sb_buf dir = SB_BUF_INIT(4096);
    int rc;

    if (sb_buf_addf(&dir, "%s/sbundle-dump.XXXXXX", sb_tmpdir()) ||
        !(bn->scratch = sb_buf_detach(&dir, NULL))) {
        sb_buf_release(&dir);
        return sb_err_set(err, SB_E_NOMEM, "out of memory opening '%s'",
                          path);
    }
    if (!mkdtemp(bn->scratch)) {
        rc = sb_err_set(err, SB_E_IO, "cannot make a folder to read '%s' "
                        "in ('%s'): %s", path, bn->scratch, strerror(errno));
        sb_free(bn->scratch);
        bn->scratch = NULL;
        return rc;
    }
    rc = sb_dumpstream_split(path, bn->scratch, dump_warn, bn, err);
    if (rc == 0)
        return sb_err_set(err, SB_E_FORMAT, "'%s' looks like the output of "
                          "kubectl cluster-info dump but holds no list or "
                          "log analyze can place", path);
    return rc < 0 ? rc : open_dir(bn, bn->scratch, err);
}

int sb_bundle_open(const char *path, const struct sb_bundle_opts *opts,
                   struct sb_bundle **out, struct sb_err *err)
{
    struct sb_bundle *bn = NULL;
    struct stat st;
    int rc = 0;

    *out = NULL;
    if (stat(path, &st))
        return sb_err_set(err, SB_E_NOTFOUND, "cannot open '%s': %s", path,
                          strerror(errno));
    bn = bundle_new(path, opts);
    if (!bn)
        return sb_err_set(err, SB_E_NOMEM, "out of memory opening '%s'",
                          path);
    if (S_ISDIR(st.st_mode)) {
        rc = open_dir(bn, path, err);
        goto cleanup;
    }
    if (st.st_size == 0) {
        rc = sb_err_set(err, SB_E_FORMAT, "'%s' is empty", path);
        goto cleanup;
    }
    if (!is_gzip(path) && sb_dumpstream_detect(path)) {
        rc = open_dump_stream(bn, path, err);
        goto cleanup;
    }
    rc = open_archive(bn, path, err);
cleanup:
    if (rc)
        sb_bundle_free(bn);
    else
        *out = bn;
    return rc;
}

int sb_bundle_open_memory(const void *data, size_t len,
                          const struct sb_bundle_opts *opts,
                          struct sb_bundle **out, struct sb_err *err)
{
    struct sb_bundle *bn;

    *out = NULL;
    if (!len)
        return sb_err_set(err, SB_E_FORMAT, "'<memory>' is empty");
    bn = bundle_new("<memory>", opts);
    if (!bn || archive_new(bn)) {
        sb_bundle_free(bn);
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    if (archive_read_open_memory(bn->a, data, len) != ARCHIVE_OK) {
        sb_err_set(err, SB_E_FORMAT, "'<memory>' is not a bundle: %s",
                   archive_error_string(bn->a));
        sb_bundle_free(bn);
        return SB_E_FORMAT;
    }
    *out = bn;
    return 0;
}

/* Refuses names a hostile archive uses to escape or confuse: absolute
 * paths, "..", empty components are folded. Returns the cleaned relative
 * name in 'out' or false. */
static bool clean_path(const char *in, struct sb_buf *out)
{
    const char *p = in, *seg;
    size_t n;

    sb_buf_reset(out);
    if (*p == '/' || *p == '\\')
        return false;
    while (*p) {
        seg = p;
        while (*p && *p != '/')
            p++;
        n = (size_t)(p - seg);
        if (*p == '/')
            p++;
        if (n == 0 || (n == 1 && seg[0] == '.'))
            continue;
        if (n == 2 && seg[0] == '.' && seg[1] == '.')
            return false;
        if (memchr(seg, '\\', n) && n >= 2 && seg[1] == ':')
            return false;
        if ((out->len && sb_buf_addc(out, '/')) || sb_buf_add(out, seg, n))
            return false;
    }
    return out->len > 0;
}

/* Strips the top folder (learnt from the first entry that has one). */
static void strip_top(struct sb_bundle *bn)
{
    bool is_root;
    char *slash;
    size_t tl;

    if (!bn->top_known) {
        slash = strchr(bn->name.data, '/');
        /* an archive packed from inside the bundle's folder has no top:
         * its first folder is one a format puts at its root */
        if (slash) {
            *slash = '\0';
            is_root = sb_bformat_is_root(bn->name.data, slash + 1);
            *slash = '/';
            if (is_root)
                slash = NULL;
        }
        bn->top = slash ? sb_strndup(bn->name.data,
                                     (size_t)(slash - bn->name.data))
                        : sb_strdup("");
        bn->top_known = bn->top != NULL;
    }
    if (!bn->top || !*bn->top)
        return;
    tl = strlen(bn->top);
    if (bn->name.len > tl && !strncmp(bn->name.data, bn->top, tl) &&
        bn->name.data[tl] == '/')
        sb_buf_consume(&bn->name, tl + 1);
}

static int check_limits(struct sb_bundle *bn, struct sb_err *err)
{
    uint64_t in;

    if (bn->total_out > bn->opts.total_max)
        return sb_err_set(err, SB_E_TOOBIG,
                          "'%s' unpacks to more than %llu bytes: stopped "
                          "(a decompression bomb?)",
                          bn->path,
                          (unsigned long long)bn->opts.total_max);
    if (!is_archive(bn) || bn->total_out < RATIO_FLOOR)
        return 0;
    in = sb_bundle_bytes_in(bn);
    if (in && (double)bn->total_out / (double)in > bn->opts.ratio_max)
        return sb_err_set(err, SB_E_TOOBIG,
                          "'%s' expands more than %.0f times (%llu bytes "
                          "from %llu): stopped as a decompression bomb",
                          bn->path, bn->opts.ratio_max,
                          (unsigned long long)bn->total_out,
                          (unsigned long long)in);
    return 0;
}

static int begin_member(struct sb_bundle *bn)
{
    bn->has_member = true;
    bn->member_done = false;
    bn->member_out = 0;
    if (bn->hasher)
        sb_hasher_reset(bn->hasher);
    return 0;
}

/* An archive entry as the checks below need it, from either reader. */
struct entry_view {
    const char *raw;            /* the name as stored */
    bool is_dir, is_hardlink, is_symlink, is_reg;
    bool has_size;
    uint64_t size;
};

static void view_libarchive(struct archive_entry *e, struct entry_view *v)
{
    v->raw = archive_entry_pathname(e);
    if (!v->raw)
        v->raw = "";
    v->is_dir = archive_entry_filetype(e) == AE_IFDIR;
    v->is_hardlink = archive_entry_hardlink(e) != NULL;
    v->is_symlink = archive_entry_filetype(e) == AE_IFLNK;
    v->is_reg = archive_entry_filetype(e) == AE_IFREG;
    v->has_size = archive_entry_size_is_set(e);
    v->size = v->has_size ? (uint64_t)archive_entry_size(e) : 0;
}

static void view_tar(const struct sb_tar_entry *e, struct entry_view *v)
{
    v->raw = e->name;
    v->is_dir = e->kind == SB_TAR_DIR;
    v->is_hardlink = e->kind == SB_TAR_HARDLINK;
    v->is_symlink = e->kind == SB_TAR_SYMLINK;
    v->is_reg = e->kind == SB_TAR_REG;
    v->has_size = true;
    v->size = e->size;
}

static int corrupt(struct sb_bundle *bn, struct sb_err *err)
{
    return sb_err_set(err, SB_E_FORMAT, "'%s' is truncated or corrupt "
                      "after %llu bytes of content: %s", bn->path,
                      (unsigned long long)bn->total_out,
                      archive_error_string(bn->a));
}

/* libarchive's next header. Returns 1, 0 at the end, or a negative
 * code. */
static int next_libarchive(struct sb_bundle *bn, struct entry_view *v,
                           struct sb_err *err)
{
    struct archive_entry *e;
    int r;

    for (;;) {
        r = archive_read_next_header(bn->a, &e);
        if (r == ARCHIVE_EOF)
            return 0;
        if (r == ARCHIVE_RETRY)
            continue;
        if (r < ARCHIVE_WARN)
            return corrupt(bn, err);
        if (v)
            view_libarchive(e, v);
        return 1;
    }
}

/* Passes 'n' bytes of the current member through libarchive. */
static int pass_data(struct sb_bundle *bn, uint64_t n, struct sb_err *err)
{
    char buf[1 << 16];
    la_ssize_t got;

    while (n) {
        got = archive_read_data(bn->a, buf, n < sizeof(buf) ? (size_t)n
                                                            : sizeof(buf));
        if (got <= 0)
            return sb_err_set(err, SB_E_FORMAT, "cannot read '%s' in '%s' "
                              "again: %s", bn->name.data, bn->path,
                              got ? archive_error_string(bn->a)
                                  : "it ended early");
        n -= (uint64_t)got;
    }
    return 0;
}

/* Our reader met what it leaves to libarchive: the archive is opened
 * again with libarchive, which passes (unchecked: they were) the entries
 * ours gave, and of the member being read the bytes already handed out,
 * and reads on from there. Costs a second read of the stream up to here,
 * only for archives ours does not know or that are cut or corrupt. */
static int hand_over(struct sb_bundle *bn, struct sb_err *err)
{
    uint64_t entries = sb_tar_entries(bn->tar), i;
    bool in_member = bn->has_member && !bn->member_done;
    int rc;

    sb_tar_free(bn->tar);
    bn->tar = NULL;
    sb_gzpipe_close(bn->gz);
    bn->gz = NULL;
    close_own_source(bn);
    if (is_gzip(bn->path) && !(bn->gz = sb_gzpipe_open(bn->path)))
        return sb_err_set(err, SB_E_IO, "cannot read '%s' again: %s",
                          bn->path, strerror(errno));
    rc = open_libarchive(bn, bn->path, err);
    for (i = 0; rc == 0 && i < entries; i++) {
        rc = next_libarchive(bn, NULL, err);
        if (rc == 0)
            rc = sb_err_set(err, SB_E_FORMAT, "'%s' ended early when read "
                            "again", bn->path);
        else if (rc == 1)
            rc = 0;
    }
    if (rc == 0 && in_member)
        rc = pass_data(bn, bn->member_out, err);
    return rc;
}

/* Our reader's next entry. Returns 1, 0 at the end, or 2 when libarchive
 * now has the archive (hand_over). */
static int next_tar(struct sb_bundle *bn, struct entry_view *v,
                    struct sb_err *err)
{
    struct sb_tar_entry e;
    int r = sb_tar_next(bn->tar, &e);

    if (r == SB_TAR_ENTRY) {
        view_tar(&e, v);
        return 1;
    }
    if (r == SB_TAR_END)
        return 0;
    r = hand_over(bn, err);
    return r ? r : 2;
}

/* The checks every entry passes. Returns 1 with 'm' filled for a member
 * to hand out, 0 for one skipped (with a warning, but folders). */
static int take_entry(struct sb_bundle *bn, const struct entry_view *v,
                      struct sb_member *m)
{
    /* folders carry nothing (a "./" entry of `tar -C dir .` is no
     * threat): only files are checked and returned */
    if (v->is_dir)
        return 0;
    if (!clean_path(v->raw, &bn->name)) {
        warn(bn, v->raw, "unsafe path (absolute or with '..'), ignored");
        return 0;
    }
    if (v->is_hardlink) {
        warn(bn, v->raw, "hard link ignored");
        return 0;
    }
    if (v->is_symlink) {
        warn(bn, v->raw, "symbolic link ignored");
        return 0;
    }
    if (!v->is_reg) {
        warn(bn, v->raw, "not a regular file, ignored");
        return 0;
    }
    strip_top(bn);
    if (v->has_size && v->size > bn->opts.member_max) {
        warn_too_big(bn, bn->name.data, v->size);
        return 0;
    }
    m->path = bn->name.data;
    m->size = v->size;
    return begin_member(bn) ? SB_E_INTERNAL : 1;
}

static int next_archive(struct sb_bundle *bn, struct sb_member *m,
                        struct sb_err *err)
{
    struct entry_view v = { .raw = NULL };
    int r;

    for (;;) {
        r = bn->tar ? next_tar(bn, &v, err) : next_libarchive(bn, &v, err);
        if (r == 2)
            continue;
        if (r <= 0)
            return r;
        r = take_entry(bn, &v, m);
        if (r)
            return r;
    }
}

static int next_dir(struct sb_bundle *bn, struct sb_member *m,
                    struct sb_err *err)
{
    struct sb_buf full = SB_BUF_INIT(8192);
    struct stat st;
    const char *rel;
    int rc = 0;

    /* every way out goes through the release: a folder whose last files
     * were all skipped leaked the path */
    while (bn->next_file < bn->nfiles) {
        rel = bn->files[bn->next_file++];
        sb_buf_reset(&full);
        if (sb_buf_addf(&full, "%s/%s", bn->root, rel))
            continue;
        bn->cur = fopen(full.data, "rb");
        if (!bn->cur || fstat(fileno(bn->cur), &st)) {
            warn(bn, rel, strerror(errno));
            if (bn->cur)
                fclose(bn->cur);
            bn->cur = NULL;
            continue;
        }
        if ((uint64_t)st.st_size > bn->opts.member_max) {
            warn_too_big(bn, rel, (uint64_t)st.st_size);
            fclose(bn->cur);
            bn->cur = NULL;
            continue;
        }
        sb_buf_reset(&bn->name);
        if (sb_buf_adds(&bn->name, rel)) {
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
            break;
        }
        m->path = bn->name.data;
        m->size = (uint64_t)st.st_size;
        rc = begin_member(bn) ? SB_E_INTERNAL : 1;
        break;
    }
    sb_buf_release(&full);
    return rc;
}

static int skip_rest(struct sb_bundle *bn, struct sb_err *err)
{
    char buf[1 << 16];
    ssize_t n;

    while ((n = sb_bundle_read(bn, buf, sizeof(buf), err)) > 0)
        ;
    return n < 0 ? (int)n : 0;
}

int sb_bundle_next(struct sb_bundle *bn, struct sb_member *m,
                   struct sb_err *err)
{
    int rc;

    /* the error that ended the walk, not a new one: it is what the
     * caller reports as the reason the rest is lost */
    if (bn->dead) {
        if (err)
            *err = bn->why;
        return bn->why.code ? bn->why.code : SB_E_INTERNAL;
    }
    if (bn->has_member && !bn->member_done) {
        rc = skip_rest(bn, err);
        if (rc)
            return walk_ends(bn, rc, err);
    }
    if (bn->cur) {
        fclose(bn->cur);
        bn->cur = NULL;
    }
    bn->has_member = false;
    rc = is_archive(bn) ? next_archive(bn, m, err) : next_dir(bn, m, err);
    if (rc < 0)
        walk_ends(bn, rc, err);
    return rc;
}

/* Reads from the archive: our reader, or libarchive once it has the
 * archive (from the start, or handed over in this very call). */
static ssize_t read_archive(struct sb_bundle *bn, void *buf, size_t n,
                            struct sb_err *err)
{
    ssize_t got;
    int rc;

    if (bn->tar) {
        got = sb_tar_read(bn->tar, buf, n);
        if (got != SB_TAR_DEFER)
            return got;
        rc = hand_over(bn, err);
        if (rc)
            return walk_ends(bn, rc, err);
    }
    got = archive_read_data(bn->a, buf, n);
    if (got < 0) {
        rc = sb_err_set(err, SB_E_FORMAT, "cannot read '%s' in '%s': %s",
                        bn->name.data, bn->path,
                        archive_error_string(bn->a));
        return walk_ends(bn, rc, err);
    }
    return got;
}

ssize_t sb_bundle_read(struct sb_bundle *bn, void *buf, size_t n,
                       struct sb_err *err)
{
    ssize_t got;
    int rc;

    if (!bn->has_member || bn->member_done)
        return 0;
    if (is_archive(bn)) {
        got = read_archive(bn, buf, n, err);
        if (got < 0)
            return got;
    } else {
        got = (ssize_t)fread(buf, 1, n, bn->cur);
        if (got == 0 && ferror(bn->cur))
            return sb_err_set(err, SB_E_IO, "cannot read '%s' in '%s': %s",
                              bn->name.data, bn->path, strerror(errno));
    }
    if (got == 0) {
        bn->member_done = true;
        return 0;
    }
    if (bn->hasher)
        sb_hasher_feed(bn->hasher, buf, (size_t)got);
    bn->total_out += (uint64_t)got;
    bn->member_out += (uint64_t)got;
    rc = check_limits(bn, err);
    if (rc)
        return walk_ends(bn, rc, err);
    return got;
}

int sb_bundle_read_all(struct sb_bundle *bn, struct sb_buf *out,
                       struct sb_err *err)
{
    ssize_t n;
    char probe;

    /* straight into 'out', not through a buffer of our own: that copy was
     * a tenth of the memmoves of the load */
    for (;;) {
        size_t room = out->max - out->len;      /* len <= max, always */
        if (room == 0) {
            /* full: a byte more says whether the member is larger (what
             * fits is kept: the caller decides whether a cut is fatal) */
            n = sb_bundle_read(bn, &probe, 1, err);
            if (n > 0)
                return sb_err_set(err, SB_E_TOOBIG, "'%s' is larger than "
                                  "%zu bytes", bn->name.data, out->max);
            break;
        }
        if (room > READ_STEP)
            room = READ_STEP;
        if (sb_buf_grow(out, room))     /* within max: memory alone */
            return sb_err_set(err, SB_E_NOMEM, "out of memory reading "
                              "'%s'", bn->name.data);
        n = sb_bundle_read(bn, out->data + out->len, room, err);
        if (n <= 0)
            break;
        out->len += (size_t)n;
        out->data[out->len] = '\0';
    }
    return n < 0 ? (int)n : 0;
}

int sb_bundle_sha256_ticket(struct sb_bundle *bn, int64_t *ticket,
                           struct sb_err *err)
{
    int rc;

    *ticket = -1;
    if (!bn->has_member || !bn->hasher)
        return sb_err_set(err, SB_E_INTERNAL, bn->hasher ? "no current "
                          "member" : "opened without hashing");
    rc = skip_rest(bn, err);
    if (rc)
        return rc;
    /* the stream ends here: a second call hashes an empty one */
    *ticket = sb_hasher_finish(bn->hasher);
    return 0;
}

int sb_bundle_sha256_result(struct sb_bundle *bn, int64_t ticket,
                           unsigned char sha[32], struct sb_err *err)
{
    if (!bn->hasher)
        return sb_err_set(err, SB_E_INTERNAL, "opened without hashing");
    if (sb_hasher_digest(bn->hasher, ticket, sha))
        return sb_err_set(err, SB_E_NOMEM, "cannot compute a SHA-256 "
                          "(out of memory)");
    return 0;
}

int sb_bundle_sha256(struct sb_bundle *bn, char hex[65], struct sb_err *err)
{
    unsigned char sha[32];
    int64_t ticket;
    int rc;

    hex[0] = '\0';
    if ((rc = sb_bundle_sha256_ticket(bn, &ticket, err)) ||
        (rc = sb_bundle_sha256_result(bn, ticket, sha, err)))
        return rc;
    sb_hasher_hex(sha, hex);
    return 0;
}

const char *sb_bundle_top(const struct sb_bundle *bn)
{
    return bn->top ? bn->top : "";
}

uint64_t sb_bundle_bytes_in(const struct sb_bundle *bn)
{
    if (!is_archive(bn))
        return bn->total_out;
    if (bn->gz)
        return sb_gzpipe_bytes_in(bn->gz);
    if (bn->tar)
        return bn->fd_in;
    return (uint64_t)archive_filter_bytes(bn->a, -1);
}

void sb_bundle_free(struct sb_bundle *bn)
{
    size_t i;

    if (!bn)
        return;
    if (bn->a)
        archive_read_free(bn->a);
    sb_tar_free(bn->tar);
    if (bn->gz)
        sb_gzpipe_close(bn->gz);
    close_own_source(bn);
    if (bn->cur)
        fclose(bn->cur);
    for (i = 0; i < bn->nfiles; i++)
        sb_free(bn->files[i]);
    sb_free(bn->files);
    if (bn->scratch) {
        nftw(bn->scratch, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        sb_free(bn->scratch);
    }
    sb_free(bn->root);
    sb_free(bn->top);
    sb_free(bn->path);
    sb_buf_release(&bn->name);
    sb_hasher_free(bn->hasher);
    sb_free(bn);
}
