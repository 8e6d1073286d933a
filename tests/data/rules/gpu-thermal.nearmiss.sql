-- Warm but fine (72 C), idle clocks only (throttle bit 0x01 GPU idle).
-- expect-none: gpu-thermal
INSERT INTO metrics(bundle_id, source, node, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_GPU_TEMP', '{"gpu":"5"}', 72, '2026-11-23T10:00:00Z'),
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_CLOCK_THROTTLE_REASONS', '{"gpu":"5"}', 1, '2026-11-23T10:00:00Z');
