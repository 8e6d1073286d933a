-- A fatal NVSwitch error in the fabric manager's log (the line as the
-- daemon prints it), a node whose fabric manager stopped while lspci shows
-- its NVSwitches, and an IMEX daemon that cannot reach its peer.
-- expect: gpu-fabric Node -/gpu-7
-- expect-summary: gpu-fabric 1 fatal fabric manager error(s)
-- expect-evidence: gpu-fabric detected NVSwitch fatal error 20034
-- expect-affected: gpu-fabric Pod shop/trainer-7
-- expect: gpu-fabric Node -/gpu-8
-- expect-summary: gpu-fabric fabric manager not running (NVSwitches present)
-- expect-evidence: gpu-fabric Active: failed (Result: exit-code)
-- expect: gpu-fabric Node -/gb-1
-- expect-summary: gpu-fabric IMEX on node 'gb-1' reported 1 error(s)
-- expect-sql: SELECT count(*) FROM findings WHERE rule = 'gpu-fabric' AND node = 'gb-1' AND severity = 'warning'
INSERT INTO gpu_events(bundle_id, node, kind, pci, code, fatal, time, text, source, file) VALUES
 (1, 'gpu-7', 'fabric-manager', '00000000:86:00.0', 20034, 1, '2026-11-23T10:00:00Z', '[Nov 23 2026 10:00:00] [ERROR] [tid 841] detected NVSwitch fatal error 20034 on fid 0 on NVSwitch pci bus id 00000000:86:00.0 physical id 3 port 33', 'fabricmanager.log', 'host/fabricmanager.log'),
 (1, 'gpu-8', 'fabric-manager-down', NULL, NULL, 1, '2026-11-23T10:05:00Z', 'Active: failed (Result: exit-code) since Mon 2026-11-23 09:58:00 UTC; 7min ago', 'fabricmanager-status.txt', 'host/fabricmanager-status.txt'),
 (1, 'gb-1', 'imex', NULL, NULL, 1, '2026-11-23T10:01:00Z', '[Nov 23 2026 10:01:00] [ERROR] [tid 79] Failed to connect to the IMEX peer gb-2', 'nvidia-imex.log', 'host/nvidia-imex.log');
INSERT INTO metrics(bundle_id, source, node, name, value, time) VALUES
 (1, 'host', 'gpu-8', 'lspci.nvswitches', 4, '2026-11-23T10:05:00Z');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json'),
 (1, 'gpu-8', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json'),
 (1, 'gb-1', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, start_time, file) VALUES
 (1, 'shop', 'trainer-7', 'gpu-7', 'Running', 'Running', 1, 8, '2026-11-23T05:00:00Z', 'resources/shop/pods.json');
