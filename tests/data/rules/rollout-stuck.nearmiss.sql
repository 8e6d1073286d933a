-- A rollout in progress (Progressing=True, ReplicaSetUpdated).
-- expect-none: rollout-stuck
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, ready, available, updated, unavailable, file)
VALUES (1, 'Deployment', 'shop', 'api', 3, 4, 3, 3, 1, 1, 'resources/shop/deployments.apps.json');
INSERT INTO workload_conditions VALUES
 (1, 'Deployment', 'shop', 'api', 'Progressing', 'True', 'ReplicaSetUpdated', 'ReplicaSet "api-7d8" is progressing.', '2026-11-23T10:03:00Z');
