-- A ready ClusterPolicy whose operands run, with a CUDA validator that
-- completed (Succeeded is its success); a pod named nvidia-* in another
-- namespace that is not ready is not an operand.
-- expect-none: gpu-operator
INSERT INTO objects(bundle_id, api_version, kind, resource, namespace, name, json, file) VALUES
 (1, 'nvidia.com/v1', 'ClusterPolicy', 'clusterpolicies.nvidia.com', NULL, 'ok-policy',
  '{"kind":"ClusterPolicy","metadata":{"name":"ok-policy"},"status":{"namespace":"gpu-operator","state":"ready","conditions":[{"type":"Ready","status":"True","reason":"Reconciled"},{"type":"Error","status":"False"}]}}',
  'resources/_cluster/clusterpolicies.nvidia.com.json');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, gpu_request, start_time, file) VALUES
 (1, 'gpu-operator', 'nvidia-driver-daemonset-ok', 'ok-gpu-1', 'Running', 'Running', 1, 0, '2026-11-23T08:00:00Z', 'resources/gpu-operator/pods.json'),
 (1, 'gpu-operator', 'nvidia-cuda-validator-ok', 'ok-gpu-1', 'Succeeded', 'Completed', 0, 0, '2026-11-23T08:00:00Z', 'resources/gpu-operator/pods.json'),
 (1, 'tools', 'nvidia-smi-debug', 'ok-gpu-1', 'Pending', 'ContainerCreating', 0, 0, '2026-11-23T08:00:00Z', 'resources/tools/pods.json');
