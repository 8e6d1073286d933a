-- GPU programs that failed while running: an illegal memory access in the
-- previous log of a vLLM server, an uncorrectable ECC error as the
-- message of a training container that is terminated now, and the GPU
-- Operator's driver pod whose startup probe (a kubelet event naming its
-- container) finds no GPU: lost without an Xid.
-- expect: cuda-runtime-failure Pod shop/vllm-3
-- expect: cuda-runtime-failure Pod shop/train-ecc
-- expect: cuda-runtime-failure Pod gpu-operator/nvidia-driver-daemonset-4k2lp
-- expect-evidence: cuda-runtime-failure illegal memory access
-- expect-evidence: cuda-runtime-failure uncorrectable ECC error
-- expect-evidence: cuda-runtime-failure No devices were found
-- the newest line (the engine's death) gives the remedy, which sends the
-- reader to the error before it; both lines are evidence
-- expect-sql: SELECT count(*) = 2 FROM findings f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'cuda-runtime-failure' AND f.name = 'vllm-3' AND f.container = 'vllm' AND e.source = 'log' AND f.remediation LIKE 'vLLM''s engine process died%'
-- expect-sql: SELECT count(*) FROM findings f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'cuda-runtime-failure' AND f.name = 'train-ecc' AND f.container = 'trainer' AND e.source = 'termination' AND f.remediation LIKE 'CUDA error 214%'
-- expect-sql: SELECT count(*) FROM findings f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'cuda-runtime-failure' AND f.name = 'nvidia-driver-daemonset-4k2lp' AND f.container = 'nvidia-driver-ctr' AND e.source = 'event'
-- the engine's death and its cause are one finding with two lines
-- expect-summary: cuda-runtime-failure (2 lines)
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, gpu_request, file) VALUES
 (1, 'shop', 'vllm-3', 'ok-gpu-1', 'Running', 'Running', 1, 1, 1, 'resources/shop/pods.json'),
 (1, 'shop', 'train-ecc', 'ok-gpu-1', 'Failed', 'Error', 0, 0, 8, 'resources/shop/pods.json'),
 (1, 'gpu-operator', 'nvidia-driver-daemonset-4k2lp', 'ok-gpu-1', 'Running', 'Running', 0, 0, 0, 'resources/gpu-operator/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ready, state, state_reason, state_message, state_exit_code, state_finished, last_state) VALUES
 (1, 'shop', 'train-ecc', 'trainer', 'container', 'nvcr.io/nvidia/pytorch:24.08-py3', 0, 'terminated', 'Error', 'RuntimeError: CUDA error: uncorrectable ECC error encountered', 1, '2026-11-23T09:40:00Z', NULL),
 (1, 'gpu-operator', 'nvidia-driver-daemonset-4k2lp', 'nvidia-driver-ctr', 'container', 'nvcr.io/nvidia/driver:550.90.07', 0, 'running', NULL, NULL, NULL, NULL, NULL);
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'vllm-3', 'vllm', 1, 801, '2026-11-23T09:20:00Z', 'ERROR 11-23 09:20:00 engine.py:157] RuntimeError: CUDA error: an illegal memory access was encountered', 'logs/shop/vllm-3/vllm.previous.log'),
 (1, 'shop', 'vllm-3', 'vllm', 1, 802, '2026-11-23T09:20:01Z', 'ERROR 11-23 09:20:01 [core_client.py:605] Engine core proc EngineCore_DP0 died unexpectedly, shutting down client.', 'logs/shop/vllm-3/vllm.previous.log');
INSERT INTO events(bundle_id, namespace, name, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, object_uid, object_field, source_component, source_host, file) VALUES
 (1, 'gpu-operator', 'nvidia-driver-daemonset-4k2lp.1', 'Warning', 'Unhealthy', 'Startup probe failed: No devices were found', 30, '2026-11-23T09:00:00Z', '2026-11-23T09:50:00Z', 'Pod', 'gpu-operator', 'nvidia-driver-daemonset-4k2lp', 'u-drv', 'spec.containers{nvidia-driver-ctr}', 'kubelet', 'ok-gpu-1', 'resources/gpu-operator/events.json');
