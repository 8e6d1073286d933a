-- expect: pod-not-ready Pod shop/tgi-1
-- expect-evidence: pod-not-ready Readiness probe failed
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, labels, file) VALUES
 (1, 'shop', 'tgi-1', 'ok-node-1', 'Running', 'Running', 0, '{"app":"tgi"}', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, readiness_probe, ready, started, restart_count, state, state_started) VALUES
 (1, 'shop', 'tgi-1', 'server', 'container', '{"httpGet":{"path":"/health","port":80}}', 0, 1, 0, 'running', '2026-11-23T09:00:00Z');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, object_field, file) VALUES
 (1, 'shop', 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 120, '2026-11-23T09:01:00Z', '2026-11-23T10:00:00Z', 'Pod', 'shop', 'tgi-1', 'spec.containers{server}', 'resources/shop/events.json');
