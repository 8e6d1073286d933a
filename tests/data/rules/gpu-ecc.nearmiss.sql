-- Corrected single-bit errors only: normal. Rows the GPU already
-- remapped (history) with nothing pending, no retired pages.
-- expect-none: gpu-ecc
INSERT INTO metrics(bundle_id, source, node, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_ECC_SBE_VOL_TOTAL', '{"gpu":"3"}', 14, '2026-11-23T10:00:00Z'),
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL', '{"gpu":"3"}', 0, '2026-11-23T10:00:00Z');
INSERT INTO metrics(bundle_id, source, node, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_ROW_REMAP_PENDING', '{"gpu":"3"}', 0, '2026-11-23T10:00:00Z'),
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_RETIRED_DBE', '{"gpu":"3"}', 0, '2026-11-23T10:00:00Z');
INSERT INTO gpus(bundle_id, node, gpu_index, uuid, product, retired_pages, remapped_rows_pending, source) VALUES
 (1, 'ok-gpu-1', 0, 'GPU-ok-0', 'NVIDIA H100 80GB HBM3', 0, 0, 'dcgm-exporter');
