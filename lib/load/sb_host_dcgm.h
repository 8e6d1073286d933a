#ifndef SB_HOST_DCGM_H
#define SB_HOST_DCGM_H
/*
 * DCGM's own verdicts, from the JSON that dcgmi prints with -j
 * (docs/gpu-health.md, "DCGM health and diag"):
 *
 * - `dcgmi health --check -j`: dcgmi's output tree as JSON. Every node is
 *   an object that may hold "value" (a string), "overflow" (an array of
 *   strings: a long message cut into parts) and "children" (an object of
 *   nodes by name). The report sits under "body": "Overall Health" and
 *   one node per entity group ("GPU", "Switch" ...), whose children are
 *   the entity ids, whose "Errors" children are the health systems
 *   ("PCIe system", "Memory system" ...) with "Healthy", "Warning" or
 *   "Failure" as value and the message in "overflow".
 * - `dcgmi diag -r 1 -j`: {"DCGM Diagnostic": {"test_categories": [
 *   {"category", "tests": [{"name", "results": [{"entity_group",
 *   "entity_id", "status", "warnings": [{"warning", "error_id"}],
 *   "info"}], "test_summary": {"status"}}]}], "runtime_error"}}; status
 *   "Pass", "Warn", "Fail", "Skip".
 *
 * The parsers call back once per result with lent strings; they bound the
 * input (SB_DCGM_MAX_JSON), the results (SB_DCGM_MAX_ROWS) and each message
 * (SB_DCGM_MAX_MESSAGE, longer ones are cut and end in "..."), and never
 * trust a type: a member of the wrong type is skipped, a document that is
 * not the shape above is an error naming the file.
 */
#include <stddef.h>

#include "sb_err.h"

#define SB_DCGM_MAX_JSON (16u << 20)
#define SB_DCGM_MAX_ROWS 100000
#define SB_DCGM_MAX_MESSAGE 4096

struct sb_dcgm_row {
    const char *check_kind;   /* "health" or "diag" */
    const char *entity_group; /* "GPU" ...; NULL for the whole run */
    int entity_id;            /* -1 with no entity */
    const char *test;         /* health system or diag test name */
    const char *status;       /* as DCGM wrote it */
    const char *message;      /* NULL when there is none */
    int error_id;             /* diag: the first warning's, else -1 */
};

/* Called once per result; a non-zero return stops the parse and is
 * returned (with 'err' set by the callback). */
typedef int (*sb_dcgm_row_fn)(void *ctx, const struct sb_dcgm_row *row,
                              struct sb_err *err);

/* Parses `dcgmi health --check -j` output. Reports the overall health
 * (entity_group NULL, test "Overall Health") and every system of every
 * entity that is not Healthy. Returns 0 or a negative code with 'err'
 * naming 'file'. */
int sb_dcgm_parse_health(const char *json, size_t len, const char *file,
                         sb_dcgm_row_fn fn, void *ctx, struct sb_err *err);

/* Parses `dcgmi diag -j` output: one row per entity result of every test
 * that ran (passes too: they say the test ran), one per test summary of a
 * test with no entity results, and one with status "Error" for a
 * runtime_error. Returns 0 or a negative code with 'err' naming 'file'. */
int sb_dcgm_parse_diag(const char *json, size_t len, const char *file,
                       sb_dcgm_row_fn fn, void *ctx, struct sb_err *err);

#endif
