-- analyze --since 09:30 --until 09:50 (absolute): the node that went
-- NotReady at 09:40 is in the window; the OOM kill at 09:59 and the claim
-- Pending since 08:00 and still Pending (a range that meets the window) are
-- handled by their times: the first is out, the second in. Evidence and
-- timeline rows outside the window go too.
-- expect: node-not-ready Node -/ip-10-0-12-118
-- expect: pvc-pending PersistentVolumeClaim shop/model-cache
-- expect-none: pod-oomkilled
-- expect-sql: SELECT count(*) = 0 FROM timeline WHERE substr(time, 1, 19) < '2026-11-23T09:30:00' OR substr(time, 1, 19) > '2026-11-23T09:50:00'
-- expect-sql: SELECT count(*) > 0 FROM timeline
-- expect-sql: SELECT count(*) = 0 FROM finding_evidence WHERE substr(time, 1, 19) > '2026-11-23T09:50:00'
-- expect-sql: SELECT count(*) = 0 FROM incidents i JOIN findings f ON f.id = i.root WHERE f.rule = 'pod-oomkilled'
INSERT INTO analysis_window VALUES ('2026-11-23T09:30:00Z', '2026-11-23T09:50:00Z', '2026-11-23T09:30:00Z', '20m');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'ip-10-0-12-118', 'Unknown', '2026-11-23T09:40:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_conditions VALUES
 (1, 'ip-10-0-12-118', 'Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', '2026-11-23T09:40:00Z', '2026-11-23T09:38:00Z');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file)
VALUES (1, 'shop', 'summarizer-1', 'ok-node-1', 'Running', 'OOMKilled', 0, 4, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, memory_limit, restart_count, ready,
                       state, state_reason, last_state, last_reason, last_exit_code, last_finished)
VALUES (1, 'shop', 'summarizer-1', 'app', 'container', 134217728, 4, 0, 'waiting',
        'CrashLoopBackOff', 'terminated', 'OOMKilled', 137, '2026-11-23T09:59:00Z');
INSERT INTO pvcs VALUES (1, 'shop', 'model-cache', 'u-pvc2', '2026-11-23T08:00:00Z', 'Pending', NULL, 'premium-rwo', '["ReadWriteOnce"]', 107374182400, NULL);
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, volumes,
                 scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'model-cache-1', '2026-11-23T08:00:00Z', 'Pending', 'Pending', 0,
  '[{"name":"cache","persistentVolumeClaim":{"claimName":"model-cache"}}]', 'Unschedulable',
  '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
  'resources/shop/pods.json');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'shop', 'Warning', 'ProvisioningFailed', 'storageclass.storage.k8s.io "premium-rwo" not found', 30, '2026-11-23T08:00:00Z', '2026-11-23T10:00:00Z', 'PersistentVolumeClaim', 'shop', 'model-cache', 'resources/shop/events.json'),
 (1, 'shop', 'Warning', 'NodeNotReady', 'Node is not ready', 1, '2026-11-23T09:41:00Z', '2026-11-23T09:41:00Z', 'Pod', 'shop', 'model-cache-1', 'resources/shop/events.json');
