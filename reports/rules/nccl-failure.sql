-- id: nccl-failure
-- title: NCCL collective communication failed
-- severity: critical
-- category: gpu
-- remediation: Distributed training lost a collective: one rank died or hung, or the ranks cannot talk. Find the first rank that failed (its own error or a GPU fault on its node: see any gpu-xid finding) and fix that; for network errors check the pod network or RDMA/InfiniBand devices, NCCL_SOCKET_IFNAME and NCCL_IB_* settings, and that every rank runs the same NCCL version; set NCCL_DEBUG=INFO to see the transport; raise the collective timeout only for jobs with legitimately long steps.
--
-- Symptom: training stops; ranks log "Watchdog caught collective
-- operation timeout", "NCCL error", ncclSystemError / ncclRemoteError,
-- the job fails or hangs.
-- Root cause found: the NCCL failure in the rank's log; when a GPU fault
-- on the node came first, the correlation pass makes it the root.
-- Evidence: the NCCL error lines.
-- Thresholds: errors only: NCCL INFO and WARN lines about transports are
-- normal start-up chatter.
WITH found AS (
    SELECT l.bundle_id, l.namespace, l.pod, l.container, l.previous,
           l.line_no, l.time, l.text, l.file, 'log' AS src
    -- the rule's own broad patterns, and every failure signature that
    -- feeds this rule (reports/gpu/signatures.txt): one shared pass
    -- serves both, and a signature hit names its remedy
    FROM (SELECT line_id FROM log_grep('(?i)NCCL (error|failure)|nccl(System|Internal|Invalid|UnhandledCuda|Remote)Error|NCCL communicator was aborted|Watchdog caught collective operation timeout|ProcessGroupNCCL.*(timed? ?out|error|abort)|NCCL (operation|collective) .*timed out|NCCL_ERROR|unhandled (system|cuda) error.*NCCL|NCCL WARN .*(Error|failed|timeout)')
          UNION SELECT line_id FROM log_grep(sig_pattern('nccl-failure'))) g
    JOIN log_lines l ON l.id = g.line_id
    WHERE l.text NOT REGEXP '(?i)NCCL INFO'
    UNION ALL
    -- its termination and waiting messages and the kubelet events
    -- about it, each on its container (schema/007_container_messages.sql)
    SELECT bundle_id, namespace, pod, container, previous, line_no, time,
           text, file, src
    FROM container_messages
    WHERE match_text REGEXP sig_pattern('nccl-failure')
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
       ' hit an NCCL collective failure' || CASE WHEN n > 1 THEN ' (' || n || ' lines)' ELSE '' END ||
       ': "' || substr(latest, 1, 220) || '".' AS summary,
       first_time AS first_seen,
       src AS ev_source, time AS ev_time, text AS ev_text,
       file AS ev_file,
       -- the matched signature's remedy; NULL keeps the header's
       sig_remedy(sig_match('nccl-failure', text)) AS remediation
FROM hits WHERE rn <= 3
-- a pod-level event (no container) after the containers: a finding takes
-- its summary from its first row and names the first container
ORDER BY namespace, pod, container IS NULL, container, rn;
