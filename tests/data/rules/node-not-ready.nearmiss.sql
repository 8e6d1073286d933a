-- A node that is Ready but cordoned for maintenance is not NotReady.
-- expect-none: node-not-ready
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'cordoned-1', 'True', '2026-11-01T00:00:00Z', 1, 'resources/_cluster/nodes.json');
INSERT INTO node_conditions VALUES
 (1, 'cordoned-1', 'Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', '2026-11-01T00:00:00Z', '2026-11-23T10:04:00Z');
