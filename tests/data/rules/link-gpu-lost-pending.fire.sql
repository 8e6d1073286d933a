-- gpu-2 had 2 GPUs, one fell off the bus at 10:02:11 and the other runs a
-- pod: the new replica asking for 1 GPU is Pending since 10:03:10. The
-- lost GPU would have fitted it, so the chain is Xid -> allocatable drop
-- -> Pending pod, one incident; the scheduler's refusal and the GPU
-- arithmetic on that pod are one story, not two roots.
-- expect-link: gpu-insufficient Pod shop/vllm-1 gpu-unavailable gpu-lost-pending
-- expect-link: pod-pending-unschedulable Pod shop/vllm-1 gpu-insufficient same-subject
-- expect-root: gpu-insufficient Pod shop/vllm-1 gpu-xid
-- expect-root: pod-pending-unschedulable Pod shop/vllm-1 gpu-xid
-- expect-reason: gpu-lost-pending Pod shop/vllm-1 Pending since 10:03:10 (requests 1 GPU) because gpu-2 lost 1 of its 2 GPUs at 10:02:11
-- expect-incidents: 1
-- expect-incident-root: gpu-xid Node -/gpu-2
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-2', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-2', 'nvidia.com/gpu', 2, 1, '2', '1');
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-2', '0000:4b:00', 79, '2026-11-23T10:02:11Z', 77, 'python3', 'NVRM: Xid (PCI:0000:4b:00): 79, pid=77, name=python3, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-2/logs/kern.log');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, start_time, file) VALUES
 (1, 'shop', 'embed-0', 'gpu-2', 'Running', 'Running', 1, 1, '2026-11-22T00:00:00Z', 'resources/shop/pods.json');
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, gpu_request, scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'vllm-1', '2026-11-23T10:03:10Z', 'Pending', 'Pending', 0, 1, 'Unschedulable', '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.', 'resources/shop/pods.json');
-- ok-gpu-1 is full in this cluster
UPDATE node_resources SET allocatable = 2 WHERE node = 'ok-gpu-1' AND resource = 'nvidia.com/gpu';
UPDATE node_resources SET capacity = 2 WHERE node = 'ok-gpu-1' AND resource = 'nvidia.com/gpu';
