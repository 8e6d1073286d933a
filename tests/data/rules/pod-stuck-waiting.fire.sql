-- A pod scheduled eight days before the collection is still
-- ContainerCreating; the FailedMount events that said why expired long
-- ago. A second pod has sat in Init:0/1 for three hours.
-- expect: pod-stuck-waiting Pod shop/report-builder-1
-- expect-summary: pod-stuck-waiting has been ContainerCreating for 8d 0h
-- expect-summary: pod-stuck-waiting no event about it is left
-- expect-evidence: pod-stuck-waiting container builder waiting: ContainerCreating
-- expect: pod-stuck-waiting Pod shop/trainer-init-0
-- expect-summary: pod-stuck-waiting has been Init:0/1 for 3h 0m
INSERT INTO pods(bundle_id, namespace, name, created, node, phase, status, ready, start_time, file) VALUES
 (1, 'shop', 'report-builder-1', '2026-11-15T10:04:00Z', 'ok-node-1', 'Pending', 'ContainerCreating', 0, '2026-11-15T10:05:00Z', 'resources/shop/pods.json'),
 (1, 'shop', 'trainer-init-0', '2026-11-23T07:00:00Z', 'ok-gpu-1', 'Pending', 'Init:0/1', 0, '2026-11-23T07:05:00Z', 'resources/shop/pods.json');
INSERT INTO pod_conditions VALUES
 (1, 'shop', 'report-builder-1', 'PodScheduled', 'True', NULL, NULL, '2026-11-15T10:05:00Z'),
 (1, 'shop', 'trainer-init-0', 'PodScheduled', 'True', NULL, NULL, '2026-11-23T07:05:00Z');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, state_reason) VALUES
 (1, 'shop', 'report-builder-1', 'builder', 'container', 0, 0, 'waiting', 'ContainerCreating'),
 (1, 'shop', 'trainer-init-0', 'fetch-weights', 'init', 0, 0, 'running', NULL),
 (1, 'shop', 'trainer-init-0', 'trainer', 'container', 0, 0, 'waiting', 'PodInitializing');
