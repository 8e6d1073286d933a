-- The driver daemonset cannot build the module, so the operator stays
-- notReady and its validator waits in Init.
-- expect: gpu-operator ClusterPolicy -/cluster-policy
-- expect-summary: gpu-operator notReady
-- expect-summary: gpu-operator nvidia-driver-daemonset-x7k2p (CrashLoopBackOff)
-- expect-evidence: gpu-operator Ready=False
-- expect-evidence: gpu-operator pod gpu-operator/nvidia-operator-validator-9qz5d: Init:0/4
INSERT INTO objects(bundle_id, api_version, kind, resource, namespace, name, json, file) VALUES
 (1, 'nvidia.com/v1', 'ClusterPolicy', 'clusterpolicies.nvidia.com', NULL, 'cluster-policy',
  '{"apiVersion":"nvidia.com/v1","kind":"ClusterPolicy","metadata":{"name":"cluster-policy"},"status":{"namespace":"gpu-operator","state":"notReady","conditions":[{"type":"Ready","status":"False","reason":"OperandNotReady","message":"ClusterPolicy is not ready, states not ready: [state-driver]","lastTransitionTime":"2026-11-23T09:00:00Z"},{"type":"Error","status":"False","reason":"Reconciled"}]}}',
  'resources/_cluster/clusterpolicies.nvidia.com.json');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, start_time, file) VALUES
 (1, 'gpu-operator', 'nvidia-driver-daemonset-x7k2p', 'gpu-7', 'Running', 'CrashLoopBackOff', 0, 0, '2026-11-23T08:00:00Z', 'resources/gpu-operator/pods.json'),
 (1, 'gpu-operator', 'nvidia-operator-validator-9qz5d', 'gpu-7', 'Pending', 'Init:0/4', 0, 0, '2026-11-23T08:00:00Z', 'resources/gpu-operator/pods.json'),
 (1, 'gpu-operator', 'gpu-operator-5d9c7b8f6-abcde', 'cpu-1', 'Running', 'Running', 1, 0, '2026-11-23T08:00:00Z', 'resources/gpu-operator/pods.json');
