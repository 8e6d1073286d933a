-- A claim naming a storage class that does not exist, and the pod waiting on it.
-- expect: pvc-pending PersistentVolumeClaim shop/model-cache
-- expect-evidence: pvc-pending premium-rwo
-- expect-affected: pvc-pending Pod shop/model-cache-1
-- expect: pod-pending-unschedulable Pod shop/model-cache-1
-- expect-root: pod-pending-unschedulable Pod shop/model-cache-1 pvc-pending
INSERT INTO pvcs VALUES (1, 'shop', 'model-cache', 'u-pvc2', '2026-11-23T09:00:00Z', 'Pending', NULL, 'premium-rwo', '["ReadWriteOnce"]', 107374182400, NULL);
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, volumes,
                 scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'model-cache-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0,
  '[{"name":"cache","persistentVolumeClaim":{"claimName":"model-cache"}}]', 'Unschedulable',
  '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
  'resources/shop/pods.json');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Warning', 'ProvisioningFailed', 'storageclass.storage.k8s.io "premium-rwo" not found', 30, '2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z', 'PersistentVolumeClaim', 'shop', 'model-cache', 'resources/shop/events.json');
-- A claim younger than the pod that waits for it (recreated, or the
-- scheduler's clock ahead): the scheduler names unbound claims, so the
-- claim is still the pod's root, outside the 10-minute window.
-- expect: pvc-pending PersistentVolumeClaim shop/datasets
-- expect: pod-pending-unschedulable Pod shop/loader-1
-- expect-root: pod-pending-unschedulable Pod shop/loader-1 pvc-pending
-- Its Deployment names the pod, and goes up the chain to the claim.
-- expect: deployment-unavailable Deployment shop/loader
-- expect-root: deployment-unavailable Deployment shop/loader pvc-pending
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, ready, available, updated, unavailable, file)
VALUES (1, 'Deployment', 'shop', 'loader', 1, 1, 0, 0, 1, 1, 'resources/shop/deployments.apps.json');
INSERT INTO workload_conditions VALUES
 (1, 'Deployment', 'shop', 'loader', 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', '2026-11-23T09:00:00Z');
INSERT INTO owners VALUES (1, 'Pod', 'shop', 'loader-1', 'ReplicaSet', 'loader-5d9', NULL, 1),
                          (1, 'ReplicaSet', 'shop', 'loader-5d9', 'Deployment', 'loader', NULL, 1);
INSERT INTO pvcs VALUES (1, 'shop', 'datasets', 'u-pvc3', '2026-11-23T13:00:00Z', 'Pending', NULL, 'premium-rwo', '["ReadWriteOnce"]', 107374182400, NULL);
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, volumes,
                 scheduled_condition_reason, scheduled_condition_message, file,
                 owner_kind, owner_name) VALUES
 (1, 'shop', 'loader-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0,
  '[{"name":"tmp","emptyDir":{}},{"name":"data","persistentVolumeClaim":{"claimName":"datasets"}}]', 'Unschedulable',
  '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
  'resources/shop/pods.json', 'ReplicaSet', 'loader-5d9');
