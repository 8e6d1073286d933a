-- Healthy text sharing the words of the run-time signatures: an engine
-- that started, ECC counters at zero, a probe that found the GPUs, and a
-- failed probe of an unrelated container.
-- expect-none: cuda-runtime-failure
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, file) VALUES
 (1, 'shop', 'ok-vllm-0', 'ok-gpu-1', 'Running', 'Running', 1, 1, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ready, state) VALUES
 (1, 'shop', 'ok-vllm-0', 'vllm', 'container', 'vllm/vllm-openai:v0.8.5', 1, 'running');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ok-vllm-0', 'vllm', 0, 1, '2026-11-23T10:00:00Z', 'INFO 11-23 10:00:00 [core.py:193] init engine (profile, create kv cache, warmup model) took 41.76 seconds', 'logs/shop/ok-vllm-0/vllm.log'),
 (1, 'shop', 'ok-vllm-0', 'vllm', 0, 2, '2026-11-23T10:00:01Z', 'Volatile Uncorr. ECC : 0; no ECC errors encountered', 'logs/shop/ok-vllm-0/vllm.log'),
 (1, 'shop', 'ok-vllm-0', 'vllm', 0, 3, '2026-11-23T10:00:02Z', 'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-5e1c2a44-9f1d-7b3e-0c8a-2d4e6f801234)', 'logs/shop/ok-vllm-0/vllm.log');
INSERT INTO events(bundle_id, namespace, name, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, object_uid, object_field, source_component, source_host, file) VALUES
 (1, 'shop', 'ok-vllm-0.1', 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 2, '2026-11-23T09:59:00Z', '2026-11-23T09:59:30Z', 'Pod', 'shop', 'ok-vllm-0', 'u-ok-vllm-0', 'spec.containers{vllm}', 'kubelet', 'ok-gpu-1', 'resources/shop/events.json');
