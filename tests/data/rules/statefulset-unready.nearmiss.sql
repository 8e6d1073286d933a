-- expect-none: statefulset-unready
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, ready, file)
VALUES (1, 'StatefulSet', 'shop', 'ok-trainer', 1, 1, 1, 'resources/shop/statefulsets.apps.json'),
       (1, 'StatefulSet', 'shop', 'scaled-down', 0, 0, 0, 'resources/shop/statefulsets.apps.json');
