#ifndef SB_PROM_H
#define SB_PROM_H
/*
 * The Prometheus text exposition format (what the GPU exporter serves):
 *   # HELP name text
 *   # TYPE name gauge
 *   name{label="value",...} 42 [timestamp_ms]
 * Comments are skipped; each sample goes to a callback. Label values are
 * unescaped (\\, \", \n). A malformed line is counted and skipped, never
 * fatal: one bad exporter line must not hide the others.
 */
#include <stddef.h>
#include <stdint.h>

#define SB_PROM_LABELS_MAX 32

struct sb_prom_label {
    const char *name, *value;   /* NUL-terminated; lent to the callback */
};

struct sb_prom_sample {
    const char *name;
    struct sb_prom_label labels[SB_PROM_LABELS_MAX];
    int nlabels;
    double value;               /* NaN and +-Inf as written */
    int64_t timestamp_ms;       /* -1 when absent */
};

/* Called once per sample; a non-zero return stops the parse and becomes
 * its result. */
typedef int sb_prom_sample_fn(void *ctx, const struct sb_prom_sample *s);

/* Parses 'len' bytes of 'text'. Returns 0 or the callback's non-zero
 * result; *bad_lines (may be NULL) counts the lines skipped as malformed. */
int sb_prom_parse(const char *text, size_t len, sb_prom_sample_fn *fn,
                  void *ctx, size_t *bad_lines);

/* The value of label 'name' in 's', or NULL. */
const char *sb_prom_label(const struct sb_prom_sample *s, const char *name);

#endif
