-- DNS is healthy; an app crash-loops because its peer refuses connections
-- on an IP address: a connection error, not a DNS one, and no dns-failure.
-- expect-none: dns-failure
-- expect: pod-crashloop Pod shop/ingest-1
-- expect-no-link: pod-crashloop Pod shop/ingest-1 dns-failure
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, labels, file) VALUES
 (1, 'shop', 'ingest-1', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 6, '{"app":"ingest"}', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, state_reason, last_state, last_reason, last_exit_code, last_finished) VALUES
 (1, 'shop', 'ingest-1', 'app', 'container', 0, 6, 'waiting', 'CrashLoopBackOff', 'terminated', 'Error', 1, '2026-11-23T10:00:11Z');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ingest-1', 'app', 1, 1, '2026-11-23T10:00:10Z', 'FATAL: cannot connect to queue: dial tcp 10.0.3.7:5672: connect: connection refused', 'logs/shop/ingest-1/app.previous.log');
