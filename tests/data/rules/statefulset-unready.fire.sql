-- expect: statefulset-unready StatefulSet shop/postgres
-- expect-summary: statefulset-unready 0 of 1 replicas ready
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, ready, file)
VALUES (1, 'StatefulSet', 'shop', 'postgres', 1, 1, 0, 'resources/shop/statefulsets.apps.json');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, owner_kind, owner_name, file) VALUES
 (1, 'shop', 'postgres-0', 'ok-node-1', 'Running', 'Running', 0, 'StatefulSet', 'postgres', 'resources/shop/pods.json');
