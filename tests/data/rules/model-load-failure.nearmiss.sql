-- Progress messages while loading a model.
-- expect-none: model-load-failure
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 6, '2026-11-23T10:00:00Z', 'Loading checkpoint shards: 100%|##########| 4/4 [00:12<00:00,  3.01s/it]', 'logs/shop/ok-trainer-0/trainer.log'),
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 7, '2026-11-23T10:00:01Z', 'Model loaded successfully from /models/llama-3-8b', 'logs/shop/ok-trainer-0/trainer.log');
