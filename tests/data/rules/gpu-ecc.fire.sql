-- expect: gpu-ecc Node -/gpu-7
-- expect-evidence: gpu-ecc DCGM_FI_DEV_ECC_DBE_VOL_TOTAL
-- A V100 at the page-retirement limit (nvidia-smi of a host bundle).
-- expect: gpu-ecc Node -/gpu-8
-- expect-evidence: gpu-ecc retired pages 64
-- expect-sql: SELECT count(*) FROM findings WHERE rule = 'gpu-ecc' AND node = 'gpu-8' AND severity = 'critical'
INSERT INTO metrics(bundle_id, source, node, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'gpu-7', 'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL', '{"gpu":"3"}', 2, '2026-11-23T10:00:00Z');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-7', 'nvidia.com/gpu', 8, 8, '8', '8');
INSERT INTO gpus(bundle_id, node, gpu_index, uuid, product, retired_pages, source) VALUES
 (1, 'gpu-8', 0, 'GPU-v100-0', 'Tesla V100-SXM2-32GB', 64, 'nvidia-smi');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-8', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
