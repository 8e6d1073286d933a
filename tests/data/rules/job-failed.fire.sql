-- A training job on a GPU node whose GPU fell off the bus: the job's root
-- is the Xid, through its pod's NCCL failure.
-- expect: job-failed Job shop/finetune
-- expect: gpu-xid Node -/gpu-7
-- expect-root: job-failed Job shop/finetune gpu-xid
-- expect-root: nccl-failure Pod shop/finetune-x7k2p gpu-xid
-- expect-affected: gpu-xid Pod shop/finetune-x7k2p
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, succeeded, failed, file)
VALUES (1, 'Job', 'shop', 'finetune', 1, 0, 0, 1, 'resources/shop/jobs.batch.json');
INSERT INTO workload_conditions VALUES
 (1, 'Job', 'shop', 'finetune', 'Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', '2026-11-23T09:36:00Z');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, owner_kind, owner_name, gpu_request, start_time, file) VALUES
 (1, 'shop', 'finetune-x7k2p', 'gpu-7', 'Failed', 'Error', 0, 'Job', 'finetune', 4, '2026-11-23T05:00:00Z', 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, restart_count, state, state_reason, state_exit_code, state_finished) VALUES
 (1, 'shop', 'finetune-x7k2p', 'trainer', 'container', 0, 0, 'terminated', 'Error', 1, '2026-11-23T09:35:31Z');
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-7', '0000:18:00', 79, '2026-11-23T09:35:00Z', 4242, 'python3', 'NVRM: Xid (PCI:0000:18:00): 79, pid=4242, name=python3, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-7/logs/kern.log');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'finetune-x7k2p', 'trainer', 0, 1, '2026-11-23T09:35:03Z', '[rank3]: RuntimeError: CUDA error: unspecified launch failure', 'logs/shop/finetune-x7k2p/trainer.log'),
 (1, 'shop', 'finetune-x7k2p', 'trainer', 0, 2, '2026-11-23T09:35:08Z', '[rank0]:[E ProcessGroupNCCL.cpp:563] [Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=91022, OpType=ALLREDUCE) ran for 600351 milliseconds before timing out.', 'logs/shop/finetune-x7k2p/trainer.log');
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-7', 'nvidia.com/gpu', 8, 8, '8', '8');
