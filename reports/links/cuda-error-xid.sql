-- id: cuda-error-xid
-- title: a CUDA or NCCL error in a pod on a node whose GPU reported an Xid
--
-- Cause: gpu-xid on a node. Effect: a finding on a pod bound to that node
-- whose log evidence quotes a CUDA or NCCL error at or after the Xid.
-- Why: when a GPU faults, the driver reports the Xid in the kernel log
-- and every CUDA context on it fails its next call ("an illegal memory
-- access", "unspecified launch failure", "uncorrectable ECC error
-- encountered", cudaErrorDevicesUnavailable), so the pod's error is the
-- GPU's, not the code's. The window is an hour after the Xid (the error
-- comes when the process next touches the GPU), and the error may precede
-- the kernel line by a minute (the two clocks are not the same).
-- A CUDA error on another node, or one logged before the Xid, is not
-- linked.
WITH ev AS (
    -- a line whose timestamp was not split off still starts with it
    SELECT e.finding_id, e.text,
           coalesce(e.time, regexp_extract(e.text,
               '^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)', 1) || 'Z') AS time
    FROM finding_evidence e WHERE e.source = 'log'
)
SELECT p.id AS effect, x.id AS cause,
       'CUDA/NCCL error in ' || p.name || ' at ' ||
       strftime('%H:%M:%S', min(e.time)) || ' on ' || x.name ||
       ', ' || CAST(max(0, round((julianday(min(e.time)) -
                      julianday(x.first_seen)) * 86400)) AS INTEGER) ||
       ' s after Xid ' || (SELECT group_concat(DISTINCT g.code) FROM gpu_xids g
                          WHERE g.node = x.name) || ' there' AS reason
FROM findings p
JOIN pods o ON o.namespace = p.namespace AND o.name = p.name
JOIN findings x ON x.rule = 'gpu-xid' AND x.kind = 'Node' AND x.name = o.node
JOIN ev e ON e.finding_id = p.id
WHERE p.kind = 'Pod' AND e.time IS NOT NULL AND x.first_seen IS NOT NULL
  AND e.text REGEXP '(?i)\bCUDA\b|cuda(Error|_ERROR)|NCCL|illegal memory access|no CUDA-capable device|unspecified launch failure|ECC error|device-side assert|CUBLAS_STATUS|CUDNN_STATUS'
  AND e.time >= strftime('%Y-%m-%dT%H:%M:%SZ', x.first_seen, '-60 seconds')
  AND e.time <= strftime('%Y-%m-%dT%H:%M:%SZ', x.first_seen, '+3600 seconds')
GROUP BY p.id, x.id
ORDER BY p.id, x.id;
