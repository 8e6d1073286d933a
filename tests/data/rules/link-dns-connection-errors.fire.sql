-- CoreDNS crash-loops on a forwarding loop from 09:59; an app that needs a
-- service by name crashes at start with a name resolution error.
-- expect: dns-failure Deployment kube-system/coredns
-- expect-link: pod-crashloop Pod shop/ingest-1 dns-failure dns-connection-errors
-- expect-reason: dns-connection-errors Pod shop/ingest-1 cannot resolve names (10:00:10) while cluster DNS is failing
-- expect-root: pod-crashloop Pod shop/ingest-1 dns-failure
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, ready, available, unavailable, template_labels, file)
VALUES (1, 'Deployment', 'kube-system', 'coredns', 2, 2, 0, 0, 2, '{"k8s-app":"kube-dns"}', 'resources/kube-system/deployments.apps.json');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, labels, file) VALUES
 (1, 'kube-system', 'coredns-5d-aaaaa', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 12, '{"k8s-app":"kube-dns"}', 'resources/kube-system/pods.json'),
 (1, 'shop', 'ingest-1', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 6, '{"app":"ingest"}', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, state_reason, last_state, last_reason, last_exit_code, last_finished) VALUES
 (1, 'kube-system', 'coredns-5d-aaaaa', 'coredns', 'container', 0, 12, 'waiting', 'CrashLoopBackOff', 'terminated', 'Error', 1, '2026-11-23T10:00:00Z'),
 (1, 'shop', 'ingest-1', 'app', 'container', 0, 6, 'waiting', 'CrashLoopBackOff', 'terminated', 'Error', 1, '2026-11-23T10:00:11Z');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'kube-system', 'coredns-5d-aaaaa', 'coredns', 1, 1, '2026-11-23T09:59:59Z', '[FATAL] plugin/loop: Loop (127.0.0.1:51426 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting.', 'logs/kube-system/coredns-5d-aaaaa/coredns.previous.log'),
 (1, 'shop', 'ingest-1', 'app', 1, 1, '2026-11-23T10:00:10Z', 'FATAL: cannot connect to queue: dial tcp: lookup rabbitmq.shop.svc.cluster.local on 10.96.0.10:53: no such host', 'logs/shop/ingest-1/app.previous.log');
