#ifndef SB_DESCRIBE_INT_H
#define SB_DESCRIBE_INT_H
/*
 * Internal to the sb_describe_*.c files: the writer that reproduces
 * kubectl's PrefixWriter over a Go text/tabwriter (minwidth 0, padding 2,
 * space padding), tolerant JSON accessors, Kubernetes quantities, times,
 * and the pieces several kinds share (labels, events, pod templates).
 *
 * Error handling: the writer keeps the first append error in 'rc' and
 * ignores later writes, like a stdio stream's error flag, so the long
 * field-by-field printers stay readable; sb_describe_with() returns 'rc'.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_describe.h"
#include "sb_err.h"
#include "sb_kjson.h"
#include "sb_quantity.h"

/* ---- writer --------------------------------------------------------- */

struct dw {
    struct sb_buf pend;     /* text written since the last flush */
    struct sb_buf *out;     /* where flushed, aligned text goes */
    struct sb_buf tmp;      /* scratch for one formatted write */
    int rc;                 /* first error, then writes are ignored */
    int nest;               /* levels added to every write (kubectl's
                               nested prefix writer) */
    int64_t now;            /* collection time, epoch seconds */
};

void sb_dw_init(struct dw *w, struct sb_buf *out, int64_t now);
void sb_dw_release(struct dw *w);

/* kubectl's Write(level, format, ...): two spaces per level, then the
 * text with ESC shown as "^[" and CR as "\r" (kubectl's terminal
 * escaping). Tabs separate cells that the tabwriter aligns. */
void sb_dw_write(struct dw *w, int level, const char *fmt, ...) SB_PRINTF(3, 4);

/* kubectl's WriteLine(s): 's' and a newline, no indent unless nested. */
void sb_dw_line(struct dw *w, const char *s);

/* Ends a column block: aligns everything written so far into 'out'. */
void sb_dw_flush(struct dw *w);

/* Records an allocation failure that happened outside the writer. */
void sb_dw_fail(struct dw *w, int rc);

/* ---- JSON ----------------------------------------------------------- */

/* The describe printers' spellings of sb_kjson's getters (absent, null
 * and wrong types read as Go's zero value): inline, so that reading JSON
 * has one implementation, and "" where kubectl prints an empty string. */

/* Member 'key' of 'o', or NULL when absent, null or 'o' no object. */
static inline const cJSON *dj(const cJSON *o, const char *key)
{
    return sb_kjson_get(o, key);
}
/* Follows a NULL-terminated list of member names. */
const cJSON *sb_djp(const cJSON *o, ...);
/* The member as an object / array, or NULL when absent or another type. */
static inline const cJSON *dobj(const cJSON *o, const char *key)
{
    return sb_kjson_obj(o, key);
}
static inline const cJSON *darr(const cJSON *o, const char *key)
{
    return sb_kjson_arr(o, key);
}
/* The member's string, or "" when absent or not a string. */
static inline const char *ds(const cJSON *o, const char *key)
{
    const char *s = sb_kjson_str(o, key);

    return s ? s : "";
}
/* A NULL-terminated list of member names ending at a string, or "". */
const char *sb_dsp(const cJSON *o, ...);
/* The member's number as an integer (clamped), or 'def'. */
static inline int64_t di(const cJSON *o, const char *key, int64_t def)
{
    return sb_kjson_int(o, key, def);
}
/* True when the member is a number; its value in 'v'. */
static inline bool dhas_num(const cJSON *o, const char *key, int64_t *v)
{
    return sb_kjson_num(sb_kjson_get(o, key), v);
}
/* The member's boolean, false when absent or not a boolean. */
static inline bool db(const cJSON *o, const char *key)
{
    return sb_kjson_true(o, key);
}
/* True when the member exists and is not JSON null. */
static inline bool dpresent(const cJSON *o, const char *key)
{
    return sb_kjson_get(o, key) != NULL;
}
/* 'a' when it is an array, else NULL (for cJSON_ArrayForEach). */
static inline const cJSON *dlist(const cJSON *a)
{
    return cJSON_IsArray(a) ? a : NULL;
}
/* Elements of an array (0 for anything else). */
static inline int dlen(const cJSON *a)
{
    return sb_kjson_len(a);
}
/* String members of a map object, sorted bytewise; caller frees the
 * array with sb_free (the strings are lent from 'o'). Returns the count;
 * 0 with *keys NULL when empty; sets w->rc on allocation failure. */
size_t sb_dkeys(struct dw *w, const cJSON *o, const char ***keys);
/* An int-or-string (ports, maxSurge) as text: "8080", "http", "". */
const char *sb_dintstr(const cJSON *v, char buf[32]);

/* ---- times ---------------------------------------------------------- */

/* RFC 1123 with numeric zone in UTC, Go's zero time when missing. */
const char *sb_dtime(const cJSON *o, const char *key, char buf[64]);
/* kubectl's age of a timestamp: HumanDuration(now - t), "<unknown>"
 * when missing. */
const char *sb_dage(const struct dw *w, const cJSON *o, const char *key,
                 char buf[32]);
/* Parses a timestamp member into nanoseconds since the epoch. */
bool sb_dtime_ns(const cJSON *o, const char *key, __int128 *ns);

