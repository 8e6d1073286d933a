-- Correlation, step 1 (docs/rules.md, "Correlation"): roots declare the
-- subjects they took down. Each rule row with affects_kind and
-- affects_name becomes a finding_affected row of that row's finding (a
-- finding never lists itself). The finding each subject got is filled in
-- at the end (affected-finish.sql).
INSERT INTO finding_affected(finding_id, kind, namespace, name,
    affected_finding)
SELECT f.id, r.affects_kind, r.affects_namespace, r.affects_name, NULL
FROM temp.sb_rule_rows r
JOIN findings f ON f.rule = r.rule AND f.kind = r.kind AND
    f.namespace IS r.namespace AND f.name = r.name
WHERE r.affects_kind IS NOT NULL AND r.affects_name IS NOT NULL
    AND NOT (r.affects_kind = f.kind AND r.affects_namespace IS f.namespace
             AND r.affects_name = f.name)
-- in the order the rule gave them (best first), whatever the plan
GROUP BY f.id, r.affects_kind, r.affects_namespace, r.affects_name
ORDER BY f.id, min(r.seq);
