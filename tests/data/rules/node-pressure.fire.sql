-- expect: node-pressure Node -/ip-10-0-6-151
-- expect-evidence: node-pressure MemoryPressure
-- expect: pod-evicted Pod shop/notebook-2
-- expect-root: pod-evicted Pod shop/notebook-2 node-pressure
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'ip-10-0-6-151', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_conditions VALUES
 (1, 'ip-10-0-6-151', 'Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', '2026-11-01T00:00:00Z', '2026-11-23T10:04:00Z'),
 (1, 'ip-10-0-6-151', 'MemoryPressure', 'True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available', '2026-11-23T09:20:00Z', '2026-11-23T10:04:00Z');
INSERT INTO pods(bundle_id, namespace, name, node, phase, reason, message, status, ready, file) VALUES
 (1, 'shop', 'notebook-2', 'ip-10-0-6-151', 'Failed', 'Evicted', 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 40Mi.', 'Evicted', 0, 'resources/shop/pods.json');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Warning', 'Evicted', 'The node was low on resource: memory.', 1, '2026-11-23T09:25:00Z', '2026-11-23T09:25:00Z', 'Pod', 'shop', 'notebook-2', 'resources/shop/events.json');
