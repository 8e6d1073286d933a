/*
 * Bundle writer: a tar.gz with one top folder, manifest last. The archive
 * is written to "<output>.partial" and renamed only by finish(), so a run
 * that dies never leaves a file that looks like a finished bundle.
 */
#include "sb_bwriter.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_pathset.h"

struct sb_bwriter {
    pthread_mutex_t lock;
    struct archive *a;
    char *output;
    char *partial;
    char *top;
    int fd;                     /* of the partial file, or -1 */
    char errtext[512];          /* arch_error()'s */
    /* files[] of the manifest, in write order: a struct entry per member
     * in a temporary file and each path in 'seen' (whose text is on disk
     * too), so that a run of any size holds a few bytes a member */
    FILE *entries;
    uint64_t nfiles;
    struct sb_pathset *seen;    /* member paths added */
    uint64_t cur_off;           /* the path being added, in 'seen' */
    uint64_t bytes;
    time_t mtime;               /* one time for every member: reproducible */
};

/* libarchive's text for the last failure plus the system's reason:
 * its write errors say only "Write error", and a full disk must say "No
 * space left on device". Lent until the next call. */
static const char *arch_error(struct sb_bwriter *w)
{
    const char *t = archive_error_string(w->a);
    int en = archive_errno(w->a);

    if (!t)
        t = "unknown error";
    if (en > 0 && !strstr(t, strerror(en)))
        snprintf(w->errtext, sizeof(w->errtext), "%s: %s", t, strerror(en));
    else
        snprintf(w->errtext, sizeof(w->errtext), "%s", t);
    return w->errtext;
}

/* One files[] entry as the entries file holds it. */
struct entry {
    uint64_t size;
    uint64_t path_off;          /* in the 'seen' set's file */
    unsigned char sha[32];
};

static void writer_free(struct sb_bwriter *w)
{
    if (!w)
        return;
    if (w->a)
        archive_write_free(w->a);
    if (w->fd >= 0)
        close(w->fd);
    sb_pathset_free(w->seen);
    if (w->entries)
        fclose(w->entries);
    sb_free(w->output);
    sb_free(w->partial);
    sb_free(w->top);
    pthread_mutex_destroy(&w->lock);
    sb_free(w);
}

/* The output must not exist yet: a folder, a file or a link there is the
 * user's, and is refused before anything is collected. */
static int check_output(const char *output, struct sb_err *err)
{
    struct stat st;

    if (!*output)
        return sb_err_set(err, SB_E_USAGE, "the output path is empty");
    if (lstat(output, &st) == 0)
        return sb_err_set(err, SB_E_USAGE, "cannot write '%s': %s", output,
                          S_ISDIR(st.st_mode) ? "it is a directory"
                          : "it already exists (never replaced: remove it "
                            "or name another output)");
    if (errno != ENOENT)
        return sb_err_set(err, SB_E_IO, "cannot write '%s': %s", output,
                          strerror(errno));
    return 0;
}

int sb_bwriter_open(const char *output, const char *top,
                    struct sb_bwriter **out, struct sb_err *err)
{
    struct sb_buf partial = SB_BUF_INIT(8192);
    struct sb_bwriter *w;
    int rc = 0;

    *out = NULL;
    w = sb_calloc(1, sizeof(*w));
    if (!w)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    pthread_mutex_init(&w->lock, NULL);
    w->fd = -1;
    w->mtime = time(NULL);
    w->output = sb_strdup(output);
    w->top = sb_strdup(top);
    if (!w->output || !w->top || sb_pathset_new(&w->seen) ||
        sb_buf_addf(&partial, "%s.partial", output)) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    w->partial = sb_buf_detach(&partial, NULL);
    rc = check_output(output, err);
    if (!rc && !(w->entries = tmpfile()))
        rc = sb_err_set(err, SB_E_IO, "cannot create a temporary file for "
                        "the manifest: %s", strerror(errno));
    if (rc)
        goto cleanup;
    /* O_EXCL|O_NOFOLLOW: a file or link already there (planted in a
     * shared folder, or left by a run that was killed) is never written
     * through or replaced */
    w->fd = open(w->partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                 O_CLOEXEC, 0644);
    if (w->fd < 0) {
        int en = errno;
        rc = sb_err_set(err, SB_E_IO, "cannot create '%s': %s%s", w->partial,
                        strerror(en), en == EEXIST ? " (left by an "
                        "interrupted run? remove it)" : "");
        sb_free(w->partial);    /* not ours: never unlinked */
        w->partial = NULL;
        goto cleanup;
    }
    w->a = archive_write_new();
    if (!w->a || archive_write_add_filter_gzip(w->a) != ARCHIVE_OK ||
        archive_write_set_format_pax_restricted(w->a) != ARCHIVE_OK) {
        rc = sb_err_set(err, SB_E_INTERNAL, "cannot set up the archive: %s",
                        w->a ? archive_error_string(w->a) : "no memory");
        goto cleanup;
    }
    if (archive_write_open_fd(w->a, w->fd) != ARCHIVE_OK) {
        rc = sb_err_set(err, SB_E_IO, "cannot write '%s': %s", w->partial,
                        arch_error(w));
        goto cleanup;
    }
cleanup:
    sb_buf_release(&partial);
    if (rc) {
        if (w->fd >= 0 && w->partial)
            unlink(w->partial);
        writer_free(w);
        return rc;
    }
    *out = w;
    return 0;
}

