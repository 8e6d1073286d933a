-- expect: service-port-mismatch Service shop/web-alt
-- expect-summary: service-port-mismatch targetPort 9000
INSERT INTO services(bundle_id, namespace, name, type, selector, ports, file) VALUES
 (1, 'shop', 'web-alt', 'ClusterIP', '{"app":"ok-web"}', '[{"name":"http","port":80,"targetPort":9000}]', 'resources/shop/services.json');
