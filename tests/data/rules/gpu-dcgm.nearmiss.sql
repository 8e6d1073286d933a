-- DCGM content: overall Healthy, every diag test passed or was skipped,
-- and a diagnostic run that could not start (not the GPU's fault).
-- expect-none: gpu-dcgm
INSERT INTO dcgm_results(bundle_id, node, check_kind, entity_group, entity_id, test, status, message, error_id, file) VALUES
 (1, 'ok-gpu-1', 'health', NULL, NULL, 'Overall Health', 'Healthy', NULL, NULL, 'host/dcgmi-health.json'),
 (1, 'ok-gpu-1', 'diag', 'GPU', 0, 'software', 'Pass', NULL, NULL, 'host/dcgmi-diag-r1.json'),
 (1, 'ok-gpu-1', 'diag', 'GPU', 1, 'software', 'Skip', NULL, NULL, 'host/dcgmi-diag-r1.json'),
 (1, 'ok-gpu-1', 'diag', NULL, NULL, 'runtime', 'Error', 'nvvs could not start', NULL, 'host/dcgmi-diag-r1.json');
