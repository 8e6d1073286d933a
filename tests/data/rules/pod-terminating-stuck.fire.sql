-- expect: pod-terminating-stuck Pod shop/stuck-1
-- expect-summary: pod-terminating-stuck finalizers
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, deleted, file) VALUES
 (1, 'shop', 'stuck-1', 'ok-node-1', 'Running', 'Terminating', 0, '2026-11-23T08:00:00Z', 'resources/shop/pods.json');
INSERT INTO objects(bundle_id, kind, resource, namespace, name, json, file) VALUES
 (1, 'Pod', 'pods', 'shop', 'stuck-1', '{"metadata":{"name":"stuck-1","finalizers":["example.com/block"]}}', 'resources/shop/pods.json');
