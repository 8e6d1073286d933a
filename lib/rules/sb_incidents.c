#include "sb_incidents.h"

#include <stddef.h>

/* Members: the root, then each finding rooted at it. A member's parent is
 * the direct cause its first link recorded when that cause is in the same
 * incident (a link may have been lifted past it), else the root. */
static const char SQL_MEMBERS[] =
    "DELETE FROM incident_members; DELETE FROM incidents;"
    "CREATE TEMP TABLE IF NOT EXISTS sb_inc_sev(name TEXT PRIMARY KEY,"
    " rank INT);"
    "INSERT OR IGNORE INTO temp.sb_inc_sev VALUES ('critical',0),"
    "('warning',1),('info',2);"
    "DROP TABLE IF EXISTS temp.sb_inc_m;"
    "CREATE TEMP TABLE sb_inc_m(root TEXT, finding TEXT, parent TEXT,"
    " reason TEXT);"
    "CREATE INDEX temp.sb_inc_m_root ON sb_inc_m(root, finding);"
    "CREATE INDEX temp.sb_inc_m_parent ON sb_inc_m(parent);"
    "INSERT INTO temp.sb_inc_m"
    " SELECT r.id, r.id, NULL, NULL FROM findings r"
    " WHERE r.root_cause IS NULL AND EXISTS (SELECT 1 FROM findings m"
    "  WHERE (m.id = r.id OR m.root_cause = r.id)"
    "  AND m.severity IN ('critical', 'warning'));"
    "INSERT INTO temp.sb_inc_m"
    " SELECT f.root_cause, f.id,"
    "  coalesce((SELECT l.cause FROM finding_links l JOIN findings c"
    "   ON c.id = l.cause WHERE l.effect = f.id AND"
    "   (c.id = f.root_cause OR c.root_cause = f.root_cause)"
    "   ORDER BY l.rowid LIMIT 1), f.root_cause),"
    "  (SELECT l.reason FROM finding_links l JOIN findings c"
    "   ON c.id = l.cause WHERE l.effect = f.id AND"
    "   (c.id = f.root_cause OR c.root_cause = f.root_cause)"
    "   ORDER BY l.rowid LIMIT 1)"
    " FROM findings f WHERE f.root_cause IN (SELECT root FROM temp.sb_inc_m);";

/* Rank, blast radius and narrative. Subjects reached are the members'
 * own and those the root lists as affected; pods count in the impact
 * twice, since a pod is where the users' work runs. */
