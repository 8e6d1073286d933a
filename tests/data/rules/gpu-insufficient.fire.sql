-- 8 GPUs requested; ok-gpu-1 has 8 with 2 in use: 6 free.
-- expect: gpu-insufficient Pod shop/llama-405b-1
-- expect-summary: gpu-insufficient only 6 are free
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, gpu_request, scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'llama-405b-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0, 8, 'Unschedulable', '0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) didn''t match Pod''s node affinity/selector.', 'resources/shop/pods.json');
