-- expect: pod-liveness-restarts Pod shop/fastapi-1
-- expect-evidence: pod-liveness-restarts Liveness probe failed
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'shop', 'fastapi-1', 'ok-node-1', 'Running', 'Running', 1, 3, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, liveness_probe, ready, restart_count, state, last_state, last_reason, last_exit_code) VALUES
 (1, 'shop', 'fastapi-1', 'api', 'container', '{"httpGet":{"path":"/health","port":8080}}', 1, 3, 'running', 'terminated', 'Error', 137);
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, object_field, file) VALUES
 (1, 'shop', 'Warning', 'Unhealthy', 'Liveness probe failed: Get "http://10.1.0.9:8080/health": dial tcp 10.1.0.9:8080: connect: connection refused', 9, '2026-11-23T09:00:00Z', '2026-11-23T09:50:00Z', 'Pod', 'shop', 'fastapi-1', 'spec.containers{api}', 'resources/shop/events.json'),
 (1, 'shop', 'Normal', 'Killing', 'Container api failed liveness probe, will be restarted', 3, '2026-11-23T09:00:00Z', '2026-11-23T09:50:00Z', 'Pod', 'shop', 'fastapi-1', 'spec.containers{api}', 'resources/shop/events.json');
