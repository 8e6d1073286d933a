-- expect: pod-restarts Pod shop/flaky-1
-- expect-summary: pod-restarts restarted 189 times
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'shop', 'flaky-1', 'ok-node-1', 'Running', 'Running', 1, 189, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, last_state, last_reason, last_exit_code, last_finished) VALUES
 (1, 'shop', 'flaky-1', 'app', 'container', 1, 189, 'running', 'terminated', 'Error', 255, '2026-11-23T09:00:00Z');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'flaky-1', 'app', 1, 1, '2026-11-23T08:59:59Z', 'panic: runtime error: invalid memory address or nil pointer dereference', 'logs/shop/flaky-1/app.previous.log');
