-- expect: pod-oomkilled Pod shop/summarizer-1
-- expect-evidence: pod-oomkilled 137
-- expect-evidence: pod-oomkilled 128Mi
-- expect-summary: pod-oomkilled memory limit of 128Mi
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file)
VALUES (1, 'shop', 'summarizer-1', 'ok-node-1', 'Running', 'OOMKilled', 0, 4, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, memory_limit, restart_count, ready,
                       state, state_reason, last_state, last_reason, last_exit_code, last_finished)
VALUES (1, 'shop', 'summarizer-1', 'app', 'container', 134217728, 4, 0, 'waiting',
        'CrashLoopBackOff', 'terminated', 'OOMKilled', 137, '2026-11-23T09:59:00Z');
