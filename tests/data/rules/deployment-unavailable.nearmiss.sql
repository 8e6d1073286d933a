-- A rolling update one pod short but still Available: normal.
-- expect-none: deployment-unavailable
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, ready, available, updated, unavailable, file)
VALUES (1, 'Deployment', 'shop', 'rolling', 4, 5, 3, 3, 2, 1, 'resources/shop/deployments.apps.json');
INSERT INTO workload_conditions VALUES
 (1, 'Deployment', 'shop', 'rolling', 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', '2026-11-20T00:00:00Z'),
 (1, 'Deployment', 'shop', 'rolling', 'Progressing', 'True', 'ReplicaSetUpdated', 'ReplicaSet "rolling-2" is progressing.', '2026-11-23T10:04:00Z');
