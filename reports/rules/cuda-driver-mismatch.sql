-- id: cuda-driver-mismatch
-- title: CUDA runtime and GPU driver do not match
-- severity: critical
-- category: gpu
-- remediation: The container's CUDA runtime needs a newer driver than the node has, or the driver's user-space libraries do not match the kernel module. Use an image built for the node's CUDA version (nvidia-smi shows the highest CUDA version the driver supports) or upgrade the node's driver; after a driver upgrade without a reboot ("Driver/library version mismatch") reboot the node or reload the nvidia kernel modules; with the GPU Operator keep the driver and toolkit versions it manages in step.
--
-- Symptom: "CUDA driver version is insufficient for CUDA runtime
-- version", "Failed to initialize NVML: Driver/library version
-- mismatch", torch.cuda.is_available() False on a GPU node.
-- Root cause found: the driver/runtime mismatch message in the log.
-- Evidence: the log lines.
-- Thresholds: the explicit mismatch messages only; a generic "no CUDA
-- device" can have other causes (no GPU requested) and is not matched.
SELECT *,
       subject ||
       ' cannot use the GPU: the CUDA runtime and the driver do not match' ||
       lines || ': "' || latest || '".' AS summary
-- per container, its newest three lines that match a signature feeding
-- this rule or the rule's own broad pattern (the second argument),
-- each with the matched signature's remedy (reports/gpu/sig-hits.sql)
FROM sig_hits('cuda-driver-mismatch',
              '(?i)CUDA driver version is insufficient|cudaErrorInsufficientDriver|Driver/library version mismatch|NVML library version mismatch|forward compatibility was attempted on non supported HW|unsupported display driver / cuda driver combination|The NVIDIA driver on your system is too old|driver version .* is (too old|insufficient)|requires (a )?(newer|minimum) (NVIDIA )?driver|CUDA_ERROR_COMPAT_NOT_SUPPORTED|cuda>=[0-9.]+ .*unsatisfied condition');
