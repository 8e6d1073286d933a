-- expect: pod-config-error Pod shop/guardrails-1
-- expect-evidence: pod-config-error guardrails-config
-- expect-summary: pod-config-error ConfigMap 'guardrails-config'
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, file) VALUES
 (1, 'shop', 'guardrails-1', 'ok-node-1', 'Pending', 'CreateContainerConfigError', 0, 'resources/shop/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, ready, state, state_reason, state_message) VALUES
 (1, 'shop', 'guardrails-1', 'guard', 'container', 0, 'waiting', 'CreateContainerConfigError', 'configmap "guardrails-config" not found');
