-- A fatal NVSwitch error.
-- expect: gpu-sxid Node -/gpu-7
-- expect-summary: gpu-sxid SXid 20034
-- expect-evidence: gpu-sxid LTSSM Fault Up
INSERT INTO gpu_events(bundle_id, node, kind, pci, code, fatal, time, text, source, file) VALUES
 (1, 'gpu-7', 'sxid', '0000:06:00.0', 20034, 1, '2026-11-23T10:00:00Z', 'Nov 23 10:00:00 gpu-7 kernel: nvidia-nvswitch0: SXid (PCI:0000:06:00.0): 20034, Fatal, Link 30 LTSSM Fault Up', 'kern.log', 'nodes/gpu-7/logs/kern.log');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
