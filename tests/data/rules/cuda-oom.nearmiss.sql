-- Memory figures in normal start-up lines (vLLM's free-memory and KV
-- cache reports beside the signatures that quote the same words).
-- expect-none: cuda-oom
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 2, '2026-11-23T10:00:00Z', 'INFO gpu_memory_utilization=0.90, # GPU blocks: 7424, memory profiling took 4.2 seconds', 'logs/shop/ok-trainer-0/trainer.log'),
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 3, '2026-11-23T10:00:01Z', 'Free memory on device (110.37/121.69 GiB) on startup.', 'logs/shop/ok-trainer-0/trainer.log'),
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 4, '2026-11-23T10:00:02Z', 'Maximum concurrency for 20000 tokens per request: 1.56x', 'logs/shop/ok-trainer-0/trainer.log');
