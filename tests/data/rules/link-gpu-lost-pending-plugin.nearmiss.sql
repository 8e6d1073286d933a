-- The same failing device plugin, but the Pending pod asks for 16 GPUs:
-- no node of this cluster has 16, with or without the plugin.
-- expect: gpu-insufficient Pod shop/llama-405b-0
-- expect-no-link: gpu-insufficient Pod shop/llama-405b-0 gpu-unavailable
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-onyx-1', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-onyx-1', 'nvidia.com/gpu', 8, 0, '8', '0');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-q2w', 'gpu-onyx-1', 'Running', 'CrashLoopBackOff', 0, 23, 'resources/gpu-operator/pods.json');
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, gpu_request, scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'llama-405b-0', '2026-11-23T10:00:00Z', 'Pending', 'Pending', 0, 16, 'Unschedulable', '0/3 nodes are available: 2 Insufficient nvidia.com/gpu.', 'resources/shop/pods.json');
