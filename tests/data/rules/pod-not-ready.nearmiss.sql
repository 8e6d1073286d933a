-- Started 30 seconds ago, still inside its initial delay, no probe failure yet.
-- expect-none: pod-not-ready
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, file) VALUES
 (1, 'shop', 'starting-1', 'ok-node-1', 'Running', 'Running', 0, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, readiness_probe, ready, started, restart_count, state, state_started) VALUES
 (1, 'shop', 'starting-1', 'server', 'container', '{"httpGet":{"path":"/health","port":80},"initialDelaySeconds":60}', 0, 1, 0, 'running', '2026-11-23T10:04:30Z');
