-- expect: daemonset-unavailable DaemonSet kube-system/fluent-bit
-- expect: pod-image-pull Pod kube-system/fluent-bit-zz9
-- expect-root: daemonset-unavailable DaemonSet kube-system/fluent-bit pod-image-pull
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, ready, available, unavailable, file)
VALUES (1, 'DaemonSet', 'kube-system', 'fluent-bit', 2, 2, 1, 1, 1, 'resources/kube-system/daemonsets.apps.json');
INSERT INTO pods(bundle_id, namespace, name, node, phase, status, ready, owner_kind, owner_name, file) VALUES
 (1, 'kube-system', 'fluent-bit-zz9', 'ok-gpu-1', 'Pending', 'ImagePullBackOff', 0, 'DaemonSet', 'fluent-bit', 'resources/kube-system/pods.json');
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ready, state, state_reason, state_message) VALUES
 (1, 'kube-system', 'fluent-bit-zz9', 'fluent-bit', 'container', 'fluent/fluent-bit:9.9.9', 0, 'waiting', 'ImagePullBackOff', 'Back-off pulling image "fluent/fluent-bit:9.9.9"');
