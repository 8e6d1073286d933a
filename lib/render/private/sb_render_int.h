#ifndef SB_RENDER_INT_H
#define SB_RENDER_INT_H
/* The format renderers behind sb_render(); private to sb_render*.c. */
#include "sb_render.h"
#include "sb_render_model.h"

#define SB_REPORT_SCHEMA "sbundle.report/v1"

/* The number of container log lines: every line the loader writes is in
 * one log stream, and summing the streams' counts spares counting
 * millions of rows (reading every page of log_lines back: a sixth of the
 * JSON report's time on the bench bundle). A database without streams is
 * counted. */
#define SB_RQ_LOG_LINES                                                 \
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM log_streams)"              \
    " THEN (SELECT sum(lines) FROM log_streams)"                       \
    " ELSE (SELECT count(*) FROM log_lines) END"

/* Incidents in rank order: id, root, severity, start, subjects, pods,
 * impact, narrative (schema/005_incidents.sql). */
#define SB_RQ_INCIDENTS                                                 \
    "SELECT id, root, severity, start, subjects, pods, impact, narrative" \
    " FROM incidents ORDER BY CAST(substr(id, 2) AS INTEGER)"

/* Members of incident ?1 in story order: finding, parent, reason, depth,
 * then the finding's rule, severity, kind, namespace, name, first_seen. */
#define SB_RQ_INCIDENT_MEMBERS                                          \
    "SELECT m.finding, m.parent, m.reason, m.depth, f.rule, f.severity,"  \
    " f.kind, f.namespace, f.name, f.first_seen, f.summary"              \
    " FROM incident_members m JOIN findings f ON f.id = m.finding"      \
    " WHERE m.incident = ?1 ORDER BY m.seq"

/* The time window the report covers (analyze --since/--until): since,
 * until (UTC or NULL for open), then each as given. No row: no window. */
#define SB_RQ_WINDOW                                                    \
    "SELECT since, until, since_arg, until_arg FROM analysis_window"    \
    " LIMIT 1"

/* analyze --baseline: the old bundles (path, cluster, collected_end) and
 * what changed, in report order: category, change, kind, namespace,
 * name, before, after, text, time, incident, finding. */
#define SB_RQ_BASELINE                                                  \
    "SELECT path, cluster, collected_end FROM baseline ORDER BY rowid"
#define SB_RQ_CHANGES                                                   \
    "SELECT category, change, kind, namespace, name, before, after,"    \
    " text, time, incident, finding FROM changes ORDER BY seq"

int sb_render_json(sqlite3 *db, const struct sb_rmodel *m,
                   const struct sb_render_opts *opts, struct sb_buf *out,
                   struct sb_err *err);
int sb_render_html(sqlite3 *db, const struct sb_rmodel *m,
                   const struct sb_render_opts *opts, struct sb_buf *out,
                   struct sb_err *err);
int sb_render_md(sqlite3 *db, const struct sb_rmodel *m,
                 const struct sb_render_opts *opts, struct sb_buf *out,
                 struct sb_err *err);

#endif
