-- dcgmi health: GPU 2's memory at Failure, GPU 5's PCIe at Warning; dcgmi
-- diag: GPU 1 failed the software test (rows as lib/sb_host_dcgm loads
-- tests/data/dcgm/health-failure.json and diag-r1-fail.json).
-- expect: gpu-dcgm Node -/gpu-7
-- expect-summary: gpu-dcgm GPU 1: diag test software Fail
-- expect-evidence: gpu-dcgm GPU 2: Memory system Failure - Detected 2 volatile double-bit ECC error(s) in GPU 2.
-- expect-evidence: gpu-dcgm GPU 5: PCIe system Warning
-- expect-affected: gpu-dcgm Pod shop/trainer-7
-- expect-sql: SELECT count(*) FROM findings WHERE rule = 'gpu-dcgm' AND node = 'gpu-7' AND severity = 'critical'
INSERT INTO dcgm_results(bundle_id, node, check_kind, entity_group, entity_id, test, status, message, error_id, file) VALUES
 (1, 'gpu-7', 'health', NULL, NULL, 'Overall Health', 'Failure', NULL, NULL, 'host/dcgmi-health.json'),
 (1, 'gpu-7', 'health', 'GPU', 2, 'Memory system', 'Failure', 'Detected 2 volatile double-bit ECC error(s) in GPU 2.', NULL, 'host/dcgmi-health.json'),
 (1, 'gpu-7', 'health', 'GPU', 5, 'PCIe system', 'Warning', 'Detected more than 8 PCIe replays per minute for GPU 5 : 13', NULL, 'host/dcgmi-health.json'),
 (1, 'gpu-7', 'diag', 'GPU', 0, 'software', 'Pass', NULL, NULL, 'host/dcgmi-diag-r1.json'),
 (1, 'gpu-7', 'diag', 'GPU', 1, 'software', 'Fail', 'GPU 1 had uncorrectable memory errors and row remapping failed.', 80, 'host/dcgmi-diag-r1.json');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, start_time, file) VALUES
 (1, 'shop', 'trainer-7', 'gpu-7', 'Running', 'Running', 1, 8, '2026-11-23T05:00:00Z', 'resources/shop/pods.json');
