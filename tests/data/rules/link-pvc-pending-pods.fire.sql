-- A claim naming a storage class that does not exist, and the pod that
-- mounts it, Pending.
-- expect-link: pod-pending-unschedulable Pod shop/model-cache-1 pvc-pending pvc-pending-pods
-- expect-reason: pvc-pending-pods Pod shop/model-cache-1 mounts claim model-cache, Pending since 09:00:00
-- expect-incident-root: pvc-pending PersistentVolumeClaim shop/model-cache
INSERT INTO pvcs VALUES (1, 'shop', 'model-cache', 'u-pvc2', '2026-11-23T09:00:00Z', 'Pending', NULL, 'premium-rwo', '["ReadWriteOnce"]', 107374182400, NULL);
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, volumes,
                 scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'model-cache-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0,
  '[{"name":"cache","persistentVolumeClaim":{"claimName":"model-cache"}}]', 'Unschedulable',
  '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
  'resources/shop/pods.json');
