-- Pending for a CPU reason while asking for one GPU: not a GPU shortage.
-- expect-none: gpu-insufficient
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, gpu_request, scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'cpu-heavy-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0, 1, 'Unschedulable', '0/2 nodes are available: 2 Insufficient cpu.', 'resources/shop/pods.json');
