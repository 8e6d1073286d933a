-- GPU events of kernel logs that are not Xid lines (lib/load/sb_xid.h):
-- NVSwitch SXid lines, a GPU that fell off the bus without an Xid
-- number, a GPU the driver could not initialise. Filled from the same
-- files as gpu_xids: nodes/<node>/logs/* of a cluster bundle and the
-- kernel log of a host bundle.
CREATE TABLE gpu_events (
    bundle_id INTEGER NOT NULL,
    node TEXT NOT NULL,
    kind TEXT NOT NULL,            -- sxid | fell-off-bus | init-failed
    pci TEXT,                      -- as printed, NULL when the line has none
    code INTEGER,                  -- the SXid number, else NULL
    fatal INTEGER NOT NULL,        -- 1 when the line says the error is fatal
    time TEXT,
    text TEXT NOT NULL,            -- the whole line
    source TEXT,                   -- kernel log file
    file TEXT
);
CREATE INDEX gpu_events_node ON gpu_events(node, time);

PRAGMA user_version = 4;
