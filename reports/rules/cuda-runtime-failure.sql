-- id: cuda-runtime-failure
-- title: A GPU program failed at run time, or lost its GPU
-- severity: critical
-- category: gpu
-- remediation: A CUDA context died while the program ran: the GPU reported an uncorrectable ECC error, a kernel faulted (illegal memory access, unspecified launch failure), or the GPU fell off the bus, sometimes without any Xid. Look at the node's kernel log for an Xid at the same time (see any gpu-xid finding); for a hardware fault drain the node, reboot it and open a case if it recurs; without one suspect the software (try another version or backend) and restart the pod.
--
-- Symptom: a serving or training pod that was working crashes or its
-- engine dies ("CUDA error: an illegal memory access was encountered",
-- "uncorrectable ECC error encountered", "unspecified launch failure",
-- "Engine core proc ... died unexpectedly"); nvidia-smi in a pod says
-- "Unable to determine the device handle for GPU ...: Unknown Error" or
-- "No devices were found".
-- Root cause found: the run-time error, matched by the failure
-- signatures of reports/gpu/signatures.txt, in the container's current or
-- previous log, its termination message, or a kubelet event about that
-- container (involvedObject.fieldPath, e.g. a failed startup probe).
-- When an Xid on the node explains it, the correlation pass makes the Xid
-- the root (cuda-error-xid).
-- Evidence: the matched lines, newest first.
-- Thresholds: one line: CUDA prints these only when a context is lost.
SELECT *,
       subject ||
       ' failed on its GPU at run time' ||
       lines || ': "' || latest || '".' AS summary
-- per container, its newest three lines that match a signature feeding
-- this rule, each with the matched signature's remedy
-- (reports/gpu/sig-hits.sql)
FROM sig_hits('cuda-runtime-failure');
