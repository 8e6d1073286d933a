-- id: collection-gaps
-- title: What the bundle lacks
-- severity: info
-- category: collection
-- remediation: Parts of the cluster could not be collected, so the checks that need them could not run. Re-run collect with an account allowed to read them (the RBAC refusals are listed), give it more time (--timeout) or fewer limits, or collect the node's own state with collect --host on GPU nodes.
--
-- Symptom: a finding you expected is missing, or a report looks thin.
-- Root cause found: the collector's recorded gaps (403s, timeouts, errors
-- per resource or log stream), files that failed to load, an incomplete
-- manifest, and whole kinds of data absent (no events, no logs, no node
-- logs, no GPU metrics on GPU nodes).
-- Evidence: each gap with its target, status and error.
-- Thresholds: any recorded gap; absent kinds only when the bundle has
-- pods (an empty cluster has nothing to log).
WITH b AS (SELECT * FROM bundles),
gaps AS (
    SELECT e.bundle_id, 1 AS ord, 'status' AS src,
           coalesce(e.collector, '?') || ' ' || coalesce(e.target, '') ||
           coalesce(' (HTTP ' || e.status || ')', '') || ': ' || e.error AS text,
           'manifest.json' AS file
    FROM collection_errors e
    UNION ALL
    SELECT l.bundle_id, 2, 'status', 'could not load ' || coalesce(l.file, '?') || ': ' || l.error,
           l.file
    FROM load_errors l WHERE l.bundle_id IS NOT NULL
      -- links only repeat members that are there (troubleshoot's all-logs/)
      AND l.error NOT REGEXP '(?i)symbolic link|symlink'
    UNION ALL
    SELECT b.id, 0, 'status', 'the manifest says the collection is incomplete', 'manifest.json'
    FROM b WHERE b.complete = 0
    UNION ALL
    SELECT b.id, 3, 'status', 'no events in the bundle: event-based checks could not run', NULL
    FROM b WHERE b.kind = 'cluster'
      AND EXISTS (SELECT 1 FROM pods p WHERE p.bundle_id = b.id)
      AND NOT EXISTS (SELECT 1 FROM events e WHERE e.bundle_id = b.id)
    UNION ALL
    SELECT b.id, 3, 'status', 'no container logs in the bundle: crash causes could not be read', NULL
    FROM b WHERE b.kind = 'cluster'
      AND EXISTS (SELECT 1 FROM pods p WHERE p.bundle_id = b.id)
      AND NOT EXISTS (SELECT 1 FROM log_streams l WHERE l.bundle_id = b.id)
    UNION ALL
    SELECT b.id, 3, 'status', 'no node logs in the bundle: kernel (Xid, OOM) history could not be checked', NULL
    FROM b WHERE b.kind = 'cluster'
      AND EXISTS (SELECT 1 FROM nodes n WHERE n.bundle_id = b.id)
      AND NOT EXISTS (SELECT 1 FROM node_log_lines l WHERE l.bundle_id = b.id)
      AND NOT EXISTS (SELECT 1 FROM gpu_xids x WHERE x.bundle_id = b.id)
    UNION ALL
    SELECT b.id, 3, 'status', 'GPU node ' || r.node || ' has no GPU exporter metrics or nvidia-smi data: GPU health could not be checked', NULL
    FROM b JOIN node_resources r ON r.bundle_id = b.id AND r.resource = 'nvidia.com/gpu'
         AND r.capacity > 0
    WHERE NOT EXISTS (SELECT 1 FROM gpus g WHERE g.node = r.node)
      AND NOT EXISTS (SELECT 1 FROM metrics m WHERE m.node = r.node AND m.name LIKE 'DCGM%')
)
SELECT 'Bundle' AS kind,
       coalesce(b.cluster, replace(b.path, rtrim(b.path, replace(b.path, '/', '')), '')) AS name,
       'The bundle of ''' || coalesce(b.cluster, replace(b.path, rtrim(b.path,
       replace(b.path, '/', '')), '')) || ''' lacks ' ||
       (SELECT count(*) FROM gaps g2 WHERE g2.bundle_id = b.id) ||
       ' item(s); checks that need them could not run.' AS summary,
       g.src AS ev_source, g.text AS ev_text, g.file AS ev_file
FROM gaps g JOIN b ON b.id = g.bundle_id
ORDER BY b.id, g.ord, g.text;
