-- A node is NotReady, and a pod is stuck terminating on another node
-- (ok-node-1, healthy, a finalizer holds it): the node does not explain it.
-- expect: node-not-ready Node -/ip-10-0-12-118
-- expect: pod-terminating-stuck Pod shop/stuck-1
-- expect-no-link: pod-terminating-stuck Pod shop/stuck-1 node-not-ready
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'ip-10-0-12-118', 'Unknown', '2026-11-23T09:40:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_conditions VALUES
 (1, 'ip-10-0-12-118', 'Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', '2026-11-23T09:40:00Z', '2026-11-23T09:38:00Z');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, deleted, file) VALUES
 (1, 'shop', 'stuck-1', 'ok-node-1', 'Running', 'Terminating', 0, '2026-11-23T09:46:00Z', 'resources/shop/pods.json');
INSERT INTO objects(bundle_id, kind, resource, namespace, name, json, file) VALUES
 (1, 'Pod', 'pods', 'shop', 'stuck-1', '{"metadata":{"name":"stuck-1","finalizers":["example.com/block"]}}', 'resources/shop/pods.json');
