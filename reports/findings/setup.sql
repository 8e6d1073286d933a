-- Run before the rules (lib/rules/sb_rules.c): the scratch tables the rules'
-- rows are kept in, and last run's findings, links, incidents and
-- timeline cleared, so that running the rules twice on one database
-- gives the same answer as running them once.

-- One row per rule: its header fields, looked up when rows become
-- findings.
DROP TABLE IF EXISTS temp.sb_rule_meta;
DROP TABLE IF EXISTS temp.sb_rule_rows;
CREATE TEMP TABLE sb_rule_meta(id TEXT PRIMARY KEY, title TEXT,
    severity TEXT, category TEXT, remediation TEXT, file TEXT);

-- Every row every rule returned, in rule order then row order ('seq'):
-- the result columns of docs/rules.md.
CREATE TEMP TABLE sb_rule_rows(seq INTEGER PRIMARY KEY, rule TEXT,
    kind TEXT, namespace TEXT, name TEXT, container TEXT, node TEXT,
    severity TEXT, summary TEXT, first_seen TEXT, last_seen TEXT,
    ev_source TEXT, ev_time TEXT, ev_text TEXT, ev_file TEXT,
    affects_kind TEXT, affects_namespace TEXT, affects_name TEXT,
    cause_kind TEXT, cause_namespace TEXT, cause_name TEXT,
    remediation TEXT);

-- Grouping rows into findings looks rows up by subject.
CREATE INDEX temp.sb_rule_rows_subject ON sb_rule_rows(rule, kind, name);

-- What an earlier run wrote.
DELETE FROM finding_affected;
DELETE FROM finding_evidence;
DELETE FROM findings;
DELETE FROM timeline;
DELETE FROM finding_links;
DELETE FROM incident_members;
DELETE FROM incidents;
