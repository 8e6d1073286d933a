-- id: cuda-runtime-failure
-- title: A GPU program failed at run time, or lost its GPU
-- severity: critical
-- category: gpu
-- remediation: A CUDA context died while the program ran: the GPU reported an uncorrectable ECC error, a kernel faulted (illegal memory access, unspecified launch failure), or the GPU fell off the bus, sometimes without any Xid. Look at the node's kernel log for an Xid at the same time (see any gpu-xid finding); for a hardware fault drain the node, reboot it and open a case if it recurs; without one suspect the software (try another version or backend) and restart the pod.
--
-- Symptom: a serving or training pod that was working crashes or its
-- engine dies ("CUDA error: an illegal memory access was encountered",
-- "uncorrectable ECC error encountered", "unspecified launch failure",
-- "Engine core proc ... died unexpectedly"); nvidia-smi in a pod says
-- "Unable to determine the device handle for GPU ...: Unknown Error" or
-- "No devices were found".
-- Root cause found: the run-time error, matched by the failure
-- signatures of reports/gpu/signatures.txt, in the container's current or
-- previous log, its termination message, or a kubelet event about that
-- container (involvedObject.fieldPath, e.g. a failed startup probe).
-- When an Xid on the node explains it, the correlation pass makes the Xid
-- the root (cuda-error-xid).
-- Evidence: the matched lines, newest first.
-- Thresholds: one line: CUDA prints these only when a context is lost.
WITH found AS (
    SELECT l.bundle_id, l.namespace, l.pod, l.container, l.previous,
           l.line_no, l.time, l.text, l.file, 'log' AS src
    -- every failure signature that feeds this rule
    -- (reports/gpu/signatures.txt), in the shared pass
    FROM log_grep(sig_pattern('cuda-runtime-failure')) g
    JOIN log_lines l ON l.id = g.line_id
    UNION ALL
    -- its termination and waiting messages and the kubelet events
    -- about it, each on its container (schema/007_container_messages.sql)
    SELECT bundle_id, namespace, pod, container, previous, line_no, time,
           text, file, src
    FROM container_messages
    WHERE match_text REGEXP sig_pattern('cuda-runtime-failure')
), hits AS (
    SELECT f.*,
           row_number() OVER newest AS rn,
           first_value(f.text) OVER newest AS latest,
           count(*) OVER newest AS n,
           min(f.time) OVER newest AS first_time
    FROM found f
    -- one sort per container; the frame is the whole container, so that
    -- the count and the first time see every hit
    WINDOW newest AS (PARTITION BY f.bundle_id, f.namespace, f.pod,
                               f.container ORDER BY f.previous, f.line_no DESC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
SELECT 'Pod' AS kind, namespace, pod AS name, container,
       -- the node only for the rows kept, not for every hit
       (SELECT p.node FROM pods p WHERE p.bundle_id = hits.bundle_id
           AND p.namespace = hits.namespace AND p.name = hits.pod) AS node,
       CASE WHEN container IS NULL
            THEN 'Pod ''' || namespace || '/' || pod || ''''
            ELSE 'Container ''' || container || ''' of pod ''' ||
                 namespace || '/' || pod || '''' END ||
       ' failed on its GPU at run time' || CASE WHEN n > 1 THEN ' (' || n || ' lines)' ELSE '' END ||
       ': "' || substr(latest, 1, 220) || '".' AS summary,
       first_time AS first_seen,
       src AS ev_source, time AS ev_time, text AS ev_text,
       file AS ev_file,
       -- the matched signature's remedy; NULL keeps the header's
       sig_remedy(sig_match('cuda-runtime-failure', text)) AS remediation
FROM hits WHERE rn <= 3
-- a pod-level event (no container) after the containers: a finding takes
-- its summary from its first row and names the first container
ORDER BY namespace, pod, container IS NULL, container, rn;
