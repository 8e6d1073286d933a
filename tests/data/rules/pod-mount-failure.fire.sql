-- expect: pod-mount-failure Pod shop/db-1
-- expect-evidence: pod-mount-failure Multi-Attach error
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, file) VALUES
 (1, 'shop', 'db-1', 'ok-node-1', 'Pending', 'ContainerCreating', 0, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, state, state_reason) VALUES
 (1, 'shop', 'db-1', 'postgres', 'container', 0, 'waiting', 'ContainerCreating');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Warning', 'FailedAttachVolume', 'Multi-Attach error for volume "pvc-123" Volume is already exclusively attached to one node and can''t be attached to another', 5, '2026-11-23T09:40:00Z', '2026-11-23T09:59:00Z', 'Pod', 'shop', 'db-1', 'resources/shop/events.json'),
 (1, 'shop', 'Warning', 'FailedMount', 'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data]: timed out waiting for the condition', 5, '2026-11-23T09:42:00Z', '2026-11-23T09:59:00Z', 'Pod', 'shop', 'db-1', 'resources/shop/events.json');
