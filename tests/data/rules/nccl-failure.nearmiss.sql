-- NCCL start-up chatter, and c10d waiting for ranks that do come.
-- expect-none: nccl-failure
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 3, '2026-11-23T10:00:00Z', 'ok-trainer-0:42:42 [0] NCCL INFO Bootstrap : Using eth0:10.1.0.7<0>', 'logs/shop/ok-trainer-0/trainer.log'),
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 4, '2026-11-23T10:00:00Z', 'ok-trainer-0:42:42 [0] NCCL INFO NET/Plugin: No plugin found (libnccl-net.so), using internal implementation', 'logs/shop/ok-trainer-0/trainer.log'),
 (1, 'shop', 'ok-trainer-0', 'trainer', 0, 2, '2026-11-23T10:00:00Z', 'INFO | torch.distributed.distributed_c10d | Waiting in store based barrier to initialize process group for rank: 0, key: store_based_barrier_key:1 (world_size=2, worker_count=1, timeout=0:30:00)', 'logs/shop/ok-trainer-0/trainer.log');
