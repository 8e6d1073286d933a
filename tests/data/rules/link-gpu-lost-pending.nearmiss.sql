-- The same 2-GPU node lost one GPU, but the Pending pod asks for 4: even
-- with the lost GPU the node has 2, so the fault did not starve it (the
-- cluster is simply too small for it). Its own findings stand alone.
-- expect: gpu-insufficient Pod shop/llama-70b-0
-- expect-no-link: gpu-insufficient Pod shop/llama-70b-0 gpu-unavailable
-- expect-no-link: gpu-insufficient Pod shop/llama-70b-0 gpu-xid
-- expect-incident-root: gpu-insufficient Pod shop/llama-70b-0
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-2', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-2', 'nvidia.com/gpu', 2, 1, '2', '1');
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-2', '0000:4b:00', 79, '2026-11-23T10:02:11Z', 77, 'python3', 'NVRM: Xid (PCI:0000:4b:00): 79, pid=77, name=python3, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-2/logs/kern.log');
INSERT INTO pods(bundle_id, namespace, name, created, phase, status, ready, gpu_request, scheduled_condition_reason, scheduled_condition_message, file) VALUES
 (1, 'shop', 'llama-70b-0', '2026-11-23T10:03:10Z', 'Pending', 'Pending', 0, 4, 'Unschedulable', '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.', 'resources/shop/pods.json');
UPDATE node_resources SET allocatable = 2 WHERE node = 'ok-gpu-1' AND resource = 'nvidia.com/gpu';
UPDATE node_resources SET capacity = 2 WHERE node = 'ok-gpu-1' AND resource = 'nvidia.com/gpu';
