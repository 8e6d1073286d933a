-- An HTTP access log line with a 403 is the application's own answer.
-- expect-none: rbac-forbidden
INSERT INTO log_lines(bundle_id, namespace, pod, container, previous, line_no, time, text, file) VALUES
 (1, 'shop', 'ok-web-5d9f-aaaaa', 'web', 0, 4, '2026-11-23T10:03:00Z', 'INFO: 10.1.0.1 - "GET /admin HTTP/1.1" 403 Forbidden', 'logs/shop/ok-web-5d9f-aaaaa/web.log');
