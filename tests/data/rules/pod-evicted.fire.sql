-- expect: pod-evicted Pod shop/notebook-1
-- expect-summary: pod-evicted low on memory
INSERT INTO pods(bundle_id, namespace, name, node, phase, reason, message, status, ready, file) VALUES
 (1, 'shop', 'notebook-1', 'ok-node-1', 'Failed', 'Evicted', 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 52Mi. Container notebook was using 6Gi, request is 1Gi.', 'Evicted', 0, 'resources/shop/pods.json');
