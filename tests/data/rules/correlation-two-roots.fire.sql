-- Two roots on one node: the device plugin has been failing since 06:00
-- (gpu-unavailable, which takes down the node's unready GPU pods), then at
-- 09:35 a GPU fell off the bus (Xid 79) and the training pod's NCCL
-- collective died seconds later. The NCCL failure is the Xid's: the
-- nearest root that began before it, not the older outage.
-- expect: gpu-unavailable Node -/gpu-7
-- expect: gpu-xid Node -/gpu-7
-- expect: nccl-failure Pod shop/trainer-0
-- expect-affected: gpu-unavailable Pod shop/trainer-0
-- expect-root: nccl-failure Pod shop/trainer-0 gpu-xid
INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, file) VALUES
 (1, 'gpu-7', 'True', '2026-11-01T00:00:00Z', 0, 'resources/_cluster/nodes.json');
INSERT INTO node_resources VALUES (1, 'gpu-7', 'nvidia.com/gpu', 8, 4, '8', '4');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, restarts, file) VALUES
 (1, 'gpu-operator', 'nvidia-device-plugin-daemonset-7x', 'gpu-7', 'Running', 'CrashLoopBackOff', 0, 31, 'resources/gpu-operator/pods.json');
INSERT INTO events(bundle_id, namespace, type, reason, message, count, first_seen, last_seen, object_kind, object_namespace, object_name, file) VALUES
 (1, 'gpu-operator', 'Warning', 'BackOff', 'Back-off restarting failed container nvidia-device-plugin-ctr', 31, '2026-11-23T06:00:00Z', '2026-11-23T09:50:00Z', 'Pod', 'gpu-operator', 'nvidia-device-plugin-daemonset-7x', 'resources/gpu-operator/events.json');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, start_time, file) VALUES
 (1, 'shop', 'trainer-0', 'gpu-7', 'Failed', 'Error', 0, 4, '2026-11-23T05:00:00Z', 'resources/shop/pods.json');
INSERT INTO gpu_xids(bundle_id, node, pci, code, time, pid, process, text, source, file) VALUES
 (1, 'gpu-7', '0000:18:00', 79, '2026-11-23T09:35:00Z', 4242, 'python3', 'NVRM: Xid (PCI:0000:18:00): 79, pid=4242, name=python3, GPU has fallen off the bus.', 'kern.log', 'nodes/gpu-7/logs/kern.log');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'trainer-0', 'trainer', 0, 1, '2026-11-23T09:35:08Z', '[rank0]:[E ProcessGroupNCCL.cpp:563] [Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=91022, OpType=ALLREDUCE) ran for 600351 milliseconds before timing out.', 'logs/shop/trainer-0/trainer.log');
