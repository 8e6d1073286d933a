-- Xid 79 on two GPUs of one node: the baseboard or PCIe switch.
-- expect: gpu-xid-node Node -/gpu-7
-- expect-summary: gpu-xid-node Xid 79
-- expect-summary: gpu-xid-node on 2 GPUs
-- expect-evidence: gpu-xid-node PCI:0000:4b:00
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-7', '0000:3b:00', 79, '2026-11-23T10:02:11Z', 1, 'python', 'NVRM: Xid (PCI:0000:3b:00): 79, pid=1, name=python, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-7/logs/kern.log'),
 (1, 'gpu-7', '0000:4b:00', 79, '2026-11-23T10:02:12Z', 2, 'python', 'NVRM: Xid (PCI:0000:4b:00): 79, pid=2, name=python, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-7/logs/kern.log');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
