-- The body of sig_hits(rule [, pattern [, exclude]]) (lib/rules/sb_sighits.c),
-- the table the GPU and ML signature rules read (cuda-oom, nccl-failure,
-- model-load-failure, ...): per container, its newest three hits of the
-- rule's failure signatures (reports/gpu/signatures.txt) and of the
-- rule's own broad pattern, with how many there were in all.
--   ?1  the rule id: sig_pattern(?1) holds every signature feeding it
--   ?2  the rule's own pattern, or NULL when its signatures are all
--   ?3  a pattern of log lines not to count (NCCL INFO chatter), or NULL
-- The columns, in this order, are those sig_hits declares: the result
-- columns of docs/rules.md, plus 'subject' (who: the container, or the
-- pod for a pod-level message), 'lines' (" (N lines)" when there was more
-- than one hit) and 'latest' (the newest hit, cut to 220 characters),
-- for the rule to build its summary from.
WITH found AS (
    -- the log lines: both patterns are found by the shared pass over the
    -- logs during the load (their calls are announced like log_grep's)
    SELECT l.bundle_id, l.namespace, l.pod, l.container, l.previous,
           l.line_no, l.time, l.text, l.file, 'log' AS src
    FROM (SELECT line_id FROM log_grep(?2) WHERE ?2 IS NOT NULL
          UNION SELECT line_id FROM log_grep(sig_pattern(?1))) g
    JOIN log_lines l ON l.id = g.line_id
    WHERE ?3 IS NULL OR l.text NOT REGEXP ?3
    UNION ALL
    -- its termination and waiting messages and the kubelet events about
    -- it, each on its container: the rows of the container_messages view
    -- (schema/007_container_messages.sql), arm by arm in its order and
    -- with its columns, spelled out here so that the pattern is matched
    -- on the message column alone and the other columns are made only
    -- for a match. Through the view SQLite made every column of every
    -- row first, about 25 ms of each of the seven signature rules on
    -- the bench bundle against 15 ms for all three arms here. A change
    -- to the view is a change here too.
    SELECT c.bundle_id, c.namespace, c.pod, c.name, 1, 1000000000,
           c.last_finished, c.last_message, NULL, 'termination'
    FROM containers c
    WHERE c.last_message REGEXP sig_pattern(?1)
    UNION ALL
    SELECT c.bundle_id, c.namespace, c.pod, c.name, 0, 1000000000,
           c.state_finished, c.state_message, NULL,
           CASE c.state WHEN 'terminated' THEN 'termination'
                        ELSE 'status' END
    FROM containers c
    WHERE c.state IN ('terminated', 'waiting')
      AND c.state_message REGEXP sig_pattern(?1)
    UNION ALL
    SELECT e.bundle_id, e.object_namespace, e.object_name,
           CASE WHEN e.object_field GLOB 'spec.*ontainers{?*}'
                THEN substr(e.object_field, instr(e.object_field, '{') + 1,
                            length(e.object_field) -
                            instr(e.object_field, '{') - 1) END,
           0, 999999999, coalesce(e.last_seen, e.first_seen),
           coalesce(e.reason || ': ', '') || e.message, e.file, 'event'
    FROM events e
    -- the unary +: read in table order, not through events_object (all
    -- but a few events are a pod's, and each found in the index was a
    -- seek into the table for its message: most of the time of this
    -- body on the bench bundle's 30,000 events); the rows of one pod
    -- come in the same order either way, the index's ties being in
    -- rowid order
    WHERE +e.object_kind = 'Pod' AND e.object_name IS NOT NULL
      AND e.message REGEXP sig_pattern(?1)
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
                 namespace || '/' || pod || '''' END AS subject,
       CASE WHEN n > 1 THEN ' (' || n || ' lines)' ELSE '' END AS lines,
       substr(latest, 1, 220) AS latest,
       first_time AS first_seen,
       src AS ev_source, time AS ev_time, text AS ev_text,
       file AS ev_file,
       -- the matched signature's remedy, on each container's newest hit:
       -- a finding takes its remedy from its first row, always a newest
       -- hit (rn orders a container's rows), and matching every signature
       -- again on the two older hits was a quarter of the time of
       -- sig_hits on the bench bundle; NULL keeps the rule header's
       CASE WHEN rn = 1 THEN sig_remedy(sig_match(?1, text))
       END AS remediation
FROM hits WHERE rn <= 3
-- a pod-level event (no container) after the containers: a finding takes
-- its summary from its first row and names the first container
ORDER BY namespace, pod, container IS NULL, container, rn;
