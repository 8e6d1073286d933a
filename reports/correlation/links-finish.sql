-- Correlation, once every link is made: every finding's root_cause
-- becomes the top of its chain (a link made to a finding that was only
-- later linked further points past it; 64 steps at most, as the links
-- never form a cycle), and the links made from rule columns get a reason
-- in words (the relations in reports/links/ wrote their own).
WITH RECURSIVE up(id, top, n) AS (
    SELECT id, root_cause, 0 FROM findings WHERE root_cause IS NOT NULL
    UNION ALL
    SELECT up.id, f.root_cause, up.n + 1 FROM up JOIN findings f
        ON f.id = up.top WHERE f.root_cause IS NOT NULL AND up.n < 64)
UPDATE findings SET root_cause = (SELECT u.top FROM up u
    WHERE u.id = findings.id ORDER BY u.n DESC LIMIT 1)
WHERE root_cause IS NOT NULL;

UPDATE finding_links SET reason = (SELECT
    CASE WHEN finding_links.relation = 'affects'
    THEN c.kind || ' ' || coalesce(c.namespace || '/', '') || c.name ||
        ' (' || c.rule || coalesce(', since ' ||
        strftime('%H:%M:%S', c.first_seen), '') || ') took down ' ||
        e.kind || ' ' || coalesce(e.namespace || '/', '') || e.name
    ELSE e.kind || ' ' || coalesce(e.namespace || '/', '') || e.name ||
        ' is ' || e.rule || ' because of ' || c.kind || ' ' ||
        coalesce(c.namespace || '/', '') || c.name || ' (' || c.rule || ')'
    END
    FROM findings e, findings c
    WHERE e.id = finding_links.effect AND c.id = finding_links.cause)
WHERE reason IS NULL;
