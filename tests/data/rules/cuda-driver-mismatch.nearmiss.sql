-- A version banner is not a mismatch.
-- expect-none: cuda-driver-mismatch
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 5, '2026-11-23T10:00:00Z', 'CUDA Version 12.2 (driver 535.104.05) detected, 8 devices', 'logs/shop/ok-trainer-0/trainer.log');
