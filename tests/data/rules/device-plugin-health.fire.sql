-- The plugin pod is Running and Ready; only its log says a GPU is gone.
-- expect: device-plugin-health Pod gpu-operator/nvidia-device-plugin-daemonset-x7k2p
-- expect-evidence: device-plugin-health XidCriticalError
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-x7k2p', 'ok-gpu-1', 'Running', 'Running', 1, 0, 'resources/gpu-operator/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-x7k2p', 'nvidia-device-plugin', 0, 40, '2026-11-23T09:00:00Z', 'I1123 09:00:00.000000       1 health.go:151] XidCriticalError: Xid=79 on Device=GPU-5e1c2a44-9f1d-7b3e-0c8a-2d4e6f801234; marking device as unhealthy.', 'logs/gpu-operator/nvidia-device-plugin-daemonset-x7k2p/nvidia-device-plugin.log');
