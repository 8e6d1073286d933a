-- Lines only the failure signatures (reports/gpu/signatures.txt) know:
-- the rules' own patterns miss them. The remedy comes from the signature.
-- expect: nccl-failure Pod shop/ddp-worker-3
-- expect-evidence: nccl-failure watchdog got stuck
-- expect-sql: SELECT count(*) FROM findings WHERE rule = 'nccl-failure' AND name = 'ddp-worker-3' AND remediation LIKE 'A CUDA or NCCL call blocked the watchdog%'
-- expect: cuda-oom Pod shop/llm-serve-0
-- expect-evidence: cuda-oom initialize_cache
-- expect-sql: SELECT count(*) FROM findings WHERE rule = 'cuda-oom' AND name = 'llm-serve-0' AND remediation LIKE 'vLLM could not size its KV cache%'
-- a termination message, no log at all
-- expect: model-load-failure Pod shop/llm-serve-1
-- expect-evidence: model-load-failure Invalid username or password
-- expect-sql: SELECT count(*) FROM finding_evidence e JOIN findings f ON f.id = e.finding_id WHERE f.rule = 'model-load-failure' AND f.name = 'llm-serve-1' AND e.source = 'termination'
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, file) VALUES
 (1, 'shop', 'ddp-worker-3', 'ok-gpu-1', 'Failed', 'Error', 0, 8, 'resources/shop/pods.json'),
 (1, 'shop', 'llm-serve-0', 'ok-gpu-1', 'Running', 'CrashLoopBackOff', 0, 1, 'resources/shop/pods.json'),
 (1, 'shop', 'llm-serve-1', 'ok-gpu-1', 'Running', 'CrashLoopBackOff', 0, 1, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ready, last_state, last_reason, last_message, last_exit_code, last_finished) VALUES
 (1, 'shop', 'llm-serve-1', 'vllm', 'container', 'vllm/vllm-openai:v0.6.4', 0, 'terminated', 'Error', 'Repository Not Found for url: https://huggingface.co/acme/llm-7b/resolve/main/config.json. Invalid username or password.', 1, '2026-11-23T09:05:00Z');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ddp-worker-3', 'trainer', 0, 1, '2026-11-23T09:00:00Z', '[rank5]:[E626 05:14:36.393819762 ProcessGroupNCCL.cpp:1743] [PG ID 0 PG GUID 0(default_pg) Rank 5] ProcessGroupNCCL''s watchdog got stuck for 480 seconds without making progress in monitoring enqueued collectives.', 'logs/shop/ddp-worker-3/trainer.log'),
 (1, 'shop', 'llm-serve-0', 'vllm', 1, 1, '2026-11-23T09:01:00Z', 'ERROR 11-23 09:01:00 worker_base.py:157] Error executing method initialize_cache. This might cause deadlock in distributed execution.', 'logs/shop/llm-serve-0/vllm.previous.log');
