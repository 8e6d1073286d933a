-- One pod Pending on "Insufficient nvidia.com/gpu": the scheduler's
-- refusal (pod-pending-unschedulable) and the GPU arithmetic
-- (gpu-insufficient) are two rules telling one fact about one pod. One
-- story: the refusal is explained by the shortage, one root, one incident.
-- expect: pod-pending-unschedulable Pod shop/llama-405b-1
-- expect-link: pod-pending-unschedulable Pod shop/llama-405b-1 gpu-insufficient same-subject
-- expect-reason: same-subject the scheduler's refusal is the GPU shortage
-- expect-incidents: 1
-- expect-incident-root: gpu-insufficient Pod shop/llama-405b-1
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, gpu_request, scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'llama-405b-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0, 8, 'Unschedulable', '0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) didn''t match Pod''s node affinity/selector.', 'resources/shop/pods.json');
