-- A CreateContainerError from the runtime that has nothing to do with config objects.
-- expect-none: pod-config-error
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, file) VALUES
 (1, 'shop', 'runtime-1', 'ok-node-1', 'Pending', 'CreateContainerError', 0, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, state, state_reason, state_message) VALUES
 (1, 'shop', 'runtime-1', 'app', 'container', 0, 'waiting', 'CreateContainerError', 'context deadline exceeded');
