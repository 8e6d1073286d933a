-- A throttled GPU (HW thermal slowdown) whose pods are healthy, and one
-- whose pod restarted six hours before the reading: throttling alone is
-- gpu-thermal's finding; a restart long before it is not its effect. The
-- power cap (0x04) alone is normal under load.
-- expect-none: gpu-throttle-impact
INSERT INTO metrics(bundle_id, source, node, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'gpu-9', 'DCGM_FI_DEV_CLOCK_THROTTLE_REASONS', '{"gpu":"0"}', 64, '2026-11-23T10:00:00Z'),
 (1, 'dcgm-exporter', 'gpu-10', 'DCGM_FI_DEV_CLOCK_THROTTLE_REASONS', '{"gpu":"0"}', 4, '2026-11-23T10:00:00Z');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-9', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json'),
 (1, 'gpu-10', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, gpu_request, start_time, file) VALUES
 (1, 'shop', 'steady-9', 'gpu-9', 'Running', 'Running', 1, 0, 1, '2026-11-23T05:00:00Z', 'resources/shop/pods.json'),
 (1, 'shop', 'early-9', 'gpu-9', 'Running', 'Running', 1, 1, 1, '2026-11-23T03:00:00Z', 'resources/shop/pods.json'),
 (1, 'shop', 'capped-10', 'gpu-10', 'Running', 'Running', 1, 2, 1, '2026-11-23T05:00:00Z', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, last_state, last_reason, last_exit_code, last_finished) VALUES
 (1, 'shop', 'steady-9', 'app', 'container', 1, 0, 'running', NULL, NULL, NULL, NULL),
 (1, 'shop', 'early-9', 'app', 'container', 1, 1, 'running', 'terminated', 'Error', 1, '2026-11-23T04:00:00Z'),
 (1, 'shop', 'capped-10', 'app', 'container', 1, 2, 'running', 'terminated', 'Error', 1, '2026-11-23T09:58:00Z');
