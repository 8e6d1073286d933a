-- Backend by port name that exists on the service.
-- expect-none: ingress-backend-missing
INSERT INTO ingresses VALUES (1, 'shop', 'web-named', 'nginx', 'www.example.com', '/', 'ok-web', 'http', NULL);
