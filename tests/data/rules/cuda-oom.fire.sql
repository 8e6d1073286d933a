-- expect: cuda-oom Pod shop/vllm-1
-- expect-evidence: cuda-oom CUDA out of memory
-- vLLM's V1 engine refusing a max model length its KV cache cannot hold
-- (a signature's text, with that signature's remedy)
-- expect: cuda-oom Pod shop/vllm-2
-- expect-sql: SELECT count(*) FROM findings WHERE rule = 'cuda-oom' AND name = 'vllm-2' AND container = 'vllm' AND remediation LIKE 'vLLM (V1 engine) cannot fit the KV cache%'
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, gpu_request, file) VALUES
 (1, 'shop', 'vllm-1', 'ok-gpu-1', 'Running', 'CrashLoopBackOff', 0, 5, 1, 'resources/shop/pods.json'),
 (1, 'shop', 'vllm-2', 'ok-gpu-1', 'Running', 'CrashLoopBackOff', 0, 3, 1, 'resources/shop/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'vllm-1', 'vllm', 1, 1, '2026-11-23T09:58:00Z', 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.15 GiB of which 1.06 GiB is free.', 'logs/shop/vllm-1/vllm.previous.log'),
 (1, 'shop', 'vllm-2', 'vllm', 0, 7, '2026-11-23T09:59:00Z', '(EngineCore_DP0 pid=316) ValueError: To serve at least one request with the model''s max seq len (100000), (4.26 GiB KV cache is needed, which is larger than the available KV cache memory (4.25 GiB).', 'logs/shop/vllm-2/vllm.log');