/* ---- quantities ----------------------------------------------------- */

/* Exact quantities are sb_qty (sb_quantity.h). The quantity for 'name'
 * in a resource list object, zero if absent. */
static inline struct sb_qty dq_get(const cJSON *list, const char *name)
{
    struct sb_qty q = SB_QTY_ZERO;
    const cJSON *v = dj(list, name);

    if (v)
        sb_qty_parse_json(v, &q);
    return q;
}

/* ---- shared printers (sb_describe_common.c) ------------------------- */

/* printLabelsMultilineWithIndent */
void sb_dp_labels(struct dw *w, const char *indent, const char *title,
               const char *inner, const cJSON *map);
/* printAnnotationsMultiline (skips last-applied-configuration) */
void sb_dp_annotations(struct dw *w, const char *title, const cJSON *map);
void sb_dp_tolerations(struct dw *w, const char *title, const cJSON *tols);
void sb_dp_taints(struct dw *w, const char *title, const cJSON *taints);
/* DescribeEvents over the events about 'obj' ('is_pod': kind is not
 * compared, as for kubectl's pod describer; 'alt_uid': a second uid that
 * also matches, the node name for nodes). */
void sb_dp_events(struct dw *w, const cJSON *obj, const cJSON *events,
               const char *kind, bool is_pod, const char *alt_uid);
/* "Kind/Name" of the controller owner reference, or NULL. */
const char *sb_dcontroller(const cJSON *obj, char *buf, size_t len);
/* The controller owner reference object, or NULL. */
const cJSON *sb_dcontroller_ref(const cJSON *obj);
/* LabelSelector.String() (sorted requirements) into 'b'; "" when
 * empty. Returns false for an invalid operator (kubectl's error). */
bool sb_dselector(struct dw *w, const cJSON *sel, struct sb_buf *b);
/* Whether 'labels' (a map) satisfies the LabelSelector 'sel'. A missing
 * selector matches nothing; an empty one everything. */
bool sb_dselector_match(const cJSON *sel, const cJSON *labels);
/* labels.FormatLabels: "a=b,c=d" sorted, "<none>" when empty. */
void sb_dformat_labels(struct dw *w, const cJSON *map, struct sb_buf *b);
/* Joins the strings of an array with 'sep' ("" for non-strings). */
void sb_djoin(struct dw *w, const cJSON *arr, const char *sep,
           struct sb_buf *b);
/* Go's %v of a []string: "[a b c]". */
void sb_dslice(struct dw *w, const cJSON *arr, struct sb_buf *b);
/* Adds the text of 'b' (or fails the writer). */
void sb_dbuf_adds(struct dw *w, struct sb_buf *b, const char *s);
void sb_dbuf_addf(struct dw *w, struct sb_buf *b, const char *fmt, ...)
    SB_PRINTF(3, 4);
/* Stable sort of cJSON element pointers. */
typedef int dcmp_fn(const cJSON *a, const cJSON *b);
void sb_dsort(const cJSON **v, size_t n, dcmp_fn *cmp);
/* Elements of an array as a pointer vector (caller frees with sb_free);
 * returns the count, sets w->rc on allocation failure. */
size_t sb_dvec(struct dw *w, const cJSON *arr, const cJSON ***vec);

/* ---- kinds ---------------------------------------------------------- */

/* Pod template (DescribePodTemplate) for workloads. */
void sb_dp_pod_template(struct dw *w, const cJSON *tmpl);
/* A pod's requests and limits as kubectl's PodRequestsAndLimits sums
 * them; 'name' selects the resource. */
void sb_dpod_reqlim(const cJSON *pod, const char *name, struct sb_qty *req,
                 struct sb_qty *lim);
/* A pod spec's "Volumes:" section, each line prefixed by 'space' (""
 * for a pod, "  " in a pod template) (sb_describe_volume.c). */
void sb_dp_volumes(struct dw *w, const cJSON *list, const char *space);
/* Describe a PVC or a PVC template body (printPersistentVolumeClaim). */
void sb_dp_pvc_body(struct dw *w, const cJSON *pvc, bool full);

void sb_describe_pod(struct dw *w, const cJSON *o,
                  const struct sb_describe_related *r);
void sb_describe_node(struct dw *w, const cJSON *o,
                   const struct sb_describe_related *r);
void sb_describe_deployment(struct dw *w, const cJSON *o,
                         const struct sb_describe_related *r);
void sb_describe_replicaset(struct dw *w, const cJSON *o,
                         const struct sb_describe_related *r);
void sb_describe_statefulset(struct dw *w, const cJSON *o,
                          const struct sb_describe_related *r);
void sb_describe_daemonset(struct dw *w, const cJSON *o,
                        const struct sb_describe_related *r);
void sb_describe_job(struct dw *w, const cJSON *o,
                  const struct sb_describe_related *r);
void sb_describe_service(struct dw *w, const cJSON *o,
                      const struct sb_describe_related *r);
void sb_describe_pvc(struct dw *w, const cJSON *o,
                  const struct sb_describe_related *r);
void sb_describe_ingress(struct dw *w, const cJSON *o,
                      const struct sb_describe_related *r);

#endif
