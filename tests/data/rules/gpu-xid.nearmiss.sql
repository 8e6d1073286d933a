-- NVRM lines that are not Xids (driver load banner) and an exporter showing 0.
-- expect-none: gpu-xid
INSERT INTO node_log_lines(bundle_id, node, source, line_no, time, text, file) VALUES
 (1, 'ok-gpu-1', 'kern.log', 1, '2026-11-23T08:00:00Z', 'NVRM: loading NVIDIA UNIX x86_64 Kernel Module  535.104.05', 'nodes/ok-gpu-1/logs/kern.log');
INSERT INTO metrics(bundle_id, source, node, name, labels, value, time) VALUES
 (1, 'dcgm-exporter', 'ok-gpu-1', 'DCGM_FI_DEV_XID_ERRORS', '{"gpu":"0"}', 0, '2026-11-23T10:00:00Z');
