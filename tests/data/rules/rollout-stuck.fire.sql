-- expect: rollout-stuck Deployment shop/api
-- expect-evidence: rollout-stuck ProgressDeadlineExceeded
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, ready, available, updated, unavailable, file)
VALUES (1, 'Deployment', 'shop', 'api', 3, 4, 3, 3, 1, 1, 'resources/shop/deployments.apps.json');
INSERT INTO workload_conditions VALUES
 (1, 'Deployment', 'shop', 'api', 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', '2026-11-20T00:00:00Z'),
 (1, 'Deployment', 'shop', 'api', 'Progressing', 'False', 'ProgressDeadlineExceeded', 'ReplicaSet "api-7d8" has timed out progressing.', '2026-11-23T09:30:00Z');
