-- The device plugin on gpu-onyx-1 cannot load NVML, so the node
-- advertises 0 of its 8 GPUs; a pod asking for 8 is Pending on
-- "Insufficient nvidia.com/gpu" (ok-gpu-1 has only 6 free). The node's
-- missing GPUs would have fitted it: the failing plugin is its root.
-- expect-link: gpu-insufficient Pod shop/llama-70b-0 gpu-unavailable gpu-lost-pending
-- expect-reason: gpu-lost-pending because gpu-onyx-1 lost 8 of its 8 GPUs
-- expect-incident-root: gpu-unavailable Node -/gpu-onyx-1
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-onyx-1', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-onyx-1', 'nvidia.com/gpu', 8, 0, '8', '0');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-q2w', 'gpu-onyx-1', 'Running', 'CrashLoopBackOff', 0, 23, 'resources/gpu-operator/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-q2w', 'nvidia-device-plugin-ctr', 1, 1, '2026-11-23T09:59:00Z', 'E1123 09:59:00.004212       1 main.go:133] failed to initialize NVML: ERROR_LIBRARY_NOT_FOUND', 'logs/gpu-operator/nvidia-device-plugin-daemonset-q2w/nvidia-device-plugin-ctr.previous.log');
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, gpu_request, scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'llama-70b-0', '2026-11-23T10:00:00Z', 'Pending', 'Pending', 0, 8, 'Unschedulable', '0/3 nodes are available: 2 Insufficient nvidia.com/gpu, 1 node(s) didn''t match Pod''s node affinity/selector.', 'resources/shop/pods.json');
