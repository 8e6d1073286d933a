#ifndef SB_BWRITER_H
#define SB_BWRITER_H
/*
 * Writing a bundle: one .tar.gz through libarchive with one top folder,
 * written to "<output>.partial" and renamed to <output> by
 * sb_bwriter_finish(), so a half-written file never has the final name.
 * Every member's path, size and SHA-256 is recorded; finish() adds them as
 * files[] to the manifest and writes manifest.json last. Thread-safe: any
 * thread may add members. Data is streamed to the archive, never the whole
 * bundle held in memory. Callers redact before they add: this module
 * writes exactly the bytes it is given.
 */
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "sb_err.h"

struct sb_bwriter;

/* Creates the writer. 'top' is the folder name inside the archive.
 * Returns 0 or a negative code with 'err' naming the file. */
int sb_bwriter_open(const char *output, const char *top,
                    struct sb_bwriter **out, struct sb_err *err);

/* Adds a member at 'path' (relative to the top folder) with 'len' bytes.
 * A path added twice is an SB_E_INTERNAL error. */
int sb_bwriter_add(struct sb_bwriter *w, const char *path,
                   const void *data, size_t len, struct sb_err *err);

/* Adds a member whose bytes are in the open stream 'f' (read from its
 * start to its end; e.g. a tmpfile() a list was spooled into). 'f' stays
 * the caller's. */
int sb_bwriter_add_stream(struct sb_bwriter *w, const char *path, FILE *f,
                          struct sb_err *err);

/* 1 when a member at 'path' was added (or its add begun), 0 when not,
 * SB_E_IO when the paths' file cannot be read back. Lets a caller tell a
 * second object with one path from a failure without keeping the paths
 * a second time. */
int sb_bwriter_has(struct sb_bwriter *w, const char *path);

/* Number of members and bytes written so far (progress). */
void sb_bwriter_stats(struct sb_bwriter *w, uint64_t *files,
                      uint64_t *bytes);

/* Compressed bytes written to the file so far. The compressor and the
 * archive's block hold up to about 100 KiB more that later members
 * push out (collect --max-size keeps room for them). */
uint64_t sb_bwriter_written(struct sb_bwriter *w);

/* Writes manifest.json: 'manifest' (taken over, freed here, even on
 * failure) plus files[] {path,size,sha256}, closes the archive and
 * renames it to the output. Frees 'w' in every case. */
int sb_bwriter_finish(struct sb_bwriter *w, cJSON *manifest,
                      struct sb_err *err);

/* Drops the partial file and frees 'w'. NULL is fine. */
void sb_bwriter_abort(struct sb_bwriter *w);

#endif
