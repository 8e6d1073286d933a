-- expect: model-load-failure Pod shop/model-server-1
-- expect-evidence: model-load-failure checkpoint.pth
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, file) VALUES
 (1, 'shop', 'model-server-1', 'ok-gpu-1', 'Running', 'Running', 0, 'resources/shop/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'model-server-1', 'server', 0, 1, '2026-11-23T09:00:00Z', 'Error: FileNotFoundError: [Errno 2] No such file or directory: ''/models/checkpoint.pth''', 'logs/shop/model-server-1/server.log');
