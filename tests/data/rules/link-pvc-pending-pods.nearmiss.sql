-- A Pending claim, and a Pending pod that mounts a different (bound)
-- claim and waits for CPU: the claim does not explain it.
-- expect: pvc-pending PersistentVolumeClaim shop/model-cache
-- expect: pod-pending-unschedulable Pod shop/cpu-hog-1
-- expect-no-link: pod-pending-unschedulable Pod shop/cpu-hog-1 pvc-pending
INSERT INTO pvcs VALUES (1, 'shop', 'model-cache', 'u-pvc2', '2026-11-23T09:00:00Z', 'Pending', NULL, 'premium-rwo', '["ReadWriteOnce"]', 107374182400, NULL);
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, volumes,
                 scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'model-cache-1', '2026-11-23T09:00:00Z', 'Pending', 'Pending', 0,
  '[{"name":"cache","persistentVolumeClaim":{"claimName":"model-cache"}}]', 'Unschedulable',
  '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
  'resources/shop/pods.json'),
 (1, 'shop', 'cpu-hog-1', '2026-11-23T09:10:00Z', 'Pending', 'Pending', 0,
  '[{"name":"data","persistentVolumeClaim":{"claimName":"other-data"}}]', 'Unschedulable',
  '0/2 nodes are available: 2 Insufficient cpu.',
  'resources/shop/pods.json');
