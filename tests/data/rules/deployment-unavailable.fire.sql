-- A deployment whose only pod crash-loops: the deployment is explained by the pod.
-- expect: deployment-unavailable Deployment shop/feature-store
-- expect: pod-crashloop Pod shop/feature-store-6f7-abcde
-- expect-root: deployment-unavailable Deployment shop/feature-store pod-crashloop
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, ready, available, updated, unavailable, file)
VALUES (1, 'Deployment', 'shop', 'feature-store', 1, 1, 0, 0, 1, 1, 'resources/shop/deployments.apps.json');
INSERT INTO workload_conditions VALUES
 (1, 'Deployment', 'shop', 'feature-store', 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', '2026-11-23T09:00:00Z');
INSERT INTO owners VALUES (1, 'Pod', 'shop', 'feature-store-6f7-abcde', 'ReplicaSet', 'feature-store-6f7', NULL, 1),
                          (1, 'ReplicaSet', 'shop', 'feature-store-6f7', 'Deployment', 'feature-store', NULL, 1);
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, owner_kind, owner_name, file) VALUES
 (1, 'shop', 'feature-store-6f7-abcde', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 9, 'ReplicaSet', 'feature-store-6f7', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, state_reason, last_state, last_reason, last_exit_code, last_finished) VALUES
 (1, 'shop', 'feature-store-6f7-abcde', 'app', 'container', 0, 9, 'waiting', 'CrashLoopBackOff', 'terminated', 'Error', 1, '2026-11-23T09:59:00Z');
