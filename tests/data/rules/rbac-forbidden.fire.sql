-- expect: rbac-forbidden Pod shop/operator-1
-- expect-summary: rbac-forbidden cannot list
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, file) VALUES
 (1, 'shop', 'operator-1', 'ok-node-1', 'Running', 'Running', 1, 'resources/shop/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'operator-1', 'manager', 0, 1, '2026-11-23T10:00:00Z', 'E1123 10:00:00.1 reflector.go:147] failed to list *v1.Pod: pods is forbidden: User "system:serviceaccount:shop:operator" cannot list resource "pods" in API group "" at the cluster scope', 'logs/shop/operator-1/manager.log');
