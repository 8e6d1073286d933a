-- expect: pod-init-failure Pod shop/migrate-1
-- expect-evidence: pod-init-failure could not connect to server
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, file) VALUES
 (1, 'shop', 'migrate-1', 'ok-node-1', 'Pending', 'Init:CrashLoopBackOff', 0, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, state_reason, last_state, last_exit_code, last_finished) VALUES
 (1, 'shop', 'migrate-1', 'db-migrate', 'init', 0, 6, 'waiting', 'CrashLoopBackOff', 'terminated', 2, '2026-11-23T09:58:00Z'),
 (1, 'shop', 'migrate-1', 'app', 'container', 0, 0, 'waiting', 'PodInitializing', NULL, NULL, NULL);
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'migrate-1', 'db-migrate', 1, 1, '2026-11-23T09:57:59Z', 'psql: error: could not connect to server: Connection refused', 'logs/shop/migrate-1/db-migrate.previous.log');