static const char SQL_INCIDENTS[] =
    "DROP TABLE IF EXISTS temp.sb_inc;"
    "CREATE TEMP TABLE sb_inc AS"
    " WITH subj AS ("
    "  SELECT m.root, f.kind, coalesce(f.namespace, '') AS ns, f.name"
    "  FROM temp.sb_inc_m m JOIN findings f ON f.id = m.finding"
    "  UNION"
    "  SELECT m.root, a.kind, coalesce(a.namespace, ''), a.name"
    "  FROM temp.sb_inc_m m JOIN finding_affected a ON a.finding_id ="
    "   m.finding WHERE a.name IS NOT NULL),"
    " agg AS (SELECT root, count(*) AS subjects,"
    "  sum(kind = 'Pod') AS pods FROM subj GROUP BY root)"
    " SELECT r.id AS root,"
    "  (SELECT s.name FROM temp.sb_inc_m m JOIN findings f ON f.id ="
    "   m.finding JOIN temp.sb_inc_sev s ON s.name = f.severity"
    "   WHERE m.root = r.id ORDER BY s.rank LIMIT 1) AS severity,"
    "  (SELECT min(f.first_seen) FROM temp.sb_inc_m m JOIN findings f"
    "   ON f.id = m.finding WHERE m.root = r.id) AS start,"
    "  a.subjects, a.pods, a.subjects + a.pods AS impact"
    " FROM findings r JOIN agg a ON a.root = r.id;"
    "INSERT INTO incidents(id, root, severity, start, subjects, pods, impact,"
    " narrative)"
    " SELECT 'I' || row_number() OVER (ORDER BY s.rank, i.impact DESC,"
    "  i.start IS NULL, i.start, i.root), i.root, i.severity, i.start,"
    "  i.subjects, i.pods, i.impact, ''"
    " FROM temp.sb_inc i JOIN temp.sb_inc_sev s ON s.name = i.severity;"
    /* depth by walking parents from the root; a finding with no time of
     * its own (a snapshot: allocatable below capacity) is told when its
     * cause happened */
    "INSERT INTO incident_members(incident, finding, parent, reason, depth,"
    " seq)"
    " WITH RECURSIVE tree(root, finding, parent, reason, depth, t) AS ("
    "  SELECT m.root, m.finding, NULL, NULL, 0, f.first_seen"
    "  FROM temp.sb_inc_m m JOIN findings f ON f.id = m.finding"
    "  WHERE m.finding = m.root"
    "  UNION ALL"
    "  SELECT m.root, m.finding, m.parent, m.reason, tr.depth + 1,"
    "   coalesce(f.first_seen, tr.t)"
    "  FROM temp.sb_inc_m m JOIN tree tr ON m.parent = tr.finding AND"
    "   m.root = tr.root AND m.finding <> m.root"
    "  JOIN findings f ON f.id = m.finding WHERE tr.depth < 64)"
    " SELECT i.id, tr.finding, tr.parent, tr.reason, min(tr.depth),"
    "  row_number() OVER (PARTITION BY i.id ORDER BY tr.finding <> i.root,"
    "   min(tr.t) IS NULL, min(tr.t), min(tr.depth), tr.finding)"
    " FROM tree tr JOIN incidents i ON i.root = tr.root"
    " GROUP BY i.id, tr.finding;"
    /* a member its parents do not reach (a link lifted past a cycle that
     * was refused) still belongs: under the root */
    "INSERT INTO incident_members(incident, finding, parent, reason, depth,"
    " seq)"
    " SELECT i.id, m.finding, i.root, m.reason, 1,"
    "  (SELECT max(seq) FROM incident_members x WHERE x.incident = i.id) +"
    "  row_number() OVER (PARTITION BY i.id ORDER BY m.finding)"
    " FROM temp.sb_inc_m m JOIN incidents i ON i.root = m.root"
    " WHERE NOT EXISTS (SELECT 1 FROM incident_members x WHERE"
    "  x.incident = i.id AND x.finding = m.finding);"
    /* the story: when and where it began, then each step in time order
     * with its reason (or the finding's own summary), then the reach */
    "UPDATE incidents SET narrative = ("
    " SELECT 'Began ' || coalesce(replace(substr(incidents.start, 1, 19),"
    "  'T', ' ') || ' UTC', 'at an unknown time') || ' with ' || r.kind ||"
    "  ' ' || coalesce(r.namespace || '/', '') || r.name || ': ' ||"
    "  r.summary ||"
    "  coalesce(' Then: ' || (SELECT group_concat(step, '; ') FROM ("
    /* the time leads the step unless the reason already gives one */
    "   SELECT CASE WHEN f.first_seen IS NULL OR coalesce(m.reason,"
    "    f.summary) GLOB '*[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' THEN ''"
    "    ELSE strftime('%H:%M:%S', f.first_seen) || ' ' END ||"
    "    coalesce(m.reason, f.summary) AS step"
    "   FROM incident_members m JOIN findings f ON f.id = m.finding"
    "   WHERE m.incident = incidents.id AND m.depth > 0 ORDER BY m.seq)) ||"
    "   '.', '') ||"
    "  ' Reach: ' || incidents.subjects || ' subject' ||"
    "  CASE WHEN incidents.subjects = 1 THEN '' ELSE 's' END ||"
    "  CASE WHEN incidents.pods > 0 THEN ', ' || incidents.pods || ' pod' ||"
    "   CASE WHEN incidents.pods = 1 THEN '' ELSE 's' END ELSE '' END || '.'"
    " FROM findings r WHERE r.id = incidents.root);"
    "DROP TABLE temp.sb_inc; DROP TABLE temp.sb_inc_m;";

int sb_incidents_build(sqlite3 *db, struct sb_err *err)
{
    char *msg = NULL;
    int rc;

    if (sqlite3_exec(db, SQL_MEMBERS, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, SQL_INCIDENTS, NULL, NULL, &msg) != SQLITE_OK) {
        rc = sb_err_set(err, SB_E_DB, "rules: cannot build the incidents: %s",
                        msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}
