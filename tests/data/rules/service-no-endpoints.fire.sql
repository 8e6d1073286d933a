-- A selector that matches no pod (the label was renamed), and a service
-- whose only pod is not ready.
-- expect: service-no-endpoints Service shop/fastapi-k8s
-- expect-evidence: service-no-endpoints fastapi-k8s-v2
-- expect-summary: service-no-endpoints matches no pod
-- expect: service-no-endpoints Service shop/tgi
-- expect-summary: service-no-endpoints not ready
INSERT INTO services(bundle_id, namespace, name, type, selector, ports, file) VALUES
 (1, 'shop', 'fastapi-k8s', 'ClusterIP', '{"app":"fastapi-k8s-v2"}', '[{"port":80,"targetPort":8000}]', 'resources/shop/services.json'),
 (1, 'shop', 'tgi', 'ClusterIP', '{"app":"tgi"}', '[{"port":80,"targetPort":80}]', 'resources/shop/services.json');
INSERT INTO endpoints VALUES (1, 'shop', 'fastapi-k8s', NULL, NULL, NULL, NULL, NULL, NULL),
                             (1, 'shop', 'tgi', '10.1.0.40', 0, 'Pod', 'tgi-2', 'ok-node-1', '[{"port":80}]');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, labels, file) VALUES
 (1, 'shop', 'fastapi-k8s-77-aa', 'ok-node-1', 'Running', 'Running', 1, '{"app":"fastapi-k8s"}', 'resources/shop/pods.json'),
 (1, 'shop', 'tgi-2', 'ok-node-1', 'Running', 'Running', 0, '{"app":"tgi"}', 'resources/shop/pods.json');
