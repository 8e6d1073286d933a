-- The kubelet stopped posting status; the pods on the node are affected
-- and their findings explained by it.
-- expect: node-not-ready Node -/ip-10-0-12-118
-- expect-evidence: node-not-ready Kubelet stopped posting node status
-- expect-affected: node-not-ready Pod shop/summarizer-9x
-- expect: pod-terminating-stuck Pod shop/summarizer-9x
-- expect-root: pod-terminating-stuck Pod shop/summarizer-9x node-not-ready
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'ip-10-0-12-118', 'Unknown', '2026-11-23T09:40:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_conditions VALUES
 (1, 'ip-10-0-12-118', 'Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', '2026-11-23T09:40:00Z', '2026-11-23T09:38:00Z');
INSERT INTO node_taints VALUES (1, 'ip-10-0-12-118', 'node.kubernetes.io/unreachable', NULL, 'NoExecute', '2026-11-23T09:40:00Z');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, deleted, file) VALUES
 (1, 'shop', 'summarizer-9x', 'ip-10-0-12-118', 'Running', 'Terminating', 0, '2026-11-23T09:46:00Z', 'resources/shop/pods.json'),
 (1, 'kube-system', 'kube-proxy-abc', 'ip-10-0-12-118', 'Running', 'Running', 0, NULL, 'resources/kube-system/pods.json');
