-- id: cuda-init-failure
-- title: CUDA or NVML cannot initialise the GPU in the container
-- severity: critical
-- category: gpu
-- remediation: The container got no working GPU: CUDA or NVML failed to initialise, or the NVIDIA container toolkit's hook refused to start it. Check that the pod requests nvidia.com/gpu and runs with the NVIDIA runtime, that nvidia-smi works on the node and in the container, that the node's kernel log has no Xid for the GPU, that the Fabric Manager runs on NVSwitch systems, and that the GPU Operator's driver and toolkit pods on the node are ready.
--
-- Symptom: the pod crash-loops at start or never starts: "CUDA error(3),
-- initialization error", "no CUDA-capable device is detected" (100),
-- "CUDA unknown error" (999), "system not yet initialized" (802),
-- "busy or unavailable" (46), "Failed to initialize NVML: Unknown
-- Error", "nvidia-container-cli: initialization error: nvml error: driver
-- not loaded"; the GPU Operator's validators wait forever.
-- Root cause found: the initialisation error, matched by the failure
-- signatures of reports/gpu/signatures.txt, in the container's current or
-- previous log, its termination or waiting message, or a kubelet event
-- about that container (involvedObject.fieldPath).
-- Evidence: the matched lines, newest first; a signature's remedy
-- replaces the generic one.
-- Thresholds: one line: these are printed only when initialisation
-- fails. A driver/runtime version mismatch is cuda-driver-mismatch's.
SELECT *,
       subject ||
       ' cannot initialise its GPU (CUDA, NVML or the container toolkit)' ||
       lines || ': "' || latest || '".' AS summary
-- per container, its newest three lines that match a signature feeding
-- this rule, each with the matched signature's remedy
-- (reports/gpu/sig-hits.sql)
FROM sig_hits('cuda-init-failure');
