-- CUDA cannot initialise, once from each place it is written: the
-- previous log, the current log, the last termination message, the
-- waiting message a failed toolkit hook leaves, a kubelet event that
-- names the container by involvedObject.fieldPath, and a pod-level event
-- (no fieldPath) for a sandbox that never started.
-- expect: cuda-init-failure Pod shop/cuda-prev
-- expect: cuda-init-failure Pod shop/cuda-cur
-- expect: cuda-init-failure Pod shop/cuda-term
-- expect: cuda-init-failure Pod shop/cuda-wait
-- expect: cuda-init-failure Pod shop/cuda-ev
-- expect: cuda-init-failure Pod shop/cuda-sandbox
-- expect-evidence: cuda-init-failure system not yet initialized
-- expect-evidence: cuda-init-failure Failed to initialize NVML: Unknown Error
-- expect-sql: SELECT count(*) FROM findings f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'cuda-init-failure' AND f.name = 'cuda-prev' AND f.container = 'trainer' AND e.source = 'log' AND e.text LIKE '%(802)%'
-- expect-sql: SELECT count(*) FROM findings f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'cuda-init-failure' AND f.name = 'cuda-cur' AND f.container = 'vllm' AND e.source = 'log'
-- expect-sql: SELECT count(*) FROM findings f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'cuda-init-failure' AND f.name = 'cuda-term' AND f.container = 'vllm' AND e.source = 'termination'
-- expect-sql: SELECT count(*) FROM findings f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'cuda-init-failure' AND f.name = 'cuda-wait' AND f.container = 'triton' AND e.source = 'status' AND f.remediation LIKE 'The container toolkit''s prestart hook found no NVIDIA kernel module%'
-- the event names container vllm: the finding names vllm, not the proxy
-- beside it, and not the vllm container of the pod next door
-- expect-sql: SELECT count(*) FROM findings f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'cuda-init-failure' AND f.name = 'cuda-ev' AND f.container = 'vllm' AND e.source = 'event' AND e.text LIKE 'BackOff: %'
-- expect-sql: SELECT count(*) = 0 FROM findings WHERE rule = 'cuda-init-failure' AND (container = 'proxy' OR name = 'ok-neighbour')
-- expect-sql: SELECT count(*) FROM findings WHERE rule = 'cuda-init-failure' AND name = 'cuda-sandbox' AND container IS NULL AND summary LIKE 'Pod ''shop/cuda-sandbox'' cannot initialise%'
-- the remedy is the matched signature's
-- expect-sql: SELECT count(*) FROM findings WHERE rule = 'cuda-init-failure' AND name = 'cuda-prev' AND remediation LIKE 'CUDA error 802%Fabric Manager%'
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, gpu_request, file) VALUES
 (1, 'shop', 'cuda-prev', 'ok-gpu-1', 'Running', 'CrashLoopBackOff', 0, 4, 8, 'resources/shop/pods.json'),
 (1, 'shop', 'cuda-cur', 'ok-gpu-1', 'Running', 'Running', 0, 0, 1, 'resources/shop/pods.json'),
 (1, 'shop', 'cuda-term', 'ok-gpu-1', 'Running', 'CrashLoopBackOff', 0, 6, 1, 'resources/shop/pods.json'),
 (1, 'shop', 'cuda-wait', 'ok-gpu-1', 'Pending', 'RunContainerError', 0, 2, 1, 'resources/shop/pods.json'),
 (1, 'shop', 'cuda-ev', 'ok-gpu-1', 'Running', 'CrashLoopBackOff', 0, 3, 1, 'resources/shop/pods.json'),
 (1, 'shop', 'ok-neighbour', 'ok-gpu-1', 'Running', 'Running', 1, 0, 1, 'resources/shop/pods.json'),
 (1, 'shop', 'cuda-sandbox', 'ok-gpu-1', 'Pending', 'ContainerCreating', 0, 0, 1, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ready, state, state_reason, state_message, state_finished, last_state, last_reason, last_message, last_exit_code, last_finished) VALUES
 (1, 'shop', 'cuda-term', 'vllm', 'container', 'vllm/vllm-openai:v0.8.5', 0, 'waiting', 'CrashLoopBackOff', 'back-off 5m0s restarting failed container=vllm', NULL, 'terminated', 'Error', 'RuntimeError: CUDA unknown error - this may be due to an incorrectly set up environment, e.g. changing env variable CUDA_VISIBLE_DEVICES after program start. Setting the available devices to be zero.', 1, '2026-11-23T09:10:00Z'),
 (1, 'shop', 'cuda-wait', 'triton', 'container', 'nvcr.io/nvidia/tritonserver:24.08-py3', 0, 'waiting', 'RunContainerError', 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error running prestart hook #0: exit status 1, stdout: , stderr: nvidia-container-cli: initialization error: nvml error: driver not loaded: unknown', NULL, NULL, NULL, NULL, NULL, NULL),
 (1, 'shop', 'cuda-ev', 'proxy', 'container', 'envoyproxy/envoy:v1.31', 1, 'running', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (1, 'shop', 'cuda-ev', 'vllm', 'container', 'vllm/vllm-openai:v0.8.5', 0, 'waiting', 'CrashLoopBackOff', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (1, 'shop', 'ok-neighbour', 'vllm', 'container', 'vllm/vllm-openai:v0.8.5', 1, 'running', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'cuda-prev', 'trainer', 1, 12, '2026-11-23T09:00:00Z', 'RuntimeError: cuda runtime error (802) : system not yet initialized at /opt/conda/conda-bld/pytorch/work/aten/src/THC/THCGeneral.cpp:50', 'logs/shop/cuda-prev/trainer.previous.log'),
 (1, 'shop', 'cuda-cur', 'vllm', 0, 3, '2026-11-23T09:05:00Z', 'Failed to initialize NVML: Unknown Error', 'logs/shop/cuda-cur/vllm.log'),
 (1, 'shop', 'ok-neighbour', 'vllm', 0, 1, '2026-11-23T09:05:00Z', 'INFO 11-23 09:05:00 [cuda.py:290] Using Flash Attention backend on V1 engine.', 'logs/shop/ok-neighbour/vllm.log');
INSERT INTO events(bundle_id, namespace, name, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, object_uid, object_field, source_component, source_host, file) VALUES
 (1, 'shop', 'cuda-ev.1', 'Warning', 'BackOff', 'Back-off restarting failed container vllm in pod cuda-ev: RuntimeError: CUDA error: CUDA-capable device(s) is/are busy or unavailable', 7, '2026-11-23T09:00:00Z', '2026-11-23T09:30:00Z', 'Pod', 'shop', 'cuda-ev', 'u-cuda-ev', 'spec.containers{vllm}', 'kubelet', 'ok-gpu-1', 'resources/shop/events.json'),
 (1, 'shop', 'cuda-sandbox.1', 'Warning', 'FailedCreatePodSandBox', 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create containerd task: nvidia-container-cli: initialization error: load library failed: libnvidia-ml.so.1: cannot open shared object file: no such file or directory', 3, '2026-11-23T09:00:00Z', '2026-11-23T09:20:00Z', 'Pod', 'shop', 'cuda-sandbox', 'u-cuda-sandbox', NULL, 'kubelet', 'ok-gpu-1', 'resources/shop/events.json');
