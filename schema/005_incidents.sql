-- sbundle database schema, version 5: why each finding is linked to its
-- cause, and the incidents built from those links.
--
-- findings.root_cause names the top of a chain; finding_links keeps each
-- step of it (the direct cause and the reason, in words, with times), so
-- a report can tell the story "Pending since 10:03:10 because gpu-node-1
-- lost 1 of its 2 GPUs at 10:02:11" rather than only "root: F004".
CREATE TABLE finding_links (
    effect TEXT NOT NULL,          -- findings.id explained
    cause TEXT NOT NULL,           -- findings.id that explains it (direct)
    relation TEXT NOT NULL,        -- reports/links/<relation>.sql, or
                                   -- 'affects' / 'cause' (rule columns)
    reason TEXT                    -- one sentence with the facts and times
);
CREATE INDEX finding_links_effect ON finding_links(effect);
-- incidents gather each root's findings: without it, a bundle with
-- thousands of findings compares every pair
CREATE INDEX findings_root_cause ON findings(root_cause);

-- An incident is a root finding of warning or critical severity with
-- everything its chain explains. Ranked by impact: the worst severity in
-- it, then how many subjects it reaches (blast radius), then its start.
CREATE TABLE incidents (
    id TEXT PRIMARY KEY,           -- "I1", "I2" ... in rank order
    root TEXT NOT NULL,            -- findings.id
    severity TEXT NOT NULL,        -- the worst of its findings
    start TEXT,                    -- earliest first_seen of its findings
    subjects INTEGER NOT NULL,     -- distinct subjects reached (blast radius)
    pods INTEGER NOT NULL,         -- of which pods
    impact INTEGER NOT NULL,       -- rank score, higher is worse
    narrative TEXT NOT NULL        -- a paragraph told from the chain
);
CREATE TABLE incident_members (
    incident TEXT NOT NULL,        -- incidents.id
    finding TEXT NOT NULL,         -- findings.id (the root is a member too)
    parent TEXT,                   -- its direct cause within the incident
    reason TEXT,                   -- why, from finding_links
    depth INTEGER NOT NULL,        -- 0 for the root
    seq INTEGER NOT NULL           -- story order: time, then depth
);
CREATE INDEX incident_members_incident ON incident_members(incident, seq);

-- Log evidence with its context (lib/rules/sb_evctx.c): the lines around the
-- quoted one that make it readable (a panic's message and top frames, a
-- traceback's last frames, the line before a CUDA error), at most 12,
-- joined by newlines; context_match is the 0-based index of the quoted
-- line among them. NULL when the line is not found in the loaded logs.
ALTER TABLE finding_evidence ADD COLUMN context TEXT;
-- a quoted line's log is found by its file
CREATE INDEX log_streams_file ON log_streams(file);
ALTER TABLE finding_evidence ADD COLUMN context_match INTEGER;

-- analyze --since/--until: the time window the findings, their evidence
-- and the timeline were scoped to (lib/rules/sb_window.c). No row: no window.
CREATE TABLE analysis_window (
    since TEXT,                    -- UTC RFC 3339, or NULL: open
    until TEXT,
    since_arg TEXT,                -- as given ("2h", "2026-11-23T10:00:00Z")
    until_arg TEXT
);

-- analyze NEW --baseline OLD: what changed between two bundles of one
-- cluster (lib/rules/sb_changes.c), in report order: changes on the subjects of
-- a new incident, or just before it began, first.
CREATE TABLE changes (
    seq INTEGER NOT NULL,          -- report order
    category TEXT NOT NULL,        -- finding | restarts | spec | config |
                                   -- node | version | gpu
    change TEXT NOT NULL,          -- new | resolved | persisting | changed
                                   -- | joined | left
    kind TEXT, namespace TEXT, name TEXT,
    before TEXT,                   -- the old value, NULL when none
    after TEXT,                    -- the new value
    text TEXT NOT NULL,            -- one sentence
    time TEXT,                     -- when it happened, when known
    incident TEXT,                 -- a new incident it precedes or is part of
    finding TEXT                   -- the new bundle's finding, if any
);
CREATE TABLE baseline (            -- the OLD bundle(s), for the report
    path TEXT, cluster TEXT, collected_end TEXT
);

PRAGMA user_version = 5;
