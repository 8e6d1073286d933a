-- sbundle database schema, version 6: what DCGM itself says about the
-- GPUs of a host bundle (docs/gpu-health.md, "DCGM health and diag").
--
-- Filled by lib/load/sb_host_load.c from host/dcgmi-health.json
-- (`dcgmi health --check -j`) and host/dcgmi-diag-r1.json
-- (`dcgmi diag -r 1 -j`, collect --host --gpu-diag). DCGM numbers its
-- entities itself: on a node whose GPUs are all visible to DCGM its GPU id
-- is nvidia-smi's index, which is how verdicts.sql joins them to 'gpus'.
CREATE TABLE dcgm_results (
    bundle_id INTEGER NOT NULL,
    node TEXT NOT NULL,
    check_kind TEXT NOT NULL,      -- health | diag
    entity_group TEXT,             -- GPU, Switch, CPU ... (DCGM's words);
                                   -- NULL for a result about the whole run
    entity_id INTEGER,             -- DCGM's id within the group
    test TEXT NOT NULL,            -- health: the system ("PCIe system",
                                   -- "Memory system" ... "Overall Health");
                                   -- diag: the test ("memory", "pcie" ...)
    status TEXT NOT NULL,          -- health: Healthy | Warning | Failure;
                                   -- diag: Pass | Warn | Fail | Skip, or
                                   -- Error when the run itself failed
    message TEXT,                  -- DCGM's messages, joined with "; "
    error_id INTEGER,              -- diag: the first warning's error_id
    file TEXT
);
CREATE INDEX dcgm_results_node ON dcgm_results(node, entity_id);

PRAGMA user_version = 6;
