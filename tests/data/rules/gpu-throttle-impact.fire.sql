-- GPU 3 of gpu-7 at HW thermal slowdown (0x40) while the pod the exporter
-- maps to it restarted ten minutes earlier; the pod on GPU 5, cool, also
-- restarted but is not this finding's. gpu-8 (no pod mapping, nvidia-smi
-- of a host bundle at 10:05): its GPU pod is in a crash loop now.
-- expect: gpu-throttle-impact Node -/gpu-7
-- expect-summary: gpu-throttle-impact 1 GPU pod(s)
-- expect-evidence: gpu-throttle-impact DCGM_FI_DEV_CLOCK_THROTTLE_REASONS 0x40
-- expect-evidence: gpu-throttle-impact shop/trainer-7: container trainer restarted 3 time(s) (Error)
-- expect-affected: gpu-throttle-impact Pod shop/trainer-7
-- expect-sql: SELECT NOT EXISTS (SELECT 1 FROM finding_evidence e JOIN findings f ON f.id = e.finding_id WHERE f.rule = 'gpu-throttle-impact' AND e.text LIKE '%cool-7%')
-- expect: gpu-throttle-impact Node -/gpu-8
-- expect-evidence: gpu-throttle-impact GPU 0: clock event reasons hw_slowdown,hw_thermal_slowdown
-- expect-affected: gpu-throttle-impact Pod shop/infer-8
INSERT INTO metrics(bundle_id, source, node, namespace, pod, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'gpu-7', 'shop', 'trainer-7', 'DCGM_FI_DEV_CLOCK_THROTTLE_REASONS', '{"gpu":"3","namespace":"shop","pod":"trainer-7"}', 64, '2026-11-23T10:00:00Z'),
 (1, 'dcgm-exporter', 'gpu-7', 'shop', 'cool-7', 'DCGM_FI_DEV_CLOCK_THROTTLE_REASONS', '{"gpu":"5","namespace":"shop","pod":"cool-7"}', 1, '2026-11-23T10:00:00Z');
INSERT INTO bundles(id, path, format, kind, node_name, collected_start, collected_end, complete) VALUES
 (2, 'host.tar.gz', 'sbundle', 'host', 'gpu-8', '2026-11-23T10:04:00Z', '2026-11-23T10:05:00Z', 1);
INSERT INTO gpus(bundle_id, node, gpu_index, uuid, product, temperature, temp_slowdown, throttle_reasons, source) VALUES
 (2, 'gpu-8', 0, 'GPU-gpu8-0', 'NVIDIA H100 80GB HBM3', 78, 87, 'hw_slowdown,hw_thermal_slowdown', 'nvidia-smi');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json'),
 (1, 'gpu-8', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, gpu_request, start_time, file) VALUES
 (1, 'shop', 'trainer-7', 'gpu-7', 'Running', 'Running', 1, 3, 1, '2026-11-23T05:00:00Z', 'resources/shop/pods.json'),
 (1, 'shop', 'cool-7', 'gpu-7', 'Running', 'Running', 1, 1, 1, '2026-11-23T05:00:00Z', 'resources/shop/pods.json'),
 (1, 'shop', 'infer-8', 'gpu-8', 'Running', 'CrashLoopBackOff', 0, 6, 1, '2026-11-23T05:00:00Z', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, state_reason, last_state, last_reason, last_exit_code, last_finished) VALUES
 (1, 'shop', 'trainer-7', 'trainer', 'container', 1, 3, 'running', NULL, 'terminated', 'Error', 1, '2026-11-23T09:50:00Z'),
 (1, 'shop', 'cool-7', 'app', 'container', 1, 1, 'running', NULL, 'terminated', 'Error', 1, '2026-11-23T09:55:00Z'),
 (1, 'shop', 'infer-8', 'server', 'container', 0, 6, 'waiting', 'CrashLoopBackOff', 'terminated', NULL, 1, NULL);
