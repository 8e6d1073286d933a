-- Memory figures in a normal start-up line.
-- expect-none: cuda-oom
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 2, '2026-11-23T10:00:00Z', 'INFO gpu_memory_utilization=0.90, # GPU blocks: 7424, memory profiling took 4.2 seconds', 'logs/shop/ok-trainer-0/trainer.log');
