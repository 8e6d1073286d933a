-- A certificate valid for another 60 days.
-- expect-none: cert-expiry
INSERT INTO objects(bundle_id, kind, resource, namespace, name, json, file) VALUES
 (1, 'Certificate', 'certificates.cert-manager.io', 'shop', 'web-tls', '{"status":{"notAfter":"2027-01-22T00:00:00Z"}}', 'resources/shop/certificates.cert-manager.io.json');
