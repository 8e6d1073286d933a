-- Words of the CUDA initialisation signatures in healthy text: a device
-- count, a driver that loaded, an NVML that answered, and an event about
-- a node (not a pod's container) quoting the failure text.
-- expect-none: cuda-init-failure
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, file) VALUES
 (1, 'shop', 'ok-infer-0', 'ok-gpu-1', 'Running', 'Running', 1, 1, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ready, state, state_reason, state_message, last_state, last_reason, last_message, last_exit_code, last_finished) VALUES
 (1, 'shop', 'ok-infer-0', 'vllm', 'container', 'vllm/vllm-openai:v0.8.5', 1, 'running', NULL, NULL, 'terminated', 'Completed', 'CUDA initialization took 2.1 s; 1 CUDA-capable device detected', 0, '2026-11-23T08:00:00Z');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ok-infer-0', 'vllm', 0, 1, '2026-11-23T10:00:00Z', 'INFO 11-23 10:00:00 Found 1 CUDA device: NVIDIA H100 80GB HBM3, driver 550.90.07 initialized', 'logs/shop/ok-infer-0/vllm.log'),
 (1, 'shop', 'ok-infer-0', 'vllm', 0, 2, '2026-11-23T10:00:01Z', 'NVML initialized: 1 device, system ready', 'logs/shop/ok-infer-0/vllm.log');
INSERT INTO events(bundle_id, namespace, name, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, object_uid, object_field, source_component, source_host, file) VALUES
 (1, 'shop', 'ok-infer-0.1', 'Normal', 'Started', 'Started container vllm', 1, '2026-11-23T09:59:00Z', '2026-11-23T09:59:00Z', 'Pod', 'shop', 'ok-infer-0', 'u-ok-infer-0', 'spec.containers{vllm}', 'kubelet', 'ok-gpu-1', 'resources/shop/events.json'),
 (1, NULL, 'ok-gpu-1.1', 'Warning', 'GpuProbe', 'probe saw: Failed to initialize NVML: Unknown Error', 1, '2026-11-23T09:00:00Z', '2026-11-23T09:00:00Z', 'Node', NULL, 'ok-gpu-1', 'u-ok-gpu-1', NULL, 'gpu-probe', 'ok-gpu-1', 'resources/_cluster/events.json');
