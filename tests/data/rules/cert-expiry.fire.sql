-- expect: cert-expiry Certificate shop/api-tls
-- expect-summary: cert-expiry expired on 2026-11-20
-- expect: cert-expiry Pod shop/client-1
-- expect-evidence: cert-expiry x509: certificate has expired
INSERT INTO objects(bundle_id, kind, resource, namespace, name, json, file) VALUES
 (1, 'Certificate', 'certificates.cert-manager.io', 'shop', 'api-tls', '{"status":{"notAfter":"2026-11-20T00:00:00Z"}}', 'resources/shop/certificates.cert-manager.io.json');
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'client-1', 'app', 0, 1, '2026-11-23T10:00:00Z', 'Get "https://api.example.com": x509: certificate has expired or is not yet valid: current time 2026-11-23T10:00:00Z is after 2026-11-20T00:00:00Z', 'logs/shop/client-1/app.log');
