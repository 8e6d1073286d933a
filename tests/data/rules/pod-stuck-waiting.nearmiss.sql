-- Pods starting normally: ContainerCreating for 4 minutes (a large image
-- being pulled), an init container downloading weights for 50 minutes
-- (under the 2 hours allowed to Init:N/M), and a pod ContainerCreating
-- for a day but already being deleted (stuck termination is another rule's).
-- expect-none: pod-stuck-waiting
INSERT INTO pods(bundle_id, namespace, name, created, node, phase, status, ready, start_time, file) VALUES
 (1, 'shop', 'vllm-new-1', '2026-11-23T10:00:00Z', 'ok-gpu-1', 'Pending', 'ContainerCreating', 0, '2026-11-23T10:01:00Z', 'resources/shop/pods.json'),
 (1, 'shop', 'trainer-init-0', '2026-11-23T09:10:00Z', 'ok-gpu-1', 'Pending', 'Init:0/1', 0, '2026-11-23T09:15:00Z', 'resources/shop/pods.json');
INSERT INTO pods(bundle_id, namespace, name, created, deleted, node, phase, status, ready, start_time, file) VALUES
 (1, 'shop', 'old-1', '2026-11-22T09:00:00Z', '2026-11-23T10:04:00Z', 'ok-node-1', 'Pending', 'ContainerCreating', 0, '2026-11-22T09:00:00Z', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, state_reason) VALUES
 (1, 'shop', 'vllm-new-1', 'vllm', 'container', 0, 0, 'waiting', 'ContainerCreating');
