-- The same code three times but hours apart (a job retried once a shift),
-- and three times within the hour but on three different GPUs (one
-- multi-GPU job's bug), and Xid 45 followers: no burst.
-- expect-none: gpu-xid-burst
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'nm-gpu-1', '0000:3b:00', 13, '2026-11-23T01:00:00Z', 11, 'python', 'NVRM: Xid (PCI:0000:3b:00): 13, Graphics SM Warp Exception', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:3b:00', 13, '2026-11-23T04:00:00Z', 12, 'python', 'NVRM: Xid (PCI:0000:3b:00): 13, Graphics SM Warp Exception', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:3b:00', 13, '2026-11-23T07:00:00Z', 13, 'python', 'NVRM: Xid (PCI:0000:3b:00): 13, Graphics SM Warp Exception', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:4b:00', 31, '2026-11-23T09:00:00Z', 21, 'python', 'NVRM: Xid (PCI:0000:4b:00): 31, MMU Fault', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:5b:00', 31, '2026-11-23T09:00:01Z', 21, 'python', 'NVRM: Xid (PCI:0000:5b:00): 31, MMU Fault', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:6b:00', 31, '2026-11-23T09:00:02Z', 21, 'python', 'NVRM: Xid (PCI:0000:6b:00): 31, MMU Fault', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:7b:00', 45, '2026-11-23T09:00:03Z', 21, 'python', 'NVRM: Xid (PCI:0000:7b:00): 45, Ch 00000010', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:7b:00', 45, '2026-11-23T09:00:04Z', 21, 'python', 'NVRM: Xid (PCI:0000:7b:00): 45, Ch 00000011', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:7b:00', 45, '2026-11-23T09:00:05Z', 21, 'python', 'NVRM: Xid (PCI:0000:7b:00): 45, Ch 00000012', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log');
