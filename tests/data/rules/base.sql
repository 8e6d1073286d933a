-- A small healthy cluster every rule scenario starts from. Nothing here
-- may get a warning or critical finding: every object named "ok-..." is
-- checked after each scenario.
INSERT INTO bundles(id, path, format, kind, cluster, collected_start,
                    collected_end, complete)
VALUES (1, 'test.tar.gz', 'sbundle', 'cluster', 'test',
        '2026-11-23T10:00:00Z', '2026-11-23T10:05:00Z', 1);

INSERT INTO namespaces VALUES (1, 'shop', 'Active', '2026-11-01T00:00:00Z');
INSERT INTO namespaces VALUES (1, 'kube-system', 'Active', '2026-11-01T00:00:00Z');

INSERT INTO nodes(bundle_id, name, ready, ready_since, unschedulable, roles,
                  kubelet_version, labels, file)
VALUES (1, 'ok-node-1', 'True', '2026-11-01T00:00:00Z', 0, 'worker',
        'v1.29.4', '{"kubernetes.io/hostname":"ok-node-1"}',
        'resources/_cluster/nodes.json'),
       (1, 'ok-gpu-1', 'True', '2026-11-01T00:00:00Z', 0, 'worker',
        'v1.29.4', '{"nvidia.com/gpu.present":"true"}',
        'resources/_cluster/nodes.json');
INSERT INTO node_conditions VALUES
 (1, 'ok-node-1', 'Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', '2026-11-01T00:00:00Z', '2026-11-23T10:04:00Z'),
 (1, 'ok-node-1', 'MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', '2026-11-01T00:00:00Z', '2026-11-23T10:04:00Z'),
 (1, 'ok-node-1', 'DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', '2026-11-01T00:00:00Z', '2026-11-23T10:04:00Z'),
 (1, 'ok-node-1', 'PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', '2026-11-01T00:00:00Z', '2026-11-23T10:04:00Z'),
 (1, 'ok-gpu-1', 'Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', '2026-11-01T00:00:00Z', '2026-11-23T10:04:00Z'),
 (1, 'ok-gpu-1', 'MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', '2026-11-01T00:00:00Z', '2026-11-23T10:04:00Z');
INSERT INTO node_resources VALUES
 (1, 'ok-node-1', 'cpu', 8000, 7800, '8', '7800m'),
 (1, 'ok-node-1', 'memory', 34359738368, 33285996544, '32Gi', '31Gi'),
 (1, 'ok-gpu-1', 'cpu', 32000, 31800, '32', '31800m'),
 (1, 'ok-gpu-1', 'memory', 274877906944, 273804165120, '256Gi', '255Gi'),
 (1, 'ok-gpu-1', 'nvidia.com/gpu', 8, 8, '8', '8');

-- a healthy web deployment with its service
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current,
                      ready, available, updated, unavailable, selector,
                      template_labels, generation, observed_generation, file)
VALUES (1, 'Deployment', 'shop', 'ok-web', 2, 2, 2, 2, 2, 0,
        '{"app":"ok-web"}', '{"app":"ok-web"}', 3, 3,
        'resources/shop/deployments.apps.json'),
       (1, 'ReplicaSet', 'shop', 'ok-web-5d9f', 2, 2, 2, 2, NULL, NULL,
        '{"app":"ok-web"}', '{"app":"ok-web"}', 1, 1,
        'resources/shop/replicasets.apps.json');
