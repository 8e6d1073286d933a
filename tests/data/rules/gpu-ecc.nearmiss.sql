-- Corrected single-bit errors only: normal.
-- expect-none: gpu-ecc
INSERT INTO metrics(bundle_id, source, node, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_ECC_SBE_VOL_TOTAL', '{"gpu":"3"}', 14, '2026-11-23T10:00:00Z'),
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL', '{"gpu":"3"}', 0, '2026-11-23T10:00:00Z');
