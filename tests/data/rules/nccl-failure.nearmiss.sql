-- NCCL start-up chatter.
-- expect-none: nccl-failure
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 3, '2026-11-23T10:00:00Z', 'ok-trainer-0:42:42 [0] NCCL INFO Bootstrap : Using eth0:10.1.0.7<0>', 'logs/shop/ok-trainer-0/trainer.log'),
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 4, '2026-11-23T10:00:00Z', 'ok-trainer-0:42:42 [0] NCCL INFO NET/Plugin: No plugin found (libnccl-net.so), using internal implementation', 'logs/shop/ok-trainer-0/trainer.log');
