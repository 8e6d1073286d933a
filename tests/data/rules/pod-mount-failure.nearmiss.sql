-- A FailedMount early on, then the volume attached and the pod runs.
-- expect-none: pod-mount-failure
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, file) VALUES
 (1, 'shop', 'db-2', 'ok-node-1', 'Running', 'Running', 1, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, state) VALUES
 (1, 'shop', 'db-2', 'postgres', 'container', 1, 'running');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Warning', 'FailedMount', 'MountVolume.SetUp failed for volume "data": rpc error: code = Unavailable', 1, '2026-11-23T08:00:00Z', '2026-11-23T08:00:00Z', 'Pod', 'shop', 'db-2', 'resources/shop/events.json');
