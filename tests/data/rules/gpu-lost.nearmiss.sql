-- A MIG node (capacity counts slices: 7 on one GPU), a node whose
-- nvidia-smi lists all its GPUs, and a lost-GPU line that comes with Xid
-- 79 (gpu-xid's finding): nothing for gpu-lost.
-- expect-none: gpu-lost
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, labels, file) VALUES
 (1, 'ok-mig', 'True', '2026-11-01T00:00:00Z', 0, '{"nvidia.com/mig.strategy":"single"}', 'resources/_cluster/nodes.json'),
 (1, 'ok-full', 'True', '2026-11-01T00:00:00Z', 0, '{"nvidia.com/gpu.count":"2"}', 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'ok-mig', 'nvidia.com/gpu', 7, 7, '7', '7'),
 (1, 'ok-full', 'nvidia.com/gpu', 2, 2, '2', '2');
INSERT INTO gpus(bundle_id, node, gpu_index, uuid, product, source) VALUES
 (1, 'ok-mig', 0, 'GPU-m', 'NVIDIA H100 80GB HBM3', 'nvidia-smi'),
 (1, 'ok-full', 0, 'GPU-f0', 'NVIDIA H100 80GB HBM3', 'nvidia-smi'),
 (1, 'ok-full', 1, 'GPU-f1', 'NVIDIA H100 80GB HBM3', 'nvidia-smi');
INSERT INTO gpu_events(bundle_id, node, kind, pci, code, fatal, time, text, source, file) VALUES
 (1, 'gpu-9', 'fell-off-bus', '0000:3b:00.0', NULL, 1, '2026-11-23T10:00:00Z', 'NVRM: GPU 0000:3b:00.0: GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-9/logs/kern.log');
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-9', '0000:3b:00', 79, '2026-11-23T10:00:00Z', NULL, NULL, 'NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-9/logs/kern.log');
