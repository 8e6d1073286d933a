-- A slow pull still in progress (ContainerCreating, Pulling event) is not a failure.
-- expect-none: pod-image-pull
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, file) VALUES
 (1, 'shop', 'bigmodel-1', 'ok-node-1', 'Pending', 'ContainerCreating', 0, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ready, state, state_reason) VALUES
 (1, 'shop', 'bigmodel-1', 'llm', 'container', 'vllm/vllm-openai:v0.6.3', 0, 'waiting', 'ContainerCreating');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Normal', 'Pulling', 'Pulling image "vllm/vllm-openai:v0.6.3"', 1, '2026-11-23T09:58:00Z', '2026-11-23T09:58:00Z', 'Pod', 'shop', 'bigmodel-1', 'resources/shop/events.json');
