-- Deleted 20 seconds before collection: still inside the grace period.
-- expect-none: pod-terminating-stuck
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, deleted, file) VALUES
 (1, 'shop', 'leaving-1', 'ok-node-1', 'Running', 'Terminating', 0, '2026-11-23T10:04:40Z', 'resources/shop/pods.json');
