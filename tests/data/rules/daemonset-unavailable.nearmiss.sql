-- All scheduled copies available.
-- expect-none: daemonset-unavailable
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, ready, available, unavailable, file)
VALUES (1, 'DaemonSet', 'kube-system', 'kube-proxy', 2, 2, 2, 2, 0, 'resources/kube-system/daemonsets.apps.json');
