-- Restarted twice after a bad deploy, now running and ready: the old
-- crash lines are still in the previous log, but nothing is looping now.
-- expect-none: pod-crashloop
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready,
                 restarts, labels, file)
VALUES (1, 'shop', 'api-recovered', 'ok-node-1', 'Running', 'Running', 1, 2,
        '{"app":"api"}', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, restart_count,
                       ready, state, last_state, last_reason, last_exit_code,
                       last_finished)
VALUES (1, 'shop', 'api-recovered', 'api', 'container', 2, 1, 'running',
        'terminated', 'Error', 1, '2026-11-23T08:00:00Z');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'api-recovered', 'api', 1, 1, '2026-11-23T07:59:59Z', 'KeyError: ''DATABASE_URL''', 'logs/shop/api-recovered/api.previous.log');
