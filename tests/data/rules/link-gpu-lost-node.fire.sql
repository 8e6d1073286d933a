-- A GPU fell off the bus (Xid 79) at 10:02:11; the device plugin marked it
-- unhealthy and the node now advertises 7 of its 8 GPUs: one story, the
-- Xid its root, never two roots on the node.
-- expect-link: gpu-unavailable Node -/gpu-7 gpu-xid gpu-lost-node
-- expect-root: gpu-unavailable Node -/gpu-7 gpu-xid
-- expect-reason: gpu-lost-node 7 of 8 because the device plugin marked a GPU unhealthy after Xid 79 at 10:02:11
-- expect-incidents: 1
-- expect-incident-root: gpu-xid Node -/gpu-7
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-7', 'nvidia.com/gpu', 8, 7, '8', '7');
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-7', '0000:3b:00', 79, '2026-11-23T10:02:11Z', 1234, 'python', 'NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-7/logs/kern.log');
