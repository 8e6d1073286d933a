-- The rules' rows (temp.sb_rule_rows, in rule order) become findings and
-- their evidence (lib/rules/sb_rules.c runs this once every rule has run).

-- Severities ranked, most severe first.
CREATE TEMP TABLE IF NOT EXISTS sb_sev(name TEXT PRIMARY KEY, rank INT);
INSERT OR IGNORE INTO temp.sb_sev VALUES ('critical', 0), ('warning', 1),
    ('info', 2);

-- One finding per rule and subject (kind, namespace, name). Its ids
-- (F001, F002, ...) follow severity, rule and subject, so a bundle always
-- gets the same ids. It takes the most severe of its rows' severities
-- (a row's own, else the header's); its summary and remedy from the
-- subject's first row (rules order their rows best first), its container
-- and node from the first row that has one; its time range spans its
-- rows' first_seen, ev_time and last_seen.
INSERT INTO findings(id, rule, severity, category, title, summary, kind,
    namespace, name, container, node, first_seen, last_seen, remediation,
    root_cause, seq)
SELECT printf('F%03d', row_number() OVER w), g.rule,
    (SELECT name FROM temp.sb_sev WHERE rank = g.sev), m.category, m.title,
    (SELECT summary FROM temp.sb_rule_rows WHERE seq = g.seq0),
    g.kind, g.namespace, g.name,
    (SELECT container FROM temp.sb_rule_rows x WHERE x.rule = g.rule AND
        x.kind = g.kind AND x.namespace IS g.namespace AND x.name = g.name AND
        x.container IS NOT NULL ORDER BY x.seq LIMIT 1),
    (SELECT node FROM temp.sb_rule_rows x WHERE x.rule = g.rule AND
        x.kind = g.kind AND x.namespace IS g.namespace AND x.name = g.name AND
        x.node IS NOT NULL ORDER BY x.seq LIMIT 1),
    g.fs, g.ls, coalesce((SELECT remediation FROM temp.sb_rule_rows
        WHERE seq = g.seq0), m.remediation), NULL, row_number() OVER w
FROM (SELECT r.rule, r.kind, r.namespace, r.name, min(r.seq) AS seq0,
        min(coalesce(s1.rank, s2.rank, 1)) AS sev,
        min(coalesce(r.first_seen, r.ev_time, r.last_seen)) AS fs,
        max(coalesce(r.last_seen, r.ev_time, r.first_seen)) AS ls
      FROM temp.sb_rule_rows r JOIN temp.sb_rule_meta m ON m.id = r.rule
      LEFT JOIN temp.sb_sev s1 ON s1.name = r.severity
      LEFT JOIN temp.sb_sev s2 ON s2.name = m.severity
      GROUP BY r.rule, r.kind, r.namespace, r.name) g
JOIN temp.sb_rule_meta m ON m.id = g.rule
WINDOW w AS (ORDER BY g.sev, g.rule, g.kind, coalesce(g.namespace, ''),
    g.name);

-- Each row with an ev_text is one evidence item of its finding; the same
-- quote from the same source and file twice is one item (at its earliest
-- time), in the order the rule gave them, 25 at most per finding.
INSERT INTO finding_evidence(finding_id, seq, source, time, text, file)
SELECT id, rn, src, t, txt, f FROM (
    SELECT id, row_number() OVER (PARTITION BY id ORDER BY s0) AS rn,
        src, t, txt, f FROM (
        SELECT fi.id, coalesce(r.ev_source, 'status') AS src,
            min(r.ev_time) AS t, r.ev_text AS txt, r.ev_file AS f,
            min(r.seq) AS s0
        FROM temp.sb_rule_rows r JOIN findings fi ON fi.rule = r.rule AND
            fi.kind = r.kind AND fi.namespace IS r.namespace AND
            fi.name = r.name
        WHERE r.ev_text IS NOT NULL
        GROUP BY fi.id, src, txt, f))
WHERE rn <= 25;
