-- An application error (Xid 13, graphics engine exception: a bad kernel)
-- on a node whose allocatable is low for another reason: the device
-- plugin does not mark a GPU unhealthy on Xid 13, so no link.
-- expect: gpu-unavailable Node -/gpu-7
-- expect-no-link: gpu-unavailable Node -/gpu-7 gpu-xid
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-7', 'nvidia.com/gpu', 8, 7, '8', '7');
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-7', '0000:3b:00', 13, '2026-11-23T10:02:11Z', 1234, 'python', 'NVRM: Xid (PCI:0000:3b:00): 13, pid=1234, name=python, Graphics SM Warp Exception on (GPC 0, TPC 1, SM 0): Out Of Range Address', 'kern.log', 'nodes/gpu-7/logs/kern.log');
