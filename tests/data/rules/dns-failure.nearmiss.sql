-- DNS healthy; one pod failed once to resolve one external host.
-- expect-none: dns-failure
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, labels, file) VALUES
 (1, 'kube-system', 'coredns-5d-bbbbb', 'ok-node-1', 'Running', 'Running', 1, '{"k8s-app":"kube-dns"}', 'resources/kube-system/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ok-web-5d9f-aaaaa', 'web', 0, 3, '2026-11-23T10:02:00Z', 'WARNING: could not resolve host: telemetry.example.org, skipping upload', 'logs/shop/ok-web-5d9f-aaaaa/web.log'),
 (1, 'kube-system', 'coredns-5d-bbbbb', 'coredns', 0, 1, '2026-11-23T10:00:00Z', '[INFO] plugin/reload: Running configuration SHA512 = 591cf3', 'logs/kube-system/coredns-5d-bbbbb/coredns.log');
