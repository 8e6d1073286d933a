-- Non-fatal NVSwitch errors (corrected; NVIDIA asks only to watch them)
-- and a fabric manager that is not running on a node with no NVSwitch
-- (an A40 pair with an NVLink bridge: the daemon has nothing to do).
-- expect-none: gpu-fabric
INSERT INTO gpu_events(bundle_id, node, kind, pci, code, fatal, time, text, source, file) VALUES
 (1, 'ok-gpu-1', 'fabric-manager', '00000000:86:00.0', 12028, 0, '2026-11-23T10:00:00Z', '[Nov 23 2026 10:00:00] [ERROR] [tid 12727] detected NVSwitch non-fatal error 12028 on fid 0 on NVSwitch pci bus id 00000000:86:00.0 physical id 3 port 61', 'fabricmanager.log', 'host/fabricmanager.log'),
 (1, 'ok-node-1', 'fabric-manager-down', NULL, NULL, 1, '2026-11-23T10:05:00Z', 'Active: failed (Result: exit-code) since Mon 2026-11-23 09:58:00 UTC; 7min ago', 'fabricmanager-status.txt', 'host/fabricmanager-status.txt');
INSERT INTO metrics(bundle_id, source, node, name, value, time) VALUES
 (1, 'host', 'ok-node-1', 'lspci.nvswitches', 0, '2026-11-23T10:05:00Z');
