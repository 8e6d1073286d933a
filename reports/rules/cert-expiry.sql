-- id: cert-expiry
-- title: TLS certificate expired, expiring or not trusted
-- severity: warning
-- category: security
-- remediation: Renew the certificate before it expires (cert-manager: check the Certificate's Ready condition and the issuer; manual secrets: issue a new certificate and update the kubernetes.io/tls Secret). For "x509: certificate signed by unknown authority" give the client the right CA bundle or use a certificate from a trusted CA; for a hostname mismatch issue it with the right SANs; include intermediates in the chain.
--
-- Symptom: TLS handshake failures, "x509: certificate has expired or is
-- not yet valid", browsers warning on the ingress.
-- Root cause found: a certificate whose notAfter is past or within 14 days
-- of collection (cert-manager Certificates, and TLS Secrets whose public
-- metadata the collector recorded), or x509 errors in container logs.
-- Evidence: the notAfter date, the x509 log lines.
-- Thresholds: 14 days: renewals (cert-manager renews at 30 days left)
-- that have not happened by then need a person. Expired is critical.
WITH b AS (SELECT id, collected_end FROM bundles),
certs AS (
    SELECT o.bundle_id, o.kind, o.namespace, o.name, o.file,
           coalesce(json_extract(o.json, '$.status.notAfter'),
                    json_extract(o.json, '$.certificate.notAfter'),
                    json_extract(o.json, '$.certificate.not_after'),
                    json_extract(o.json, '$.metadata.annotations."sbundle.io/cert-not-after"'))
             AS not_after
    FROM objects o
    WHERE o.kind IN ('Certificate', 'Secret')
),
soon AS (
    SELECT c.*, b.collected_end FROM certs c JOIN b ON b.id = c.bundle_id
    WHERE c.not_after IS NOT NULL AND b.collected_end IS NOT NULL
      AND c.not_after < strftime('%Y-%m-%dT%H:%M:%SZ', b.collected_end, '+14 days')
),
x509 AS (
    SELECT l.*, p.node,
           row_number() OVER (PARTITION BY l.bundle_id, l.namespace, l.pod
                              ORDER BY l.line_no DESC) AS rn
    FROM log_grep('(?i)x509: |certificate has expired|certificate is not yet valid|certificate verify failed|CERTIFICATE_VERIFY_FAILED|SSLCertVerificationError|unable to get local issuer certificate|self[- ]signed certificate in certificate chain') g
    JOIN log_lines l ON l.id = g.line_id
    LEFT JOIN pods p ON p.bundle_id = l.bundle_id AND p.namespace = l.namespace
                    AND p.name = l.pod
)
SELECT kind, namespace, name, NULL AS container, NULL AS node,
       CASE WHEN not_after < collected_end THEN 'critical' ELSE 'warning' END AS severity,
       kind || ' ''' || coalesce(namespace || '/', '') || name || ''' ' ||
       CASE WHEN not_after < collected_end THEN 'expired on ' ELSE 'expires on ' END ||
       not_after || '.' AS summary,
       'spec' AS ev_source, NULL AS ev_time, 'notAfter ' || not_after AS ev_text,
       file AS ev_file
FROM soon
UNION ALL
SELECT 'Pod', namespace, pod, container, node,
       CASE WHEN text REGEXP '(?i)expired' THEN 'critical' ELSE 'warning' END,
       'Pod ''' || namespace || '/' || pod || ''' fails TLS verification: "' ||
       substr(text, 1, 200) || '".',
       'log', time, text, file
FROM x509 WHERE rn <= 3;
