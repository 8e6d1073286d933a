-- expect: nccl-failure Pod shop/ddp-worker-1
-- expect-evidence: nccl-failure ncclRemoteError
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, file) VALUES
 (1, 'shop', 'ddp-worker-1', 'ok-gpu-1', 'Failed', 'Error', 0, 8, 'resources/shop/pods.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ddp-worker-1', 'trainer', 0, 1, '2026-11-23T09:00:00Z', 'torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1970, remote process exited or there was a network error, NCCL version 2.19.3 ncclRemoteError: A call failed possibly due to a network error or a remote process exiting prematurely.', 'logs/shop/ddp-worker-1/trainer.log');
