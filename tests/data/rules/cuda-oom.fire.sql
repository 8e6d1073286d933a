-- expect: cuda-oom Pod shop/vllm-1
-- expect-evidence: cuda-oom CUDA out of memory
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, gpu_request, file) VALUES
 (1, 'shop', 'vllm-1', 'ok-gpu-1', 'Running', 'CrashLoopBackOff', 0, 5, 1, 'resources/shop/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'vllm-1', 'vllm', 1, 1, '2026-11-23T09:58:00Z', 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.15 GiB of which 1.06 GiB is free.', 'logs/shop/vllm-1/vllm.previous.log');
