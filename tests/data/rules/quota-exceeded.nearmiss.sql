-- A quota at its limit that refused nothing.
-- expect-none: quota-exceeded
INSERT INTO quotas VALUES (1, 'shop', 'compute', 'requests.cpu', 8000, 8000, '8', '8');
