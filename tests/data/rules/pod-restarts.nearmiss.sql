-- Two restarts (a node reboot) are not instability.
-- expect-none: pod-restarts
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'shop', 'steady-1', 'ok-node-1', 'Running', 'Running', 1, 2, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, last_state, last_reason, last_exit_code) VALUES
 (1, 'shop', 'steady-1', 'app', 'container', 1, 2, 'running', 'terminated', 'Unknown', 255);
