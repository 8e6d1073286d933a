-- Non-fatal SXid lines: corrected errors NVIDIA asks only to watch.
-- expect-none: gpu-sxid
INSERT INTO gpu_events(bundle_id, node, kind, pci, code, fatal, time, text, source, file) VALUES
 (1, 'ok-gpu-1', 'sxid', '0000:05:00.0', 12028, 0, '2026-11-23T10:00:00Z', 'nvidia-nvswitch3: SXid (PCI:0000:05:00.0): 12028, Non-fatal, Link 47 egress non-posted PRIV error (First)', 'kern.log', 'nodes/ok-gpu-1/logs/kern.log'),
 (1, 'ok-gpu-1', 'sxid', '0000:05:00.0', 12028, 0, '2026-11-23T10:00:01Z', 'nvidia-nvswitch3: SXid (PCI:0000:05:00.0): 12028, Non-fatal, Link 47 egress non-posted PRIV error', 'kern.log', 'nodes/ok-gpu-1/logs/kern.log');
