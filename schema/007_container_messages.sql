-- sbundle database schema, version 7: what a container said outside its
-- logs, each on its container, for the rules that search failure text
-- (the signature-fed rules: reports/gpu/signatures.txt). One row per
-- message, in the columns of a log line so that a rule can UNION it with
-- its log hits:
--   termination  the message of the container's last death
--                (lastState.terminated): it ends the previous log, so it
--                sorts as that log's last line;
--   termination  the message of a container terminated now (it ends the
--   / status     current log), or a waiting container's (where the runtime
--                puts the error of a hook that failed to start it);
--   event        a kubelet event about the pod: involvedObject.fieldPath
--                names the container ("spec.containers{vllm}",
--                "spec.initContainers{init}"), so the hit lands on that
--                container and no other; an event without one (a sandbox
--                failure) is the pod's own (container NULL).
-- 'text' is what the evidence quotes (an event's reason, then its
-- message); 'match_text' what a rule's pattern is matched against (the
-- message alone).
CREATE VIEW container_messages AS
SELECT c.bundle_id, c.namespace, c.pod, c.name AS container, 1 AS previous,
       1000000000 AS line_no, c.last_finished AS time, c.last_message AS text,
       NULL AS file, 'termination' AS src, c.last_message AS match_text
FROM containers c
UNION ALL
SELECT c.bundle_id, c.namespace, c.pod, c.name, 0, 1000000000,
       c.state_finished, c.state_message, NULL,
       CASE c.state WHEN 'terminated' THEN 'termination' ELSE 'status' END,
       c.state_message
FROM containers c
WHERE c.state IN ('terminated', 'waiting')
UNION ALL
SELECT e.bundle_id, e.object_namespace, e.object_name,
       CASE WHEN e.object_field GLOB 'spec.*ontainers{?*}'
            THEN substr(e.object_field, instr(e.object_field, '{') + 1,
                        length(e.object_field) -
                        instr(e.object_field, '{') - 1) END,
       0, 999999999, coalesce(e.last_seen, e.first_seen),
       coalesce(e.reason || ': ', '') || e.message, e.file, 'event',
       e.message
FROM events e
WHERE e.object_kind = 'Pod' AND e.object_name IS NOT NULL;

PRAGMA user_version = 7;
