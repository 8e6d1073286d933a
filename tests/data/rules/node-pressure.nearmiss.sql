-- Pressure that ended (status False, recent transition) is not pressure.
-- expect-none: node-pressure
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'recovered-1', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_conditions VALUES
 (1, 'recovered-1', 'DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', '2026-11-23T09:50:00Z', '2026-11-23T10:04:00Z');