static int write_header(struct sb_bwriter *w, const char *path,
                        uint64_t size, struct sb_err *err)
{
    struct sb_buf name = SB_BUF_INIT(8192);
    struct archive_entry *e = archive_entry_new();
    int rc = 0;

    if (!e || sb_buf_addf(&name, "%s/%s", w->top, path)) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory adding '%s'", path);
        goto cleanup;
    }
    archive_entry_set_pathname(e, name.data);
    archive_entry_set_size(e, (la_int64_t)size);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, w->mtime, 0);
    if (archive_write_header(w->a, e) != ARCHIVE_OK)
        rc = sb_err_set(err, SB_E_IO, "cannot write '%s' to '%s': %s", path,
                        w->partial, arch_error(w));
cleanup:
    archive_entry_free(e);
    sb_buf_release(&name);
    return rc;
}

static int write_data(struct sb_bwriter *w, const char *path,
                      const void *data, size_t len, EVP_MD_CTX *md,
                      struct sb_err *err)
{
    const char *p = data;
    la_ssize_t n;

    EVP_DigestUpdate(md, data, len);
    while (len) {
        n = archive_write_data(w->a, p, len);
        if (n <= 0)
            return sb_err_set(err, SB_E_IO, "cannot write '%s' to '%s': %s",
                              path, w->partial, arch_error(w));
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int record(struct sb_bwriter *w, const char *path, uint64_t size,
                  EVP_MD_CTX *md, struct sb_err *err)
{
    unsigned char dig[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    struct entry e = { 0 };

    EVP_DigestFinal_ex(md, dig, &dlen);
    e.size = size;
    e.path_off = w->cur_off;
    memcpy(e.sha, dig, dlen < 32 ? dlen : 32);
    if (fwrite(&e, sizeof(e), 1, w->entries) != 1)
        return sb_err_set(err, SB_E_IO, "cannot keep the manifest entry of "
                          "'%s' in a temporary file: %s", path,
                          strerror(errno));
    w->nfiles++;
    w->bytes += size;
    return 0;
}

/* A relative path of non-empty components, none "." or "..", no control
 * characters: "x..y" is a fine name, "../x" or "a//b" is not. */
static bool member_path_ok(const char *path)
{
    const char *c = path;

    if (!*path || *path == '/')
        return false;
    for (;;) {
        size_t n = strcspn(c, "/");
        if (n == 0 || (n == 1 && c[0] == '.') ||
            (n == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f)
                return false;
        if (!c[n])
            return true;
        c += n + 1;
    }
}

/* Common start of an add: refuses duplicates and bad names, locks. */
static int add_begin(struct sb_bwriter *w, const char *path,
                     struct sb_err *err)
{
    int rc;

    if (!member_path_ok(path))
        return sb_err_set(err, SB_E_FORMAT, "bad member path '%s'", path);
    pthread_mutex_lock(&w->lock);
    rc = sb_pathset_add(w->seen, path, &w->cur_off);
    if (rc == 1)
        rc = sb_err_set(err, SB_E_INTERNAL, "'%s' added twice", path);
    else if (rc == SB_E_IO)
        rc = sb_err_set(err, rc, "cannot keep the path '%s' in a temporary "
                        "file: %s", path, strerror(errno));
    else if (rc)
        rc = sb_err_set(err, rc, "out of memory adding '%s'", path);
    if (rc)
        pthread_mutex_unlock(&w->lock);
    return rc;
}

int sb_bwriter_add(struct sb_bwriter *w, const char *path,
                   const void *data, size_t len, struct sb_err *err)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int rc;

    if (!md)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    rc = add_begin(w, path, err);
    if (rc)
        goto out;
    EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    rc = write_header(w, path, len, err);
    if (!rc)
        rc = write_data(w, path, data, len, md, err);
    if (!rc)
        rc = record(w, path, len, md, err);
    pthread_mutex_unlock(&w->lock);
out:
    EVP_MD_CTX_free(md);
    return rc;
}

int sb_bwriter_add_stream(struct sb_bwriter *w, const char *path, FILE *f,
                          struct sb_err *err)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    char buf[1 << 16];
    long size;
    size_t n, left;
    int rc;

    if (!md)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    if (fflush(f) || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET)) {
        EVP_MD_CTX_free(md);
        return sb_err_set(err, SB_E_IO, "cannot read back '%s': %s", path,
                          strerror(errno));
    }
    rc = add_begin(w, path, err);
    if (rc)
        goto out;
    EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    rc = write_header(w, path, (uint64_t)size, err);
    /* the header promised 'size' bytes: write exactly that many */
    for (left = (size_t)size; !rc && left; left -= n) {
        n = fread(buf, 1, left < sizeof(buf) ? left : sizeof(buf), f);
        if (n == 0) {
            rc = sb_err_set(err, SB_E_IO, "cannot read back '%s': short "
                            "file", path);
            break;
        }
        rc = write_data(w, path, buf, n, md, err);
    }
    if (!rc)
        rc = record(w, path, (uint64_t)size, md, err);
    pthread_mutex_unlock(&w->lock);
out:
    EVP_MD_CTX_free(md);
    return rc;
}

int sb_bwriter_has(struct sb_bwriter *w, const char *path)
{
    int rc;

    pthread_mutex_lock(&w->lock);
    rc = sb_pathset_has(w->seen, path);
    pthread_mutex_unlock(&w->lock);
    return rc;
}

void sb_bwriter_stats(struct sb_bwriter *w, uint64_t *files,
                      uint64_t *bytes)
{
    pthread_mutex_lock(&w->lock);
    if (files)
        *files = w->nfiles;
    if (bytes)
        *bytes = w->bytes;
    pthread_mutex_unlock(&w->lock);
}

uint64_t sb_bwriter_written(struct sb_bwriter *w)
{
    int64_t n;

    pthread_mutex_lock(&w->lock);
    /* -1: the last filter, the one that writes the file */
    n = archive_filter_bytes(w->a, -1);
    pthread_mutex_unlock(&w->lock);
    return n > 0 ? (uint64_t)n : 0;
}

/* Gives the finished bundle its name unless something took that name
 * while it was written: then the bundle stays at the .partial path
 * (w->partial is cleared so it is kept) and the error says so. */
static int rename_noreplace(struct sb_bwriter *w, struct sb_err *err)
{
    int rc = renameat2(AT_FDCWD, w->partial, AT_FDCWD, w->output,
                       RENAME_NOREPLACE);

    if (rc && (errno == EINVAL || errno == ENOSYS)) {
        /* a file system without RENAME_NOREPLACE: check, then rename */
        struct stat st;
        errno = EEXIST;
        rc = lstat(w->output, &st) == 0 ? -1
             : rename(w->partial, w->output);
    }
    if (rc == 0)
        return 0;
    if (errno == EEXIST) {
        rc = sb_err_set(err, SB_E_IO, "cannot write '%s': it appeared while "
                        "collecting; the bundle is kept as '%s'", w->output,
                        w->partial);
        sb_free(w->partial);
        w->partial = NULL;
        return rc;
    }
    return sb_err_set(err, SB_E_IO, "cannot rename '%s' to '%s': %s",
                      w->partial, w->output, strerror(errno));
}

/* One files[] entry, exactly as cJSON_Print() writes an object of
 * {path,size,sha256} at that depth of the manifest (the manifest's bytes
 * do not depend on how the entries were kept). */
static int print_entry(struct sb_bwriter *w, const struct entry *e,
                       bool first, struct sb_buf *path, FILE *out)
{
    cJSON *str;
    char *quoted, hex[65];
    int rc;

    if ((rc = sb_pathset_get(w->seen, e->path_off, path)))
        return rc;
    str = cJSON_CreateString(sb_buf_str(path));
    quoted = str ? cJSON_PrintUnformatted(str) : NULL;
    cJSON_Delete(str);
    if (!quoted)
        return SB_E_NOMEM;
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", e->sha[i]);
    rc = fprintf(out, "%s{\n\t\t\t\"path\":\t%s,\n\t\t\t\"size\":\t%" PRIu64
                 ",\n\t\t\t\"sha256\":\t\"%s\"\n\t\t}", first ? "" : ", ",
                 quoted, e->size, hex) < 0 ? SB_E_IO : 0;
    free(quoted);               /* cJSON_Print uses plain malloc */
    return rc;
}

/* manifest.json into the temporary file 'out': 'manifest' printed with an
 * empty files[], which is its last member, the entries spliced into it. */
static int print_manifest(struct sb_bwriter *w, cJSON *manifest, FILE *out,
                          struct sb_err *err)
{
    static const char tail[] = "[]\n}";
    struct sb_buf path = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct entry e;
    char *text = NULL;
    size_t tl;
    int rc = 0;

