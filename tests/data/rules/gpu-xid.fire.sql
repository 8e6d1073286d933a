-- expect: gpu-xid Node -/gpu-7
-- expect-evidence: gpu-xid 0000:3b:00
-- expect-summary: gpu-xid Xid 79
-- expect-affected: gpu-xid Pod shop/trainer-7
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-7', '0000:3b:00', 79, '2026-11-23T10:02:11Z', 1234, 'python', 'Nov 23 10:02:11 gpu-7 kernel: NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-7/logs/kern.log');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-7', 'nvidia.com/gpu', 8, 8, '8', '8');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, start_time, file) VALUES
 (1, 'shop', 'trainer-7', 'gpu-7', 'Running', 'Running', 1, 8, '2026-11-23T05:00:00Z', 'resources/shop/pods.json');
-- a second node whose kernel log was not collected: the exporter's last Xid
-- expect: gpu-xid Node -/gpu-8
-- expect-summary: gpu-xid Xid 48
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-8', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO metrics(bundle_id, source, node, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'gpu-8', 'DCGM_FI_DEV_XID_ERRORS', '{"gpu":"2"}', 48, '2026-11-23T10:00:00Z');
-- Xid 154 names the recovery action: it becomes the action; a code newer
-- than the catalog is reported as such.
-- expect: gpu-xid Node -/gpu-9
-- expect-summary: gpu-xid recovery action NODE_REBOOT: drain the node -> reboot it
-- expect: gpu-xid Node -/gpu-10
-- expect-summary: gpu-xid Xid 185 (not in the catalog (NVIDIA Xid catalog
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-9', '0000:3b:00', 154, '2026-11-23T10:02:11Z', NULL, NULL, 'Nov 23 10:02:11 gpu-9 kernel: NVRM: Xid (PCI:0000:3b:00): 154, GPU recovery action changed from 0x0 (None) to 0x2 (Node Reboot Required)', 'kern.log', 'nodes/gpu-9/logs/kern.log'),
 (1, 'gpu-10', '0000:3b:00', 185, '2026-11-23T10:02:11Z', NULL, NULL, 'Nov 23 10:02:11 gpu-10 kernel: NVRM: Xid (PCI:0000:3b:00): 185, something newer', 'kern.log', 'nodes/gpu-10/logs/kern.log');
