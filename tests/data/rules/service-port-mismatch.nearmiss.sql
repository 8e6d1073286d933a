-- targetPort by name, matching the container port's name.
-- expect-none: service-port-mismatch
INSERT INTO services(bundle_id, namespace, name, type, selector, ports, file) VALUES
 (1, 'shop', 'web-named', 'ClusterIP', '{"app":"ok-web"}', '[{"name":"http","port":80,"targetPort":"http"}]', 'resources/shop/services.json');
