-- A two-node training job: rank 0 on gpu-7, whose GPU fell off the bus at
-- 09:35:00, and rank 1 on gpu-8 (healthy), whose NCCL watchdog timed out
-- ten minutes later. Rank 1's failure is gpu-7's Xid.
-- expect-link: nccl-failure Pod shop/train-worker-1 gpu-xid nccl-rank-xid
-- expect-reason: nccl-rank-xid its peer train-worker-0 on gpu-7 lost its GPU (Xid 79) at 09:35:00
-- expect-root: nccl-failure Pod shop/train-worker-1 gpu-xid
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json'),
 (1, 'gpu-8', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-7', 'nvidia.com/gpu', 8, 8, '8', '8'),
                                  (1, 'gpu-8', 'nvidia.com/gpu', 8, 8, '8', '8');
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-7', '0000:18:00', 79, '2026-11-23T09:35:00Z', 4242, 'python3', 'NVRM: Xid (PCI:0000:18:00): 79, pid=4242, name=python3, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-7/logs/kern.log');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, owner_kind, owner_name, start_time, file) VALUES
 (1, 'shop', 'train-worker-0', 'gpu-7', 'Failed', 'Error', 0, 8, 'Job', 'train', '2026-11-23T05:00:00Z', 'resources/shop/pods.json'),
 (1, 'shop', 'train-worker-1', 'gpu-8', 'Failed', 'Error', 0, 8, 'Job', 'train', '2026-11-23T05:00:00Z', 'resources/shop/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'train-worker-1', 'trainer', 0, 1, '2026-11-23T09:45:01Z', '[rank1]:[E ProcessGroupNCCL.cpp:563] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=91022, OpType=ALLREDUCE) ran for 600351 milliseconds before timing out.', 'logs/shop/train-worker-1/trainer.log');
