-- Text that shares words with the failure signatures but reports no
-- failure: a healthy watchdog, a cache that initialised, a gated model
-- the token can read, a driver newer than the runtime; kubelet events
-- about a pod's container that report no failure, and a node's event
-- quoting a failure (no pod container to attach it to).
-- expect-none: nccl-failure
-- expect-none: cuda-oom
-- expect-none: model-load-failure
-- expect-none: cuda-driver-mismatch
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ready, last_state, last_reason, last_message, last_exit_code, last_finished) VALUES
 (1, 'shop', 'ok-serve-0', 'vllm', 'container', 'vllm/vllm-openai:v0.6.4', 1, 'terminated', 'Completed', 'Shutting down: gated repo access verified for acme/llm-7b, weights cached.', 0, '2026-11-23T09:05:00Z');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 5, '2026-11-23T10:00:00Z', '[I626 05:14:36 ProcessGroupNCCL.cpp:1538] [PG ID 0 PG GUID 0(default_pg) Rank 0] ProcessGroupNCCL heart beat monitor thread joined.', 'logs/shop/ok-trainer-0/trainer.log'),
 (1, 'shop', 'ok-serve-0', 'vllm', 0, 1, '2026-11-23T10:00:00Z', 'INFO 11-23 10:00:00 worker.py:171] initialize_cache: # GPU blocks: 2048, # CPU blocks: 512', 'logs/shop/ok-serve-0/vllm.log'),
 (1, 'shop', 'ok-serve-0', 'vllm', 0, 2, '2026-11-23T10:00:01Z', 'INFO 11-23 10:00:01 Using token for gated repo meta-llama/Llama-3.1-8B: access granted', 'logs/shop/ok-serve-0/vllm.log'),
 (1, 'shop', 'ok-serve-0', 'vllm', 0, 3, '2026-11-23T10:00:02Z', 'INFO CUDA driver version 12.4 is sufficient for CUDA runtime version 12.1', 'logs/shop/ok-serve-0/vllm.log');
INSERT INTO events(bundle_id, namespace, name, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, object_uid, object_field, source_component, source_host, file) VALUES
 (1, 'shop', 'ok-serve-0.1', 'Normal', 'Pulled', 'Successfully pulled image "vllm/vllm-openai:v0.6.4" in 41.2s', 1, '2026-11-23T09:59:00Z', '2026-11-23T09:59:00Z', 'Pod', 'shop', 'ok-serve-0', 'u-ok-serve-0', 'spec.containers{vllm}', 'kubelet', 'ok-gpu-1', 'resources/shop/events.json'),
 (1, NULL, 'ok-gpu-1.2', 'Warning', 'DriverCheck', 'nvidia-container-cli: requirement error: unsatisfied condition: cuda>=12.4 (seen by the node check)', 1, '2026-11-23T09:00:00Z', '2026-11-23T09:00:00Z', 'Node', NULL, 'ok-gpu-1', 'u-ok-gpu-1', NULL, 'node-check', 'ok-gpu-1', 'resources/_cluster/events.json');
