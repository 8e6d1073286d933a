-- The device plugin cannot load NVML; allocatable drops to 0.
-- expect: gpu-unavailable Node -/gpu-onyx-1
-- expect-evidence: gpu-unavailable nvidia.com/gpu
-- expect-evidence: gpu-unavailable NVML
-- expect-affected: gpu-unavailable Pod gpu-operator/nvidia-device-plugin-daemonset-q2w
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-onyx-1', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-onyx-1', 'nvidia.com/gpu', 8, 0, '8', '0');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-q2w', 'gpu-onyx-1', 'Running', 'CrashLoopBackOff', 0, 23, 'resources/gpu-operator/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-q2w', 'nvidia-device-plugin-ctr', 1, 1, '2026-11-23T09:59:00Z', 'I1123 09:59:00.000001       1 main.go:154] Starting FS watcher.', 'logs/gpu-operator/nvidia-device-plugin-daemonset-q2w/nvidia-device-plugin-ctr.previous.log'),
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-q2w', 'nvidia-device-plugin-ctr', 1, 2, '2026-11-23T09:59:00Z', 'E1123 09:59:00.004212       1 main.go:133] failed to initialize NVML: ERROR_LIBRARY_NOT_FOUND', 'logs/gpu-operator/nvidia-device-plugin-daemonset-q2w/nvidia-device-plugin-ctr.previous.log');
