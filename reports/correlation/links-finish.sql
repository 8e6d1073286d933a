-- Correlation, once every link is made: every finding's root_cause
-- becomes the top of its chain (a link made to a finding that was only
-- later linked further points past it; 64 steps at most, as the links
-- never form a cycle), and the links made from rule columns get a reason
-- in words (the relations in reports/links/ wrote their own).
-- The chains are walked once and each finding's last step kept: asked
-- as a subquery of the UPDATE, SQLite walked every chain again for each
-- finding it updated (67 ms on the bench bundle).
WITH RECURSIVE up(id, top, n) AS (
    SELECT id, root_cause, 0 FROM findings WHERE root_cause IS NOT NULL
    UNION ALL
    SELECT up.id, f.root_cause, up.n + 1 FROM up JOIN findings f
        ON f.id = up.top WHERE f.root_cause IS NOT NULL AND up.n < 64),
last AS MATERIALIZED (
    SELECT id, top FROM (
        SELECT id, top, row_number() OVER (PARTITION BY id
                                           ORDER BY n DESC) AS rn
        FROM up)
    WHERE rn = 1)
UPDATE findings SET root_cause = last.top FROM last
WHERE last.id = findings.id AND findings.root_cause IS NOT NULL;

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
