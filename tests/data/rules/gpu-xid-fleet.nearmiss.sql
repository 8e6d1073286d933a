-- A hardware Xid on two nodes only, and an application Xid on four: no
-- fleet-level cause.
-- expect-none: gpu-xid-fleet
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'nm-gpu-1', '0000:3b:00', 119, '2026-11-23T10:00:00Z', NULL, NULL, 'NVRM: Xid (PCI:0000:3b:00): 119, Timeout waiting for RPC from GSP', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-2', '0000:3b:00', 119, '2026-11-23T10:01:00Z', NULL, NULL, 'NVRM: Xid (PCI:0000:3b:00): 119, Timeout waiting for RPC from GSP', 'kern.log', 'nodes/nm-gpu-2/logs/kern.log'),
 (1, 'nm-gpu-1', '0000:4b:00', 31, '2026-11-23T10:00:00Z', 4, 'python', 'NVRM: Xid (PCI:0000:4b:00): 31, MMU Fault', 'kern.log', 'nodes/nm-gpu-1/logs/kern.log'),
 (1, 'nm-gpu-2', '0000:4b:00', 31, '2026-11-23T10:00:00Z', 4, 'python', 'NVRM: Xid (PCI:0000:4b:00): 31, MMU Fault', 'kern.log', 'nodes/nm-gpu-2/logs/kern.log'),
 (1, 'nm-gpu-3', '0000:4b:00', 31, '2026-11-23T10:00:00Z', 4, 'python', 'NVRM: Xid (PCI:0000:4b:00): 31, MMU Fault', 'kern.log', 'nodes/nm-gpu-3/logs/kern.log'),
 (1, 'nm-gpu-4', '0000:4b:00', 31, '2026-11-23T10:00:00Z', 4, 'python', 'NVRM: Xid (PCI:0000:4b:00): 31, MMU Fault', 'kern.log', 'nodes/nm-gpu-4/logs/kern.log');
