-- The same health line, but from the plugin on gpu-8, a node without an
-- Xid: the Xid on gpu-7 does not explain it.
-- expect: device-plugin-health Pod gpu-operator/nvidia-device-plugin-a1
-- expect-no-link: device-plugin-health Pod gpu-operator/nvidia-device-plugin-a1 gpu-xid
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-7', 'nvidia.com/gpu', 8, 8, '8', '8');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-8', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-7', '0000:3b:00', 79, '2026-11-23T10:02:11Z', 1234, 'python', 'NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-7/logs/kern.log');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, gpu_request, start_time, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-a1', 'gpu-8', 'Running', 'Running', 1, 0, 0, '2026-11-01T00:00:00Z', 'resources/gpu-operator/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-a1', 'nvidia-device-plugin', 0, 1, '2026-11-23T10:02:11Z', 'I1123 10:02:11.927090 1 health.go:130] XidCriticalError: Xid=79 on Device=GPU-8c4a1e2f-93b1-4c6e-b7a0-5d2f9e1c3a47; marking device as unhealthy.', 'logs/gpu-operator/nvidia-device-plugin-a1/nvidia-device-plugin.log');