    cJSON_DeleteItemFromObject(manifest, "files");
    if (!cJSON_AddArrayToObject(manifest, "files") ||
        !(text = cJSON_Print(manifest))) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory writing the "
                        "manifest");
        goto cleanup;
    }
    tl = strlen(text);
    if (tl < sizeof(tail) - 1 || strcmp(text + tl - (sizeof(tail) - 1), tail)) {
        rc = sb_err_set(err, SB_E_INTERNAL, "the manifest does not end "
                        "with its files[]");
        goto cleanup;
    }
    if (fflush(w->entries) || fseeko(w->entries, 0, SEEK_SET) ||
        fwrite(text, 1, tl - 3, out) != tl - 3)
        goto io;
    for (uint64_t i = 0; i < w->nfiles; i++) {
        if (fread(&e, sizeof(e), 1, w->entries) != 1)
            goto io;
        rc = print_entry(w, &e, i == 0, &path, out);
        if (rc == SB_E_NOMEM) {
            rc = sb_err_set(err, rc, "out of memory writing the manifest");
            goto cleanup;
        }
        if (rc)
            goto io;
    }
    if (fputs("]\n}", out) == EOF || fflush(out))
        goto io;
    goto cleanup;
io:
    rc = sb_err_set(err, SB_E_IO, "cannot write the manifest through a "
                    "temporary file: %s", errno ? strerror(errno)
                    : "short read");
