-- WaitForFirstConsumer: Pending by design until a pod uses it.
-- expect-none: pvc-pending
INSERT INTO pvcs VALUES (1, 'shop', 'later', 'u-pvc3', '2026-11-23T09:00:00Z', 'Pending', NULL, 'standard', '["ReadWriteOnce"]', 1073741824, NULL);
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', 5, '2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z', 'PersistentVolumeClaim', 'shop', 'later', 'resources/shop/events.json');
