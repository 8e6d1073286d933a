-- A plugin that starts, registers and skips an application Xid it is
-- told to ignore: nothing was marked unhealthy.
-- expect-none: device-plugin-health
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'gpu-operator', 'ok-device-plugin-0', 'nvidia-device-plugin', 0, 1, '2026-11-23T09:00:00Z', 'I1123 09:00:00.000000       1 server.go:165] Registered device plugin for ''nvidia.com/gpu'' with Kubelet', 'logs/gpu-operator/ok-device-plugin-0/nvidia-device-plugin.log'),
 (1, 'gpu-operator', 'ok-device-plugin-0', 'nvidia-device-plugin', 0, 2, '2026-11-23T09:00:01Z', 'I1123 09:00:01.000000       1 health.go:120] Skipping non-critical Xid=31 on Device=GPU-5e1c2a44 (application error)', 'logs/gpu-operator/ok-device-plugin-0/nvidia-device-plugin.log');