cleanup:
    free(text);                 /* cJSON_Print uses plain malloc */
    sb_buf_release(&path);
    return rc;
}

int sb_bwriter_finish(struct sb_bwriter *w, cJSON *manifest,
                      struct sb_err *err)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    FILE *text = NULL;
    char buf[1 << 16];
    off_t size;
    size_t n;
    int rc = 0;

    if (!md || !manifest) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory writing the "
                        "manifest");
        goto cleanup;
    }
    if (!(text = tmpfile())) {
        rc = sb_err_set(err, SB_E_IO, "cannot create a temporary file for "
                        "the manifest: %s", strerror(errno));
        goto cleanup;
    }
    errno = 0;
    if ((rc = print_manifest(w, manifest, text, err)))
        goto cleanup;
    if ((size = ftello(text)) < 0 || fseeko(text, 0, SEEK_SET)) {
        rc = sb_err_set(err, SB_E_IO, "cannot read the manifest back: %s",
                        strerror(errno));
        goto cleanup;
    }
    EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    rc = write_header(w, "manifest.json", (uint64_t)size, err);
    /* the header promised 'size' bytes: write exactly that many */
    for (off_t left = size; !rc && left > 0; left -= (off_t)n) {
        n = fread(buf, 1, left < (off_t)sizeof(buf) ? (size_t)left
                                                    : sizeof(buf), text);
        if (n == 0) {
            rc = sb_err_set(err, SB_E_IO, "cannot read the manifest back: "
                            "short file");
            break;
        }
        rc = write_data(w, "manifest.json", buf, n, md, err);
    }
    if (rc)
        goto cleanup;
    if (archive_write_close(w->a) != ARCHIVE_OK) {
        rc = sb_err_set(err, SB_E_IO, "cannot finish '%s': %s", w->partial,
                        archive_error_string(w->a));
        goto cleanup;
    }
    if (fsync(w->fd)) {
        rc = sb_err_set(err, SB_E_IO, "cannot write '%s': %s", w->partial,
                        strerror(errno));
        goto cleanup;
    }
    rc = rename_noreplace(w, err);
cleanup:
    if (rc && w->partial)
        unlink(w->partial);
    if (text)
        fclose(text);
    EVP_MD_CTX_free(md);
    cJSON_Delete(manifest);
    writer_free(w);
    return rc;
}

void sb_bwriter_abort(struct sb_bwriter *w)
{
    if (!w)
        return;
    if (w->a) {
        archive_write_close(w->a);
        if (w->partial)
            unlink(w->partial);
    }
    writer_free(w);
}