INSERT INTO workload_conditions VALUES
 (1, 'Deployment', 'shop', 'ok-web', 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', '2026-11-20T00:00:00Z'),
 (1, 'Deployment', 'shop', 'ok-web', 'Progressing', 'True', 'NewReplicaSetAvailable', 'ReplicaSet "ok-web-5d9f" has successfully progressed.', '2026-11-20T00:00:00Z');
INSERT INTO owners VALUES
 (1, 'ReplicaSet', 'shop', 'ok-web-5d9f', 'Deployment', 'ok-web', 'u-dep', 1),
 (1, 'Pod', 'shop', 'ok-web-5d9f-aaaaa', 'ReplicaSet', 'ok-web-5d9f', 'u-rs', 1),
 (1, 'Pod', 'shop', 'ok-web-5d9f-bbbbb', 'ReplicaSet', 'ok-web-5d9f', 'u-rs', 1);
INSERT INTO pods(bundle_id, namespace, name, uid, created, node, phase,
                 status, ready, ready_containers, total_containers, restarts,
                 owner_kind, owner_name, start_time, labels, volumes,
                 gpu_request, file)
VALUES
 (1, 'shop', 'ok-web-5d9f-aaaaa', 'u-p1', '2026-11-20T00:00:00Z', 'ok-node-1',
  'Running', 'Running', 1, 1, 1, 0, 'ReplicaSet', 'ok-web-5d9f',
  '2026-11-20T00:00:00Z', '{"app":"ok-web"}', '[]', 0, 'resources/shop/pods.json'),
 (1, 'shop', 'ok-web-5d9f-bbbbb', 'u-p2', '2026-11-20T00:00:00Z', 'ok-node-1',
  'Running', 'Running', 1, 1, 1, 1, 'ReplicaSet', 'ok-web-5d9f',
  '2026-11-20T00:00:00Z', '{"app":"ok-web"}', '[]', 0, 'resources/shop/pods.json'),
 (1, 'shop', 'ok-trainer-0', 'u-p3', '2026-11-22T00:00:00Z', 'ok-gpu-1',
  'Running', 'Running', 1, 1, 1, 0, 'StatefulSet', 'ok-trainer',
  '2026-11-22T00:00:00Z', '{"app":"ok-trainer"}', '[]', 2, 'resources/shop/pods.json');
INSERT INTO pod_conditions VALUES
 (1, 'shop', 'ok-web-5d9f-aaaaa', 'Ready', 'True', NULL, NULL, '2026-11-20T00:01:00Z'),
 (1, 'shop', 'ok-web-5d9f-bbbbb', 'Ready', 'True', NULL, NULL, '2026-11-20T00:01:00Z'),
 (1, 'shop', 'ok-trainer-0', 'Ready', 'True', NULL, NULL, '2026-11-22T00:01:00Z');
INSERT INTO containers(bundle_id, namespace, pod, name, type, image, ports,
                       memory_limit, gpu_request, readiness_probe,
                       ready, started, restart_count, state, state_started,
                       last_state, last_reason, last_exit_code, last_finished)
VALUES
 (1, 'shop', 'ok-web-5d9f-aaaaa', 'web', 'container', 'shop/web:1.4',
  '[{"containerPort":8000,"protocol":"TCP","name":"http"}]', 536870912, 0,
  '{"httpGet":{"path":"/ready","port":8000}}', 1, 1, 0, 'running',
  '2026-11-20T00:00:10Z', NULL, NULL, NULL, NULL),
 (1, 'shop', 'ok-web-5d9f-bbbbb', 'web', 'container', 'shop/web:1.4',
  '[{"containerPort":8000,"protocol":"TCP","name":"http"}]', 536870912, 0,
  '{"httpGet":{"path":"/ready","port":8000}}', 1, 1, 1, 'running',
  '2026-11-21T00:00:10Z', 'terminated', 'Completed', 0, '2026-11-21T00:00:05Z'),
 (1, 'shop', 'ok-trainer-0', 'trainer', 'container', 'shop/trainer:2',
  '[]', 68719476736, 2, NULL, 1, 1, 0, 'running', '2026-11-22T00:00:10Z',
  NULL, NULL, NULL, NULL);
INSERT INTO services(bundle_id, namespace, name, type, cluster_ip, selector,
                     ports, file)
VALUES (1, 'shop', 'ok-web', 'ClusterIP', '10.96.0.20', '{"app":"ok-web"}',
        '[{"name":"http","port":80,"targetPort":8000,"protocol":"TCP"}]',
        'resources/shop/services.json'),
       (1, 'default', 'kubernetes', 'ClusterIP', '10.96.0.1', NULL,
        '[{"name":"https","port":443,"targetPort":6443,"protocol":"TCP"}]',
        'resources/default/services.json');
INSERT INTO endpoints VALUES
 (1, 'shop', 'ok-web', '10.1.0.5', 1, 'Pod', 'ok-web-5d9f-aaaaa', 'ok-node-1', '[{"port":8000}]'),
 (1, 'shop', 'ok-web', '10.1.0.6', 1, 'Pod', 'ok-web-5d9f-bbbbb', 'ok-node-1', '[{"port":8000}]'),
 (1, 'default', 'kubernetes', '10.0.0.10', 1, NULL, NULL, NULL, '[{"port":6443}]');
INSERT INTO ingresses VALUES
 (1, 'shop', 'ok-web', 'nginx', 'shop.example.com', '/', 'ok-web', '80', NULL);
INSERT INTO storageclasses VALUES (1, 'standard', 'rancher.io/local-path', 1, 'WaitForFirstConsumer', 'Delete');
INSERT INTO pvcs VALUES (1, 'shop', 'ok-data', 'u-pvc', '2026-11-01T00:00:00Z', 'Bound', 'pv-1', 'standard', '["ReadWriteOnce"]', 1073741824, 1073741824);
INSERT INTO pvs VALUES (1, 'pv-1', 'Bound', 1073741824, 'standard', 'Delete', 'shop', 'ok-data', '["ReadWriteOnce"]');

-- normal events and ordinary log lines (an INFO line mentioning errors=0
-- must not count as an error)
INSERT INTO events(bundle_id, namespace, name, type, reason, message, count,
                   first_seen, last_seen, object_kind, object_namespace,
                   object_name, source_component, file)
VALUES (1, 'shop', 'ok-web.1', 'Normal', 'Pulled', 'Container image "shop/web:1.4" already present on machine', 1,
        '2026-11-20T00:00:05Z', '2026-11-20T00:00:05Z', 'Pod', 'shop', 'ok-web-5d9f-aaaaa', 'kubelet', 'resources/shop/events.json'),
       (1, 'shop', 'ok-web.2', 'Normal', 'ScalingReplicaSet', 'Scaled up replica set ok-web-5d9f to 2', 1,
        '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', 'Deployment', 'shop', 'ok-web', 'deployment-controller', 'resources/shop/events.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no,
                      time, text, file)
VALUES (1, 'shop', 'ok-web-5d9f-aaaaa', 'web', 0, 1, '2026-11-23T10:00:00Z',
        'INFO:     Application startup complete.', 'logs/shop/ok-web-5d9f-aaaaa/web.log'),
       (1, 'shop', 'ok-web-5d9f-aaaaa', 'web', 0, 2, '2026-11-23T10:01:00Z',
        'INFO:     10.1.0.1 - "GET /health HTTP/1.1" 200 OK errors=0', 'logs/shop/ok-web-5d9f-aaaaa/web.log'),
       (1, 'shop', 'ok-trainer-0', 'trainer', 0, 1, '2026-11-23T10:00:00Z',
        'step 1200 loss 1.23 lr 2e-5', 'logs/shop/ok-trainer-0/trainer.log');
INSERT INTO gpus(bundle_id, node, gpu_index, uuid, product, driver_version,
                 cuda_version, temperature, temp_slowdown, power_draw,
                 power_limit, utilization, memory_used, memory_total,
                 ecc_volatile_uncorrected, source)
VALUES (1, 'ok-gpu-1', 0, 'GPU-aaaa', 'NVIDIA A100-SXM4-80GB', '535.104.05',
        '12.2', 54, 87, 250, 400, 80, 40000, 81920, 0, 'dcgm-exporter');
