-- One failed liveness probe, never restarted: the kubelet tolerated it.
-- expect-none: pod-liveness-restarts
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'shop', 'blip-1', 'ok-node-1', 'Running', 'Running', 1, 0, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state) VALUES
 (1, 'shop', 'blip-1', 'api', 'container', 1, 0, 'running');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Warning', 'Unhealthy', 'Liveness probe failed: context deadline exceeded', 1, '2026-11-23T09:00:00Z', '2026-11-23T09:00:00Z', 'Pod', 'shop', 'blip-1', 'resources/shop/events.json');
