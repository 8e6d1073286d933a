-- gpu-7's GPU fell off the bus at 10:02:11; 40 s later the vLLM server on
-- that node crashed with a CUDA error and now crash-loops. The CUDA error
-- is the Xid's.
-- expect-link: pod-crashloop Pod shop/vllm-0 gpu-xid cuda-error-xid
-- expect-reason: cuda-error-xid CUDA/NCCL error in vllm-0 at 10:02:51 on gpu-7, 40 s after Xid 79 there
-- expect-incident-root: gpu-xid Node -/gpu-7
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-7', 'nvidia.com/gpu', 8, 8, '8', '8');
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-7', '0000:3b:00', 79, '2026-11-23T10:02:11Z', 1234, 'python', 'NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-7/logs/kern.log');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, gpu_request, start_time, file) VALUES
 (1, 'shop', 'vllm-0', 'gpu-7', 'Running', 'CrashLoopBackOff', 0, 5, 1, '2026-11-23T10:03:00Z', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, restart_count, ready, state, state_reason, last_state, last_reason, last_exit_code, last_finished) VALUES
 (1, 'shop', 'vllm-0', 'vllm', 'container', 5, 0, 'waiting', 'CrashLoopBackOff', 'terminated', 'Error', 1, '2026-11-23T10:02:52Z');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'vllm-0', 'vllm', 1, 1, '2026-11-23T10:02:51Z', 'RuntimeError: CUDA error: unspecified launch failure', 'logs/shop/vllm-0/vllm.previous.log');
