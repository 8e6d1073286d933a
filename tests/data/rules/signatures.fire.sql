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
-- the same rules read the current state's message, kubelet events
-- matched to their container by involvedObject.fieldPath, and the
-- previous log of an init container
-- expect: nccl-failure Pod shop/ddp-worker-4
-- expect-sql: SELECT count(*) FROM findings f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'nccl-failure' AND f.name = 'ddp-worker-4' AND f.container = 'trainer' AND e.source = 'termination' AND f.remediation LIKE 'NCCL lost a peer%'
-- expect: cuda-driver-mismatch Pod shop/ft-job-0
-- expect-sql: SELECT count(*) FROM findings f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'cuda-driver-mismatch' AND f.name = 'ft-job-0' AND f.container = 'trainer' AND e.source = 'event' AND f.remediation LIKE 'The image declares NVIDIA_REQUIRE_CUDA%'
-- expect-sql: SELECT count(*) = 0 FROM findings WHERE rule = 'cuda-driver-mismatch' AND name = 'ft-job-0' AND container <> 'trainer'
-- expect: model-load-failure Pod shop/llm-serve-2
-- expect-sql: SELECT count(*) FROM findings f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'model-load-failure' AND f.name = 'llm-serve-2' AND f.container = 'storage-initializer' AND e.source = 'log' AND f.remediation LIKE 'The object store refused%'
-- expect: device-plugin-health Pod gpu-operator/nvidia-device-plugin-daemonset-q9z8m
-- expect-sql: SELECT count(*) FROM findings WHERE rule = 'device-plugin-health' AND name = 'nvidia-device-plugin-daemonset-q9z8m' AND container = 'nvidia-device-plugin' AND remediation LIKE 'The device plugin started before the GPUs%'
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, file) VALUES
 (1, 'shop', 'ddp-worker-3', 'ok-gpu-1', 'Failed', 'Error', 0, 8, 'resources/shop/pods.json'),
 (1, 'shop', 'llm-serve-0', 'ok-gpu-1', 'Running', 'CrashLoopBackOff', 0, 1, 'resources/shop/pods.json'),
 (1, 'shop', 'llm-serve-1', 'ok-gpu-1', 'Running', 'CrashLoopBackOff', 0, 1, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ready, last_state, last_reason, last_message, last_exit_code, last_finished) VALUES
 (1, 'shop', 'llm-serve-1', 'vllm', 'container', 'vllm/vllm-openai:v0.6.4', 0, 'terminated', 'Error', 'Repository Not Found for url: https://huggingface.co/acme/llm-7b/resolve/main/config.json. Invalid username or password.', 1, '2026-11-23T09:05:00Z');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ddp-worker-3', 'trainer', 0, 1, '2026-11-23T09:00:00Z', '[rank5]:[E626 05:14:36.393819762 ProcessGroupNCCL.cpp:1743] [PG ID 0 PG GUID 0(default_pg) Rank 5] ProcessGroupNCCL''s watchdog got stuck for 480 seconds without making progress in monitoring enqueued collectives.', 'logs/shop/ddp-worker-3/trainer.log'),
 (1, 'shop', 'llm-serve-0', 'vllm', 1, 1, '2026-11-23T09:01:00Z', 'ERROR 11-23 09:01:00 worker_base.py:157] Error executing method initialize_cache. This might cause deadlock in distributed execution.', 'logs/shop/llm-serve-0/vllm.previous.log');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, file) VALUES
 (1, 'shop', 'ddp-worker-4', 'ok-gpu-1', 'Failed', 'Error', 0, 8, 'resources/shop/pods.json'),
 (1, 'shop', 'ft-job-0', 'ok-gpu-1', 'Pending', 'RunContainerError', 0, 1, 'resources/shop/pods.json'),
 (1, 'shop', 'llm-serve-2', 'ok-gpu-1', 'Pending', 'Init:CrashLoopBackOff', 0, 1, 'resources/shop/pods.json'),
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-q9z8m', 'ok-gpu-1', 'Running', 'Running', 1, 0, 'resources/gpu-operator/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ready, state, state_reason, state_message, state_exit_code, state_finished) VALUES
 (1, 'shop', 'ddp-worker-4', 'trainer', 'container', 'nvcr.io/nvidia/pytorch:24.08-py3', 0, 'terminated', 'Error', 'torch.distributed.DistBackendError: NCCL error in: /pytorch/torch/csrc/distributed/c10d/NCCLUtils.hpp:268, remote process exited or there was a network error, NCCL version 2.21.5', 1, '2026-11-23T09:30:00Z'),
 (1, 'shop', 'ft-job-0', 'log-shipper', 'container', 'fluent/fluent-bit:3.1', 1, 'running', NULL, NULL, NULL, NULL),
 (1, 'shop', 'ft-job-0', 'trainer', 'container', 'nvcr.io/nvidia/pytorch:24.08-py3', 0, 'waiting', 'RunContainerError', NULL, NULL, NULL);
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'llm-serve-2', 'storage-initializer', 1, 4, '2026-11-23T09:02:00Z', 'minio.error.AccessDenied: AccessDenied: message: Access Denied', 'logs/shop/llm-serve-2/storage-initializer.previous.log'),
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-q9z8m', 'nvidia-device-plugin', 1, 9, '2026-11-23T08:00:00Z', '2026/11/23 08:00:00 No devices found. Waiting indefinitely.', 'logs/gpu-operator/nvidia-device-plugin-daemonset-q9z8m/nvidia-device-plugin.previous.log');
INSERT INTO events(bundle_id, namespace, name, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, object_uid, object_field, source_component, source_host, file) VALUES
 (1, 'shop', 'ft-job-0.1', 'Warning', 'Failed', 'Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error running prestart hook #0: exit status 1, stdout: , stderr: nvidia-container-cli: requirement error: unsatisfied condition: cuda>=12.4, please update your driver to a newer version, or use an earlier cuda container: unknown', 4, '2026-11-23T09:00:00Z', '2026-11-23T09:12:00Z', 'Pod', 'shop', 'ft-job-0', 'u-ft-job-0', 'spec.containers{trainer}', 'kubelet', 'ok-gpu-1', 'resources/shop/events.json');
