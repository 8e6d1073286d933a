-- A complete bundle with everything present: only the info rule's silence.
-- expect-none: collection-gaps
INSERT INTO node_log_lines(bundle_id, node, source, line_no, time, text, file) VALUES
 (1, 'ok-node-1', 'kern.log', 1, '2026-11-23T08:00:00Z', 'Linux version 5.15.0', 'nodes/ok-node-1/logs/kern.log');
