-- An init container that completed (exit 0); the app runs.
-- expect-none: pod-init-failure
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, file) VALUES
 (1, 'shop', 'migrated-1', 'ok-node-1', 'Running', 'Running', 1, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, state_reason, state_exit_code) VALUES
 (1, 'shop', 'migrated-1', 'db-migrate', 'init', 0, 0, 'terminated', 'Completed', 0),
 (1, 'shop', 'migrated-1', 'app', 'container', 1, 0, 'running', NULL, NULL);
