-- A typo'd image (not found) and a private registry without credentials.
-- expect: pod-image-pull Pod shop/registry-1
-- expect-evidence: pod-image-pull nignx:1.21
-- expect-summary: pod-image-pull not found
-- expect: pod-image-pull Pod shop/private-1
-- expect-summary: pod-image-pull authentication
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, file) VALUES
 (1, 'shop', 'registry-1', 'ok-node-1', 'Pending', 'ImagePullBackOff', 0, 'resources/shop/pods.json'),
 (1, 'shop', 'private-1', 'ok-node-1', 'Pending', 'ErrImagePull', 0, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ready, state, state_reason, state_message) VALUES
 (1, 'shop', 'registry-1', 'web', 'container', 'nignx:1.21', 0, 'waiting', 'ImagePullBackOff', 'Back-off pulling image "nignx:1.21"'),
 (1, 'shop', 'private-1', 'app', 'container', 'registry.corp.example/team/app:3', 0, 'waiting', 'ErrImagePull', NULL);
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Warning', 'Failed', 'Failed to pull image "nignx:1.21": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nignx:1.21": failed to resolve reference "docker.io/library/nignx:1.21": docker.io/library/nignx:1.21: not found', 4, '2026-11-23T09:50:00Z', '2026-11-23T09:58:00Z', 'Pod', 'shop', 'registry-1', 'resources/shop/events.json'),
 (1, 'shop', 'Warning', 'Failed', 'Failed to pull image "registry.corp.example/team/app:3": failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized', 2, '2026-11-23T09:50:00Z', '2026-11-23T09:58:00Z', 'Pod', 'shop', 'private-1', 'resources/shop/events.json');
