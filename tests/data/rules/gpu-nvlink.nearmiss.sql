-- CRC and replay counts that are high but did not grow between two
-- collections (history since the driver loaded), and zero recoveries.
-- expect-none: gpu-nvlink
INSERT INTO bundles(id, path, format, kind) VALUES (2, 'later.tar.gz', 'sbundle', 'cluster');
INSERT INTO metrics(bundle_id, source, node, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL', '{"gpu":"0"}', 4096, '2026-11-23T10:00:00Z'),
 (2, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL', '{"gpu":"0"}', 4096, '2026-11-23T11:00:00Z'),
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL', '{"gpu":"0"}', 77, '2026-11-23T10:00:00Z'),
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL', '{"gpu":"0"}', 0, '2026-11-23T10:00:00Z');
