-- Xid 13 three times in 40 minutes on one GPU: the application code
-- repeating on the same GPU points at the hardware.
-- expect: gpu-xid-burst Node -/gpu-7
-- expect-summary: gpu-xid-burst Xid 13
-- expect-summary: gpu-xid-burst 3 times
-- expect-evidence: gpu-xid-burst Graphics SM Warp Exception
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-7', '0000:3b:00', 13, '2026-11-23T09:00:00Z', 11, 'python', 'Nov 23 09:00:00 gpu-7 kernel: NVRM: Xid (PCI:0000:3b:00): 13, pid=11, name=python, Graphics SM Warp Exception on (GPC 0, TPC 1, SM 0)', 'kern.log', 'nodes/gpu-7/logs/kern.log'),
 (1, 'gpu-7', '0000:3b:00', 13, '2026-11-23T09:20:00Z', 12, 'python', 'Nov 23 09:20:00 gpu-7 kernel: NVRM: Xid (PCI:0000:3b:00): 13, pid=12, name=python, Graphics SM Warp Exception on (GPC 0, TPC 1, SM 0)', 'kern.log', 'nodes/gpu-7/logs/kern.log'),
 (1, 'gpu-7', '0000:3b:00', 13, '2026-11-23T09:40:00Z', 13, 'python', 'Nov 23 09:40:00 gpu-7 kernel: NVRM: Xid (PCI:0000:3b:00): 13, pid=13, name=python, Graphics SM Warp Exception on (GPC 0, TPC 1, SM 0)', 'kern.log', 'nodes/gpu-7/logs/kern.log');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
