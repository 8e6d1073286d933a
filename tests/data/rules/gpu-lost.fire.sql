-- A GPU fell off the bus without an Xid number on one node; on another,
-- nvidia-smi lists 7 of the node's 8 GPUs.
-- expect: gpu-lost Node -/gpu-7
-- expect-summary: gpu-lost fell-off-bus
-- expect-evidence: gpu-lost GPU has fallen off the bus
-- expect: gpu-lost Node -/gpu-8
-- expect-summary: gpu-lost 1 GPU(s) missing from nvidia-smi
INSERT INTO gpu_events(bundle_id, node, kind, pci, code, fatal, time, text, source, file) VALUES
 (1, 'gpu-7', 'fell-off-bus', '0000:3b:00.0', NULL, 1, '2026-11-23T10:00:00Z', 'Nov 23 10:00:00 gpu-7 kernel: NVRM: GPU 0000:3b:00.0: GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-7/logs/kern.log');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, labels, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, '{}', 'resources/_cluster/nodes.json'),
 (1, 'gpu-8', 'True', '2026-11-01T00:00:00Z', 0, '{"nvidia.com/gpu.count":"8"}', 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-8', 'nvidia.com/gpu', 8, 8, '8', '8');
INSERT INTO gpus(bundle_id, node, gpu_index, uuid, product, source) VALUES
 (1, 'gpu-8', 0, 'GPU-0', 'NVIDIA H100 80GB HBM3', 'nvidia-smi'), (1, 'gpu-8', 1, 'GPU-1', 'NVIDIA H100 80GB HBM3', 'nvidia-smi'),
 (1, 'gpu-8', 2, 'GPU-2', 'NVIDIA H100 80GB HBM3', 'nvidia-smi'), (1, 'gpu-8', 3, 'GPU-3', 'NVIDIA H100 80GB HBM3', 'nvidia-smi'),
 (1, 'gpu-8', 4, 'GPU-4', 'NVIDIA H100 80GB HBM3', 'nvidia-smi'), (1, 'gpu-8', 5, 'GPU-5', 'NVIDIA H100 80GB HBM3', 'nvidia-smi'),
 (1, 'gpu-8', 6, 'GPU-6', 'NVIDIA H100 80GB HBM3', 'nvidia-smi');
