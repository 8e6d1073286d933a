-- expect: collection-gaps Bundle -/test
-- expect-evidence: collection-gaps secrets (HTTP 403)
INSERT INTO collection_errors VALUES (1, 'resources', 'secrets', 403, 'secrets is forbidden: User "support" cannot list resource "secrets"');
UPDATE bundles SET complete = 0;
