-- A selector-less service with hand-made endpoints, and an ExternalName one.
-- expect-none: service-no-endpoints
INSERT INTO services(bundle_id, namespace, name, type, selector, external_name, ports, file) VALUES
 (1, 'shop', 'external-db', 'ClusterIP', NULL, NULL, '[{"port":5432}]', 'resources/shop/services.json'),
 (1, 'shop', 'openai', 'ExternalName', NULL, 'api.openai.com', '[]', 'resources/shop/services.json');
INSERT INTO endpoints VALUES (1, 'shop', 'external-db', '192.168.1.10', 1, NULL, NULL, NULL, '[{"port":5432}]');
