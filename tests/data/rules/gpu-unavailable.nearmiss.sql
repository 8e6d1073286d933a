-- All 8 GPUs allocatable, device plugin ready (it logged an old error once).
-- expect-none: gpu-unavailable
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-ok', 'ok-gpu-1', 'Running', 'Running', 1, 1, 'resources/gpu-operator/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-ok', 'nvidia-device-plugin-ctr', 1, 1, '2026-11-22T09:59:00Z', 'E1122 09:59:00.004212       1 main.go:133] failed to initialize NVML: ERROR_LIBRARY_NOT_FOUND', 'logs/gpu-operator/nvidia-device-plugin-daemonset-ok/nvidia-device-plugin-ctr.previous.log');
