-- Two restarts (a node reboot) are not instability.
-- expect-none-severe: pod-restarts
-- expect-summary: pod-restarts container runtime restarted, not the application
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'shop', 'steady-1', 'ok-node-1', 'Running', 'Running', 1, 2, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, last_state, last_reason, last_exit_code) VALUES
 (1, 'shop', 'steady-1', 'app', 'container', 1, 2, 'running', 'terminated', 'Unknown', 255);
-- (and: a node restart that took every container down at once is info, not a warning)
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'shop', 'proxy-1', 'ok-node-1', 'Running', 'Running', 1, 96, 'resources/shop/pods.json'),
 (1, 'shop', 'proxy-2', 'ok-node-1', 'Running', 'Running', 1, 96, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, last_state, last_reason, last_exit_code, last_finished) VALUES
 (1, 'shop', 'proxy-1', 'lb', 'container', 1, 96, 'running', 'terminated', 'Unknown', 255, '2026-11-23T09:42:35Z'),
 (1, 'shop', 'proxy-2', 'lb', 'container', 1, 96, 'running', 'terminated', 'Unknown', 255, '2026-11-23T09:42:36Z');
