-- Application Xid 13 on four GPUs of one node (one multi-GPU job's bug),
-- and one hardware Xid repeated on a single GPU: not a node-level fault.
-- expect-none: gpu-xid-node
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'nm-gpu-1', '0000:3b:00', 13, '2026-11-23T09:00:00Z', 5, 'python', 'NVRM: Xid (PCI:0000:3b:00): 13, Graphics Exception', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:4b:00', 13, '2026-11-23T09:00:00Z', 5, 'python', 'NVRM: Xid (PCI:0000:4b:00): 13, Graphics Exception', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:5b:00', 13, '2026-11-23T09:00:00Z', 5, 'python', 'NVRM: Xid (PCI:0000:5b:00): 13, Graphics Exception', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:6b:00', 13, '2026-11-23T09:00:00Z', 5, 'python', 'NVRM: Xid (PCI:0000:6b:00): 13, Graphics Exception', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-2', '0000:3b:00', 94, '2026-11-23T09:00:00Z', 5, 'python', 'NVRM: Xid (PCI:0000:3b:00): 94, Contained: SM (0x1)', 'kern.log', 'nodes/nm-gpu-2/logs/kern.log'),
 (1, 'nm-gpu-2', '0000:3b:00.0', 94, '2026-11-23T09:30:00Z', 5, 'python', 'NVRM: Xid (PCI:0000:3b:00.0): 94, Contained: SM (0x1)', 'kern.log', 'nodes/nm-gpu-2/logs/kern.log');
