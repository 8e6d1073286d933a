-- A link of GPU 3 went down and retrained (recovery error), and GPU 5's
-- replay count grew between two collections of the node.
-- expect: gpu-nvlink Node -/gpu-7
-- expect-summary: gpu-nvlink GPU 3 RECOVERY_ERROR 2
-- expect-summary: gpu-nvlink GPU 5 REPLAY_ERROR grew 10 -> 250
-- expect-evidence: gpu-nvlink DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL
INSERT INTO bundles(id, path, format, kind) VALUES (2, 'later.tar.gz', 'sbundle', 'cluster');
INSERT INTO metrics(bundle_id, source, node, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'gpu-7', 'DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL', '{"gpu":"3"}', 2, '2026-11-23T10:00:00Z'),
 (1, 'dcgm-exporter', 'gpu-7', 'DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL', '{"gpu":"5"}', 10, '2026-11-23T10:00:00Z'),
 (2, 'dcgm-exporter', 'gpu-7', 'DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL', '{"gpu":"5"}', 250, '2026-11-23T11:00:00Z');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
