-- The kubelet of ip-10-0-12-118 stopped posting status at 09:40; the pod
-- deleted on it at 09:46 cannot finish terminating.
-- expect-link: pod-terminating-stuck Pod shop/summarizer-9x node-not-ready node-not-ready-pods
-- expect-reason: node-not-ready-pods Pod shop/summarizer-9x runs on ip-10-0-12-118, NotReady since 09:40:00
-- expect-incident-root: node-not-ready Node -/ip-10-0-12-118
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'ip-10-0-12-118', 'Unknown', '2026-11-23T09:40:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_conditions VALUES
 (1, 'ip-10-0-12-118', 'Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', '2026-11-23T09:40:00Z', '2026-11-23T09:38:00Z');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, deleted, file) VALUES
 (1, 'shop', 'summarizer-9x', 'ip-10-0-12-118', 'Running', 'Terminating', 0, '2026-11-23T09:46:00Z', 'resources/shop/pods.json');
