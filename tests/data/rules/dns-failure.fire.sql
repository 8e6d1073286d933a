-- CoreDNS crash-loops on a forwarding loop; an app cannot resolve a service.
-- expect: dns-failure Deployment kube-system/coredns
-- expect-evidence: dns-failure Loop
-- expect-evidence: dns-failure name resolution
-- expect-affected: dns-failure Pod shop/embedder-1
-- expect: pod-crashloop Pod kube-system/coredns-5d-aaaaa
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, ready, available, unavailable, template_labels, file)
VALUES (1, 'Deployment', 'kube-system', 'coredns', 2, 2, 0, 0, 2, '{"k8s-app":"kube-dns"}', 'resources/kube-system/deployments.apps.json');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, labels, file) VALUES
 (1, 'kube-system', 'coredns-5d-aaaaa', 'ok-node-1', 'Running', 'CrashLoopBackOff', 0, 12, '{"k8s-app":"kube-dns"}', 'resources/kube-system/pods.json'),
 (1, 'shop', 'embedder-1', 'ok-node-1', 'Running', 'Running', 1, 0, '{"app":"embedder"}', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, state_reason, last_state, last_reason, last_exit_code, last_finished) VALUES
 (1, 'kube-system', 'coredns-5d-aaaaa', 'coredns', 'container', 0, 12, 'waiting', 'CrashLoopBackOff', 'terminated', 'Error', 1, '2026-11-23T10:00:00Z'),
 (1, 'shop', 'embedder-1', 'app', 'container', 1, 0, 'running', NULL, NULL, NULL, NULL, NULL);
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'kube-system', 'coredns-5d-aaaaa', 'coredns', 1, 1, '2026-11-23T09:59:59Z', '[FATAL] plugin/loop: Loop (127.0.0.1:51426 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting.', 'logs/kube-system/coredns-5d-aaaaa/coredns.previous.log'),
 (1, 'shop', 'embedder-1', 'app', 0, 1, '2026-11-23T10:00:10Z', 'ERROR: upstream request failed: httpx.ConnectError: [Errno -3] Temporary failure in name resolution (host=vector-db.mlops.svc.cluster.local)', 'logs/shop/embedder-1/app.log');
