-- expect: ingress-backend-missing Ingress shop/api
-- expect-summary: ingress-backend-missing 'api-svc' does not exist
-- expect: ingress-backend-missing Ingress shop/web-port
-- expect-summary: ingress-backend-missing has no port 8080
INSERT INTO ingresses VALUES (1, 'shop', 'api', 'nginx', 'api.example.com', '/', 'api-svc', '80', NULL),
                             (1, 'shop', 'web-port', 'nginx', 'www.example.com', '/', 'ok-web', '8080', NULL);
