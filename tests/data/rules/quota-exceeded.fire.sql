-- expect: quota-exceeded ResourceQuota shop/compute
-- expect-evidence: quota-exceeded exceeded quota
-- expect-evidence: quota-exceeded used 8 of hard 8
INSERT INTO quotas VALUES (1, 'shop', 'compute', 'requests.nvidia.com/gpu', 8, 8, '8', '8');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Warning', 'FailedCreate', 'Error creating: pods "trainer-5x" is forbidden: exceeded quota: compute, requested: requests.nvidia.com/gpu=4, used: requests.nvidia.com/gpu=8, limited: requests.nvidia.com/gpu=8', 14, '2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z', 'ReplicaSet', 'shop', 'trainer-5', 'resources/shop/events.json');
