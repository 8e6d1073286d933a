-- Two Pending pods: one short of GPUs, the other of CPU. The GPU shortage
-- is not the other pod's refusal: same rules, different subjects, two
-- stories.
-- expect: gpu-insufficient Pod shop/llama-405b-1
-- expect: pod-pending-unschedulable Pod shop/cpu-heavy-1
-- expect-no-link: pod-pending-unschedulable Pod shop/cpu-heavy-1 gpu-insufficient
-- expect-incidents: 2
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, gpu_request, scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'llama-405b-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0, 8, 'Unschedulable', '0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) didn''t match Pod''s node affinity/selector.', 'resources/shop/pods.json'),
 (1, 'shop', 'cpu-heavy-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0, 0, 'Unschedulable', '0/2 nodes are available: 2 Insufficient cpu.', 'resources/shop/pods.json');
