-- GPU shortage, a node selector nobody matches, and a taint.
-- expect: pod-pending-unschedulable Pod shop/llama-70b-1
-- expect-evidence: pod-pending-unschedulable Insufficient nvidia.com/gpu
-- expect: pod-pending-unschedulable Pod shop/trainer-a100-1
-- expect-evidence: pod-pending-unschedulable nvidia-a100
-- expect-summary: pod-pending-unschedulable node selector
-- expect: pod-pending-unschedulable Pod shop/tainted-1
-- expect-summary: pod-pending-unschedulable taints
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, gpu_request,
                 scheduled_condition_reason, scheduled_condition_message, node_selector, tolerations, file) VALUES
 (1, 'shop', 'llama-70b-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0, 8, 'Unschedulable',
  '0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) didn''t match Pod''s node affinity/selector.', '{}', '[]', 'resources/shop/pods.json'),
 (1, 'shop', 'trainer-a100-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0, 1, NULL, NULL,
  '{"gpu":"nvidia-a100"}', '[]', 'resources/shop/pods.json'),
 (1, 'shop', 'tainted-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0, 0, 'Unschedulable',
  '0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: infra}. preemption: 0/2 nodes are available.', '{}', '[]', 'resources/shop/pods.json');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Warning', 'FailedScheduling', '0/3 nodes are available: 3 node(s) didn''t match Pod''s node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.', 12, '2026-11-23T09:00:00Z', '2026-11-23T09:59:00Z', 'Pod', 'shop', 'trainer-a100-1', 'resources/shop/events.json');
