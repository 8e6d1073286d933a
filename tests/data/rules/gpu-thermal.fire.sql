-- expect: gpu-thermal Node -/gpu-7
-- expect-evidence: gpu-thermal DCGM_FI_DEV_GPU_TEMP 91
INSERT INTO metrics(bundle_id, source, node, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'gpu-7', 'DCGM_FI_DEV_GPU_TEMP', '{"gpu":"5"}', 91, '2026-11-23T10:00:00Z'),
 (1, 'dcgm-exporter', 'gpu-7', 'DCGM_FI_DEV_CLOCK_THROTTLE_REASONS', '{"gpu":"5"}', 64, '2026-11-23T10:00:00Z');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-7', 'nvidia.com/gpu', 8, 8, '8', '8');
