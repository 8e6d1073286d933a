-- expect: cuda-driver-mismatch Pod shop/infer-1
-- expect-evidence: cuda-driver-mismatch CUDA driver version is insufficient
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, file) VALUES
 (1, 'shop', 'infer-1', 'ok-gpu-1', 'Running', 'CrashLoopBackOff', 0, 1, 'resources/shop/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'infer-1', 'server', 1, 1, '2026-11-23T09:00:00Z', 'RuntimeError: The NVIDIA driver on your system is too old (found version 11040). CUDA driver version is insufficient for CUDA runtime version', 'logs/shop/infer-1/server.previous.log');
