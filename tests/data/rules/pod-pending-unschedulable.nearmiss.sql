-- Pending only because it was just created and is being scheduled; and a
-- Pending pod already bound to a node (pulling images) is not unschedulable.
-- expect-none: pod-pending-unschedulable
INSERT INTO pods(bundle_id, namespace, name, created, node, phase, status, ready, file) VALUES
 (1, 'shop', 'fresh-1', '2026-11-23T10:04:59Z', NULL, 'Pending', 'Pending', 0, 'resources/shop/pods.json'),
 (1, 'shop', 'bound-1', '2026-11-23T10:00:00Z', 'ok-node-1', 'Pending', 'ContainerCreating', 0, 'resources/shop/pods.json');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Normal', 'Scheduled', 'Successfully assigned shop/bound-1 to ok-node-1', 1, '2026-11-23T10:00:00Z', '2026-11-23T10:00:00Z', 'Pod', 'shop', 'bound-1', 'resources/shop/events.json');
