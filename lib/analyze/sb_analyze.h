#ifndef SB_ANALYZE_H
#define SB_ANALYZE_H
/*
 * The analyze pipeline: open a database, load every bundle, run the rules,
 * render the reports. The front end (analyze/) parses options into
 * struct sb_analyze_opts and prints what sb_analyze_run reports back.
 */
#include <stdbool.h>
#include <stddef.h>

#include "sb_err.h"
#include "sb_load.h"

enum sb_analyze_formats {
    SB_ANALYZE_HTML = 1 << 0,
    SB_ANALYZE_MD = 1 << 1,
    SB_ANALYZE_JSON = 1 << 2,
};

struct sb_analyze_opts {
    const char *const *bundles;  /* paths, at least one */
    size_t nbundles;
    const char *db_path;        /* kept; NULL = a temporary database */
    const char *rules_dir;      /* NULL = the built-in rules only */
    unsigned formats;           /* enum sb_analyze_formats; 0 = all */
    const char *output;         /* one format: file, or "-" for stdout;
                                   NULL = next to the first bundle */
    size_t md_max_bytes;        /* 0 = the renderer's default */
    const char *baseline;       /* an older bundle of the same cluster to
                                   compare with (lib/rules/sb_changes.h); NULL =
                                   none */
    const char *since, *until;  /* time window (lib/rules/sb_window.h): RFC 3339
                                   or a duration before the collection's
                                   end; NULL = open */
    struct sb_load_opts load;
};

struct sb_analyze_result {
    char *written[3];           /* report paths written (caller frees with
                                   sb_analyze_result_release) */
    size_t nwritten;
    size_t bundles_loaded;
    size_t bundles_failed;
    struct sb_load_stats stats;
};

/* Runs the pipeline. Returns 0 when a report was written (load problems
 * are warnings), SB_E_FORMAT when no bundle could be loaded, SB_E_USAGE
 * for options that do not fit together, or another negative code with
 * 'err' set. Reports to stdout are written with fwrite to 'stdout'. */
int sb_analyze_run(const struct sb_analyze_opts *opts,
                   struct sb_analyze_result *res, struct sb_err *err);

void sb_analyze_result_release(struct sb_analyze_result *res);

/* The report path for 'bundle' with extension 'ext' (".html"): the
 * bundle's path without .tar.gz/.tgz/.tar (or trailing slashes) plus
 * 'ext'. Caller frees with sb_free. */
char *sb_analyze_report_path(const char *bundle, const char *ext);

#endif
