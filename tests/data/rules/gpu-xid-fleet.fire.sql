-- Xid 119 (GSP timeout) on three nodes running the same driver.
-- expect: gpu-xid-fleet Cluster -/xid-119
-- expect-summary: gpu-xid-fleet on 3 nodes
-- expect-summary: gpu-xid-fleet drivers 550.54.14
-- expect-evidence: gpu-xid-fleet gpu-b
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-a', '0000:3b:00', 119, '2026-11-23T10:00:00Z', NULL, NULL, 'Nov 23 10:00:00 gpu-a kernel: NVRM: Xid (PCI:0000:3b:00): 119, Timeout after 6s of waiting for RPC response from GPU0 GSP!', 'kern.log', 'nodes/gpu-a/logs/kern.log'),
 (1, 'gpu-b', '0000:4b:00', 119, '2026-11-23T10:05:00Z', NULL, NULL, 'Nov 23 10:05:00 gpu-b kernel: NVRM: Xid (PCI:0000:4b:00): 119, Timeout after 6s of waiting for RPC response from GPU1 GSP!', 'kern.log', 'nodes/gpu-b/logs/kern.log'),
 (1, 'gpu-c', '0000:5b:00', 119, '2026-11-23T10:09:00Z', NULL, NULL, 'Nov 23 10:09:00 gpu-c kernel: NVRM: Xid (PCI:0000:5b:00): 119, Timeout after 6s of waiting for RPC response from GPU2 GSP!', 'kern.log', 'nodes/gpu-c/logs/kern.log');
INSERT INTO gpus(bundle_id, node, gpu_index, uuid, product, driver_version, source) VALUES
 (1, 'gpu-a', 0, 'GPU-a', 'NVIDIA H100 80GB HBM3', '550.54.14', 'dcgm-exporter'),
 (1, 'gpu-b', 0, 'GPU-b', 'NVIDIA H100 80GB HBM3', '550.54.14', 'dcgm-exporter');
