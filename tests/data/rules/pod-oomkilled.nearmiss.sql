-- Exit code 137 from a SIGKILL that was not the OOM killer (a liveness
-- kill) must not be called OOM.
-- expect-none: pod-oomkilled
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file)
VALUES (1, 'shop', 'killed-1', 'ok-node-1', 'Running', 'Running', 1, 1, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, memory_limit, restart_count, ready,
                       state, last_state, last_reason, last_exit_code, last_finished)
VALUES (1, 'shop', 'killed-1', 'app', 'container', 134217728, 1, 1, 'running',
        'terminated', 'Error', 137, '2026-11-23T09:59:00Z');
