-- A pod whose container dies at start because an environment variable is
-- missing (the Python KeyError phrasing), plus a Go service that says it
-- in words, each crash-looping.
-- expect: pod-crashloop Pod shop/api-7c9-x1
-- expect-summary: pod-crashloop missing environment variable DATABASE_URL
-- expect-evidence: pod-crashloop KeyError: 'DATABASE_URL'
-- expect-evidence: pod-crashloop Back-off restarting failed container
-- expect: pod-crashloop Pod shop/gateway-1
-- expect-summary: pod-crashloop missing environment variable REDIS_HOST
-- expect: pod-crashloop Pod shop/worker-1
-- expect-summary: pod-crashloop port already in use
-- expect: pod-crashloop Pod shop/loader-1
-- expect-summary: pod-crashloop missing module
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready,
                 restarts, owner_kind, owner_name, labels, file)
VALUES (1, 'shop', 'api-7c9-x1', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 7,
        'ReplicaSet', 'api-7c9', '{"app":"api"}', 'resources/shop/pods.json'),
       (1, 'shop', 'gateway-1', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 4,
        NULL, NULL, '{"app":"gateway"}', 'resources/shop/pods.json'),
       (1, 'shop', 'worker-1', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 9,
        NULL, NULL, '{"app":"worker"}', 'resources/shop/pods.json'),
       (1, 'shop', 'loader-1', 'ok-node-1', 'Running', 'Error', 0, 5,
        NULL, NULL, '{"app":"loader"}', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, restart_count,
                       ready, state, state_reason, state_message, last_state,
                       last_reason, last_exit_code, last_finished)
VALUES (1, 'shop', 'api-7c9-x1', 'api', 'container', 7, 0, 'waiting',
        'CrashLoopBackOff', 'back-off 5m0s restarting failed container',
        'terminated', 'Error', 1, '2026-11-23T09:58:00Z'),
       (1, 'shop', 'gateway-1', 'gw', 'container', 4, 0, 'waiting',
        'CrashLoopBackOff', NULL, 'terminated', 'Error', 2, '2026-11-23T09:57:00Z'),
       (1, 'shop', 'worker-1', 'worker', 'container', 9, 0, 'waiting',
        'CrashLoopBackOff', NULL, 'terminated', 'Error', 1, '2026-11-23T09:57:00Z'),
       (1, 'shop', 'loader-1', 'loader', 'container', 5, 0, 'waiting',
        'ContainerCreating', NULL, 'terminated', 'Error', 1, '2026-11-23T09:57:00Z');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'api-7c9-x1', 'api', 1, 1, '2026-11-23T09:57:59Z', 'Traceback (most recent call last):', 'logs/shop/api-7c9-x1/api.previous.log'),
 (1, 'shop', 'api-7c9-x1', 'api', 1, 2, '2026-11-23T09:57:59Z', '  File "main.py", line 16, in <module>', 'logs/shop/api-7c9-x1/api.previous.log'),
 (1, 'shop', 'api-7c9-x1', 'api', 1, 3, '2026-11-23T09:57:59Z', '    DB = os.environ["DATABASE_URL"]', 'logs/shop/api-7c9-x1/api.previous.log'),
 (1, 'shop', 'api-7c9-x1', 'api', 1, 4, '2026-11-23T09:57:59Z', 'KeyError: ''DATABASE_URL''', 'logs/shop/api-7c9-x1/api.previous.log'),
 (1, 'shop', 'gateway-1', 'gw', 1, 1, '2026-11-23T09:56:59Z', '{"level":"fatal","msg":"required environment variable REDIS_HOST is not set"}', 'logs/shop/gateway-1/gw.previous.log'),
 (1, 'shop', 'worker-1', 'worker', 1, 1, '2026-11-23T09:56:59Z', 'listen tcp 0.0.0.0:8080: bind: address already in use', 'logs/shop/worker-1/worker.previous.log'),
 (1, 'shop', 'loader-1', 'loader', 1, 1, '2026-11-23T09:56:59Z', 'Error: Cannot find module ''express''', 'logs/shop/loader-1/loader.previous.log');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Warning', 'BackOff', 'Back-off restarting failed container api in pod api-7c9-x1_shop', 31, '2026-11-23T09:30:00Z', '2026-11-23T09:58:30Z', 'Pod', 'shop', 'api-7c9-x1', 'resources/shop/events.json');
-- more phrasings of a missing variable, from other languages and libraries
-- expect-summary: pod-crashloop missing environment variable KAFKA_BROKERS
-- expect-summary: pod-crashloop missing environment variable POSTGRES_DSN
-- expect-summary: pod-crashloop missing environment variable DB_PASSWORD
-- expect-summary: pod-crashloop missing environment variable OPENAI_API_KEY
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'shop', 'java-1', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 3, 'resources/shop/pods.json'),
 (1, 'shop', 'go-1', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 3, 'resources/shop/pods.json'),
 (1, 'shop', 'node-1', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 3, 'resources/shop/pods.json'),
 (1, 'shop', 'rust-1', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 3, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, restart_count, ready, state, state_reason, last_state, last_reason, last_exit_code) VALUES
 (1, 'shop', 'java-1', 'app', 'container', 3, 0, 'waiting', 'CrashLoopBackOff', 'terminated', 'Error', 1),
 (1, 'shop', 'go-1', 'app', 'container', 3, 0, 'waiting', 'CrashLoopBackOff', 'terminated', 'Error', 1),
 (1, 'shop', 'node-1', 'app', 'container', 3, 0, 'waiting', 'CrashLoopBackOff', 'terminated', 'Error', 1),
 (1, 'shop', 'rust-1', 'app', 'container', 3, 0, 'waiting', 'CrashLoopBackOff', 'terminated', 'Error', 101);
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'java-1', 'app', 1, 1, NULL, 'Exception in thread "main" java.lang.IllegalStateException: Environment variable ''KAFKA_BROKERS'' is not defined', 'logs/shop/java-1/app.previous.log'),
 (1, 'shop', 'go-1', 'app', 1, 1, NULL, 'time="2026-11-23T09:00:00Z" level=fatal msg="config: envconfig: required key POSTGRES_DSN missing value"', 'logs/shop/go-1/app.previous.log'),
 (1, 'shop', 'node-1', 'app', 1, 1, NULL, 'ERROR Error: Missing env var DB_PASSWORD', 'logs/shop/node-1/app.previous.log'),
 (1, 'shop', 'rust-1', 'app', 1, 1, NULL, 'thread ''main'' panicked at src/main.rs:12: OPENAI_API_KEY must be set', 'logs/shop/rust-1/app.previous.log');
