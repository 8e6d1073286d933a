-- id: device-plugin-health
-- title: NVIDIA device plugin stopped offering a GPU
-- severity: warning
-- category: gpu
-- remediation: The device plugin stopped offering a GPU after a health event (a critical Xid or ECC error) while its own pod kept running, so nothing restarts and the node quietly advertises fewer GPUs. Act on the GPU fault it names (see any gpu-xid finding for that node), then restart the device plugin pod so it offers the GPU again.
--
-- Symptom: GPU pods stay Pending or land elsewhere; the node's
-- allocatable nvidia.com/gpu dropped, yet the plugin pod is Running and
-- Ready, so no pod-level rule fires.
-- Root cause found: the plugin's health line (a GPU marked unhealthy, NVML
-- not loaded, no devices found), matched by the device-plugin failure
-- signatures (reports/gpu/signatures.txt) in its current or previous log,
-- its termination or waiting message, or a kubelet event about it.
-- Evidence: the health lines, newest first.
-- Thresholds: one line: the plugin prints these only when it marks a
-- device unhealthy or finds none to offer.
SELECT *,
       'Device plugin pod ''' || namespace || '/' || name || '''' ||
       ' is not offering a GPU it should' ||
       lines || ': "' || latest || '".' AS summary
-- per container, its newest three lines that match a signature feeding
-- this rule, each with the matched signature's remedy
-- (reports/gpu/sig-hits.sql)
FROM sig_hits('device-plugin-health');
