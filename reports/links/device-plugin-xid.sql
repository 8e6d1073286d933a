-- id: device-plugin-xid
-- title: the device plugin marked a GPU unhealthy after an Xid on its node
--
-- Cause: gpu-xid on a node. Effect: device-plugin-health on the device
-- plugin pod running on that node, whose health line comes at or after
-- the Xid.
-- Why: the NVIDIA device plugin watches the driver's Xid events and, on a
-- critical one, marks the GPU unhealthy and stops offering it; its health
-- line is the plugin reacting to the GPU's fault, not a fault of its own.
-- The window is an hour after the Xid, and the line may precede the
-- kernel's by a minute (the two clocks are not the same). A plugin on
-- another node, or a health line logged before the Xid, is not linked.
WITH ev AS (
    -- a line whose timestamp was not split off still starts with it
    SELECT e.finding_id,
           coalesce(e.time, regexp_extract(e.text,
               '^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)', 1) || 'Z') AS time
    FROM finding_evidence e WHERE e.source = 'log'
)
SELECT p.id AS effect, x.id AS cause,
       'the device plugin on ' || x.name || ' marked a GPU unhealthy at ' ||
       strftime('%H:%M:%S', min(e.time)) || ', ' ||
       CAST(max(0, round((julianday(min(e.time)) -
                julianday(x.first_seen)) * 86400)) AS INTEGER) ||
       ' s after Xid ' || (SELECT group_concat(DISTINCT g.code) FROM gpu_xids g
                          WHERE g.node = x.name) || ' there' AS reason
FROM findings p
JOIN pods o ON o.namespace = p.namespace AND o.name = p.name
JOIN findings x ON x.rule = 'gpu-xid' AND x.kind = 'Node' AND x.name = o.node
JOIN ev e ON e.finding_id = p.id
WHERE p.rule = 'device-plugin-health' AND p.kind = 'Pod'
  AND e.time IS NOT NULL AND x.first_seen IS NOT NULL
  AND e.time >= strftime('%Y-%m-%dT%H:%M:%SZ', x.first_seen, '-60 seconds')
  AND e.time <= strftime('%Y-%m-%dT%H:%M:%SZ', x.first_seen, '+3600 seconds')
GROUP BY p.id, x.id
ORDER BY p.id, x.id;
