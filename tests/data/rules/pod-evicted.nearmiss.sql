-- A pod that failed for its own reasons (exit 1) is not an eviction.
-- expect-none: pod-evicted
INSERT INTO pods(bundle_id, namespace, name, node, phase, reason, message, status, ready, file) VALUES
 (1, 'shop', 'batch-1', 'ok-node-1', 'Failed', NULL, NULL, 'Error', 0, 'resources/shop/pods.json');
