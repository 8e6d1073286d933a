#include "sb_changes.h"

#include <stddef.h>

/* Each block adds rows to temp.sb_chg; the last one numbers them into
 * changes. A finding matches across bundles by rule and subject; a
 * container by namespace, pod and name; a GPU by node and UUID (else its
 * PCI bus id). */
static const char SQL_CHANGES[] =
    "DELETE FROM changes; DELETE FROM baseline;"
    "INSERT INTO baseline SELECT path, cluster, collected_end FROM"
    " base.bundles ORDER BY id;"
    "DROP TABLE IF EXISTS temp.sb_chg;"
    "CREATE TEMP TABLE sb_chg(category TEXT, change TEXT, kind TEXT,"
    " namespace TEXT, name TEXT, before TEXT, after TEXT, text TEXT,"
    " time TEXT, finding TEXT);"
    /* findings */
    "INSERT INTO temp.sb_chg SELECT 'finding',"
    " CASE WHEN EXISTS (SELECT 1 FROM base.findings o WHERE o.rule = f.rule"
    "  AND o.kind = f.kind AND o.namespace IS f.namespace AND"
    "  o.name = f.name) THEN 'persisting' ELSE 'new' END,"
    " f.kind, f.namespace, f.name, NULL, f.severity,"
    " f.rule || ': ' || f.summary, f.first_seen, f.id FROM main.findings f;"
    "INSERT INTO temp.sb_chg SELECT 'finding', 'resolved', o.kind,"
    " o.namespace, o.name, o.severity, NULL, o.rule || ': ' || o.summary,"
    " o.first_seen, NULL FROM base.findings o WHERE NOT EXISTS (SELECT 1"
    " FROM main.findings f WHERE f.rule = o.rule AND f.kind = o.kind AND"
    " f.namespace IS o.namespace AND f.name = o.name);"
    /* restarts that grew */
    "INSERT INTO temp.sb_chg SELECT 'restarts', 'changed', 'Pod',"
    " c.namespace, c.pod, o.restart_count, c.restart_count,"
    " 'container ' || c.name || ' restarted ' ||"
    " (c.restart_count - o.restart_count) || ' more times (' ||"
    " o.restart_count || ' -> ' || c.restart_count || ')' ||"
    " coalesce(', last ' || c.last_reason, ''),"
    " c.last_finished, NULL"
    " FROM main.containers c JOIN base.containers o ON"
    " o.namespace = c.namespace AND o.pod = c.pod AND o.name = c.name"
    " WHERE c.restart_count > o.restart_count;"
    /* workload templates: images first, then any other template change */
    "INSERT INTO temp.sb_chg SELECT 'spec', 'changed', n.kind, n.namespace,"
    " n.name, o.img, n.img,"
    " CASE WHEN n.img IS NOT o.img THEN 'images ' || coalesce(o.img, '-') ||"
    "  ' -> ' || coalesce(n.img, '-')"
    "  ELSE 'pod template changed (generation ' ||"
    "  coalesce(o.gen, '?') || ' -> ' || coalesce(n.gen, '?') || ')' END,"
    " NULL, NULL FROM"
    /* json_each's hidden column is called json too: name the row's */
    " (SELECT ob.kind, ob.namespace, ob.name, json_extract(ob.json,"
    "   '$.spec.template') AS tpl, json_extract(ob.json,"
    "   '$.metadata.generation') AS gen,"
    "   (SELECT group_concat(json_extract(c.value, '$.name') || '=' ||"
    "    json_extract(c.value, '$.image'), ', ') FROM json_each(ob.json,"
    "    '$.spec.template.spec.containers') c) AS img"
    "  FROM main.objects ob WHERE ob.kind IN ('Deployment', 'DaemonSet',"
    "  'StatefulSet') AND json_valid(ob.json)) n"
    " JOIN (SELECT ob.kind, ob.namespace, ob.name, json_extract(ob.json,"
    "   '$.spec.template') AS tpl, json_extract(ob.json,"
    "   '$.metadata.generation') AS gen,"
    "   (SELECT group_concat(json_extract(c.value, '$.name') || '=' ||"
    "    json_extract(c.value, '$.image'), ', ') FROM json_each(ob.json,"
    "    '$.spec.template.spec.containers') c) AS img"
    "  FROM base.objects ob WHERE ob.kind IN ('Deployment', 'DaemonSet',"
    "  'StatefulSet') AND json_valid(ob.json)) o"
    " ON o.kind = n.kind AND o.namespace IS n.namespace AND o.name = n.name"
    " WHERE n.tpl IS NOT o.tpl;"
    /* ConfigMaps: the keys whose value differs, was added or removed */
    "INSERT INTO temp.sb_chg SELECT 'config', 'changed', 'ConfigMap',"
    " n.namespace, n.name, NULL, NULL, 'content changed: keys ' ||"
    " (SELECT group_concat(k, ', ') FROM (SELECT key AS k FROM"
    "   json_each(n.data) a WHERE a.value IS NOT json_extract(o.data,"
    "   '$.\"' || a.key || '\"') UNION SELECT key FROM json_each(o.data) b"
    "   WHERE json_extract(n.data, '$.\"' || b.key || '\"') IS NULL)),"
    " NULL, NULL FROM"
    " (SELECT namespace, name, coalesce(json_extract(json, '$.data'), '{}')"
    "   AS data FROM main.objects WHERE kind = 'ConfigMap' AND"
    "   json_valid(json)) n"
    " JOIN (SELECT namespace, name, coalesce(json_extract(json, '$.data'),"
    "   '{}') AS data FROM base.objects WHERE kind = 'ConfigMap' AND"
    "   json_valid(json)) o ON o.namespace IS n.namespace AND o.name = n.name"
    " WHERE n.data IS NOT o.data;"
    /* nodes joined and left, kubelet versions */
    "INSERT INTO temp.sb_chg SELECT 'node', 'joined', 'Node', NULL, n.name,"
    " NULL, n.kubelet_version, 'node joined' || coalesce(' (' ||"
    " n.kubelet_version || ')', ''), n.created, NULL FROM main.nodes n"
    " WHERE NOT EXISTS (SELECT 1 FROM base.nodes o WHERE o.name = n.name);"
    "INSERT INTO temp.sb_chg SELECT 'node', 'left', 'Node', NULL, o.name,"
    " o.kubelet_version, NULL, 'node left the cluster', NULL, NULL"
    " FROM base.nodes o WHERE NOT EXISTS (SELECT 1 FROM main.nodes n"
    " WHERE n.name = o.name);"
    "INSERT INTO temp.sb_chg SELECT 'version', 'changed', 'Node', NULL,"
    " n.name, o.kubelet_version, n.kubelet_version, 'kubelet ' ||"
    " coalesce(o.kubelet_version, '?') || ' -> ' ||"
    " coalesce(n.kubelet_version, '?'), NULL, NULL FROM main.nodes n"
    " JOIN base.nodes o ON o.name = n.name"
    " WHERE n.kubelet_version IS NOT o.kubelet_version;"
    "INSERT INTO temp.sb_chg SELECT 'version', 'changed', 'Cluster', NULL,"
    " coalesce(n.cluster, '?'), o.k8s_version, n.k8s_version, 'Kubernetes '"
    " || coalesce(o.k8s_version, '?') || ' -> ' ||"
    " coalesce(n.k8s_version, '?'), NULL, NULL"
    " FROM (SELECT * FROM main.bundles WHERE kind = 'cluster' ORDER BY id"
    " LIMIT 1) n, (SELECT * FROM base.bundles WHERE kind = 'cluster'"
    " ORDER BY id LIMIT 1) o WHERE n.k8s_version IS NOT o.k8s_version;"
    /* GPUs: gone, new, health counters grown, driver changed */
    "DROP TABLE IF EXISTS temp.sb_chg_gpu;"
    "CREATE TEMP TABLE sb_chg_gpu AS"
    " SELECT 'n' AS side, node, coalesce(uuid, pci_bus_id,"
    "  CAST(gpu_index AS TEXT)) AS gid, product, driver_version,"
    "  ecc_volatile_uncorrected AS ecc, retired_pages AS rp FROM main.gpus"
    " UNION ALL SELECT 'o', node, coalesce(uuid, pci_bus_id,"
    "  CAST(gpu_index AS TEXT)), product, driver_version,"
    "  ecc_volatile_uncorrected, retired_pages FROM base.gpus;"
    "INSERT INTO temp.sb_chg SELECT DISTINCT 'gpu', 'left', 'Node', NULL,"
    " o.node, o.gid, NULL, 'GPU ' || o.gid || coalesce(' (' || o.product ||"
    " ')', '') || ' is no longer seen on the node', NULL, NULL"
    " FROM temp.sb_chg_gpu o WHERE o.side = 'o' AND NOT EXISTS (SELECT 1"
    " FROM temp.sb_chg_gpu n WHERE n.side = 'n' AND n.node = o.node AND"
    " n.gid = o.gid) AND EXISTS (SELECT 1 FROM main.nodes x WHERE"
    " x.name = o.node);"
    "INSERT INTO temp.sb_chg SELECT DISTINCT 'gpu', 'joined', 'Node', NULL,"
    " n.node, NULL, n.gid, 'GPU ' || n.gid || ' appeared on the node', NULL,"
    " NULL FROM temp.sb_chg_gpu n WHERE n.side = 'n' AND NOT EXISTS (SELECT"
    " 1 FROM temp.sb_chg_gpu o WHERE o.side = 'o' AND o.node = n.node AND"
    " o.gid = n.gid) AND EXISTS (SELECT 1 FROM base.nodes x WHERE"
    " x.name = n.node);"
    "INSERT INTO temp.sb_chg SELECT DISTINCT 'gpu', 'changed', 'Node', NULL,"
    " n.node, coalesce(o.ecc, 0) || '/' || coalesce(o.rp, 0),"
    " coalesce(n.ecc, 0) || '/' || coalesce(n.rp, 0), 'GPU ' || n.gid ||"
    " ': uncorrectable ECC errors ' || coalesce(o.ecc, 0) || ' -> ' ||"
    " coalesce(n.ecc, 0) || ', retired pages ' || coalesce(o.rp, 0) ||"
    " ' -> ' || coalesce(n.rp, 0), NULL, NULL"
    " FROM temp.sb_chg_gpu n JOIN temp.sb_chg_gpu o ON o.side = 'o' AND"
    " o.node = n.node AND o.gid = n.gid WHERE n.side = 'n' AND"
    " (coalesce(n.ecc, 0) > coalesce(o.ecc, 0) OR"
    "  coalesce(n.rp, 0) > coalesce(o.rp, 0));"
    "INSERT INTO temp.sb_chg SELECT DISTINCT 'version', 'changed', 'Node',"
    " NULL, n.node, o.driver_version, n.driver_version, 'NVIDIA driver ' ||"
    " o.driver_version || ' -> ' || n.driver_version, NULL, NULL"
    " FROM temp.sb_chg_gpu n JOIN temp.sb_chg_gpu o ON o.side = 'o' AND"
    " o.node = n.node AND o.gid = n.gid WHERE n.side = 'n' AND"
    " n.driver_version IS NOT o.driver_version;"
    /* Xid codes a node did not report before (kernel log history) */
    "INSERT INTO temp.sb_chg SELECT 'gpu', 'changed', 'Node', NULL, x.node,"
    " (SELECT count(*) FROM base.gpu_xids b WHERE b.node = x.node),"
    " count(*), 'Xid ' || group_concat(DISTINCT x.code) || ' reported ' ||"
    " count(*) || ' time(s) since the baseline (' || (SELECT count(*) FROM"
    " base.gpu_xids b WHERE b.node = x.node) || ' before)', min(x.time), NULL"
    " FROM main.gpu_xids x WHERE coalesce(x.source, '') <> 'dcgm-exporter'"
    " AND NOT EXISTS (SELECT 1 FROM base.gpu_xids b WHERE b.node = x.node"
    " AND b.code = x.code AND b.time IS x.time) GROUP BY x.node;"
    /* allocatable GPUs lost or regained */
    "INSERT INTO temp.sb_chg SELECT 'gpu', 'changed', 'Node', NULL, n.node,"
    " CAST(o.allocatable AS INTEGER), CAST(n.allocatable AS INTEGER),"
    " 'allocatable nvidia.com/gpu ' || CAST(o.allocatable AS INTEGER) ||"
    " ' -> ' || CAST(n.allocatable AS INTEGER) || ' of ' ||"
    " CAST(n.capacity AS INTEGER), NULL, NULL"
    " FROM main.node_resources n JOIN base.node_resources o ON"
    " o.node = n.node AND o.resource = n.resource"
    " WHERE n.resource = 'nvidia.com/gpu' AND"
    " n.allocatable IS NOT o.allocatable;"
    /* incidents whose root is new since the baseline */
    "DROP TABLE IF EXISTS temp.sb_chg_new;"
    "CREATE TEMP TABLE sb_chg_new AS SELECT i.id, i.start,"
    " CAST(substr(i.id, 2) AS INTEGER) AS rk FROM incidents i"
    " JOIN findings r ON r.id = i.root WHERE NOT EXISTS (SELECT 1 FROM"
    " base.findings o WHERE o.rule = r.rule AND o.kind = r.kind AND"
    " o.namespace IS r.namespace AND o.name = r.name);"
    /* order: the changes of a new incident (its subjects, or timed within
     * the hour before it began) first, by the incident's rank */
    "INSERT INTO changes(seq, category, change, kind, namespace, name,"
    " before, after, text, time, incident, finding)"
    " SELECT row_number() OVER (ORDER BY inc IS NULL,"
    "  CAST(substr(inc, 2) AS INTEGER), time IS NULL, time,"
    "  CASE category WHEN 'gpu' THEN 0 WHEN 'node' THEN 1 WHEN 'spec' THEN 2"
    "  WHEN 'config' THEN 3 WHEN 'version' THEN 4 WHEN 'restarts' THEN 5"
    "  ELSE 6 END, CASE change WHEN 'new' THEN 0 WHEN 'resolved' THEN 2"
    "  WHEN 'persisting' THEN 3 ELSE 1 END, kind, namespace, name, text),"
    "  category, change, kind, namespace, name, before, after, text, time,"
    "  inc, finding FROM (SELECT c.*, coalesce(c.own, CASE WHEN c.other"
    "   IS NULL AND c.category <> 'finding' THEN (SELECT i.id FROM"
    "   temp.sb_chg_new i WHERE c.time IS NOT NULL AND i.start IS NOT NULL"
    "   AND substr(c.time, 1, 19) <= substr(i.start, 1, 19) AND"
    "   substr(c.time, 1, 19) >= strftime('%Y-%m-%dT%H:%M:%S', i.start,"
    "   '-3600 seconds') ORDER BY i.rk LIMIT 1) END) AS inc"
    "  FROM (SELECT c.*,"
    /* a new incident that has this subject among its findings */
    "   (SELECT i.id FROM temp.sb_chg_new i JOIN incident_members m ON"
    "    m.incident = i.id JOIN findings f ON f.id = m.finding"
    "    WHERE f.kind = c.kind AND f.namespace IS c.namespace AND"
    "    f.name = c.name ORDER BY i.rk LIMIT 1) AS own,"
    /* or an older story it belongs to: then it precedes nothing new */
    "   (SELECT m.incident FROM incident_members m JOIN findings f ON"
    "    f.id = m.finding WHERE f.kind = c.kind AND f.namespace IS"
    "    c.namespace AND f.name = c.name LIMIT 1) AS other"
    "   FROM temp.sb_chg c) c);"
    "DROP TABLE temp.sb_chg; DROP TABLE temp.sb_chg_gpu;"
    "DROP TABLE temp.sb_chg_new;";

int sb_changes_build(sqlite3 *db, const char *baseline_db,
                     struct sb_err *err)
{
    sqlite3_stmt *st = NULL;
    char *msg = NULL;
    int rc = 0;

    if (sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS base", -1, &st, NULL)
        != SQLITE_OK)
        goto fail;
    sqlite3_bind_text(st, 1, baseline_db, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_exec(db, SQL_CHANGES, NULL, NULL, &msg) != SQLITE_OK)
        rc = sb_err_set(err, SB_E_DB, "cannot compare with the baseline: %s",
                        msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    sqlite3_exec(db, "DROP TABLE IF EXISTS temp.sb_chg;"
                 "DROP TABLE IF EXISTS temp.sb_chg_gpu;"
                 "DROP TABLE IF EXISTS temp.sb_chg_new;"
                 "DETACH DATABASE base", NULL, NULL, NULL);
    return rc;
fail:
    rc = sb_err_set(err, SB_E_DB, "cannot open the baseline's database: %s",
                    sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}
