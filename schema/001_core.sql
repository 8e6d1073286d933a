-- sbundle database schema, version 1 (PRAGMA user_version = 1).
-- Every time column holds UTC RFC 3339 text ("2026-11-23T15:04:05Z",
-- optionally with a 9-digit fraction), so times compare as strings.
-- Every row carries bundle_id, so several bundles (a cluster bundle plus
-- host bundles) load into one database. docs/schema.md documents each table.

-- one row per loaded bundle; filled from manifest.json (or detection)
CREATE TABLE bundles (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,            -- as given on the command line
    format TEXT NOT NULL,          -- sbundle | troubleshoot | cluster-info-dump
    kind TEXT NOT NULL DEFAULT 'cluster', -- cluster | host
    cluster TEXT,                  -- cluster name
    server TEXT,                   -- API server host
    k8s_version TEXT,
    node_name TEXT,                -- host bundles: the node collected on
    collected_start TEXT,
    collected_end TEXT,            -- "now" for AGE and time windows
    complete INTEGER,              -- 1 complete, 0 incomplete, NULL unknown
    tool_version TEXT,
    manifest TEXT                  -- manifest.json without files[], as JSON
);

-- every member of the bundle, with manifest verification
CREATE TABLE files (
    bundle_id INTEGER NOT NULL,
    path TEXT NOT NULL,            -- relative to the bundle's top folder
    size INTEGER,
    sha256 TEXT,                   -- computed while reading
    manifest_sha256 TEXT,          -- as listed; NULL when unlisted
    status TEXT NOT NULL,          -- ok | missing | unlisted | mismatch |
                                   -- error (see error) | skipped |
                                   -- partial (loaded up to 'error')
    error TEXT,
    PRIMARY KEY (bundle_id, path)
);

-- raw JSON of every API object, for anything the typed tables lack
CREATE TABLE objects (
    bundle_id INTEGER NOT NULL,
    api_version TEXT,
    kind TEXT NOT NULL,            -- "Pod", "InferenceService"
    resource TEXT,                 -- plural[.group], "pods", "nodes.metrics.k8s.io"
    namespace TEXT,                -- NULL for cluster-scoped
    name TEXT NOT NULL,
    uid TEXT,
    created TEXT,
    labels TEXT,                   -- JSON object
    json TEXT NOT NULL,            -- the whole object
    file TEXT                      -- bundle path it came from
);
CREATE INDEX objects_kind ON objects(kind, namespace, name);
CREATE INDEX objects_uid ON objects(uid);

CREATE TABLE namespaces (
    bundle_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    phase TEXT,
    created TEXT
);

CREATE TABLE nodes (
    bundle_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    uid TEXT,
    created TEXT,
    ready TEXT,                    -- status of the Ready condition: True|False|Unknown
    ready_since TEXT,              -- lastTransitionTime of Ready
    unschedulable INTEGER NOT NULL DEFAULT 0,
    roles TEXT,                    -- comma-separated, from node-role labels
    kubelet_version TEXT,
    os_image TEXT,
    kernel_version TEXT,
    container_runtime TEXT,
    internal_ip TEXT,
    instance_type TEXT,            -- node.kubernetes.io/instance-type label
    gpu_product TEXT,              -- nvidia.com/gpu.product label
    labels TEXT,                   -- JSON object
    file TEXT
);
CREATE INDEX nodes_name ON nodes(name);

CREATE TABLE node_conditions (
    bundle_id INTEGER NOT NULL,
    node TEXT NOT NULL,
    type TEXT NOT NULL,            -- Ready, MemoryPressure, DiskPressure, ...
    status TEXT,                   -- True | False | Unknown
    reason TEXT,
    message TEXT,
    last_transition TEXT,
    last_heartbeat TEXT
);
CREATE INDEX node_conditions_node ON node_conditions(node, type);

CREATE TABLE node_taints (
    bundle_id INTEGER NOT NULL,
    node TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT,
    effect TEXT,
    added TEXT
);

-- capacity and allocatable per resource, quantities normalised:
-- cpu in millicores, memory and storage in bytes, counts as counts
CREATE TABLE node_resources (
    bundle_id INTEGER NOT NULL,
    node TEXT NOT NULL,
    resource TEXT NOT NULL,        -- cpu, memory, pods, nvidia.com/gpu, ...
    capacity REAL,
    allocatable REAL,
    capacity_text TEXT,            -- as written ("16Gi")
    allocatable_text TEXT
);
CREATE INDEX node_resources_node ON node_resources(node, resource);

CREATE TABLE pods (
    bundle_id INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    uid TEXT,
    created TEXT,
    deleted TEXT,                  -- metadata.deletionTimestamp
    node TEXT,                     -- spec.nodeName
    phase TEXT,
    reason TEXT,                   -- status.reason (Evicted, ...)
    message TEXT,
    status TEXT,                   -- kubectl's STATUS column (CrashLoopBackOff, ...)
    ready INTEGER,                 -- 1 when the Ready condition is True
    ready_containers INTEGER,
    total_containers INTEGER,
    restarts INTEGER,              -- sum over containers
    qos_class TEXT,
    priority_class TEXT,
    service_account TEXT,
    owner_kind TEXT,               -- first controller owner
    owner_name TEXT,
    scheduled_condition_reason TEXT, -- PodScheduled reason (Unschedulable)
    scheduled_condition_message TEXT,
    start_time TEXT,
    node_selector TEXT,            -- JSON
    tolerations TEXT,              -- JSON
    affinity TEXT,                 -- JSON
    volumes TEXT,                  -- JSON
    labels TEXT,                   -- JSON object
    annotations TEXT,              -- JSON object
    gpu_request REAL NOT NULL DEFAULT 0, -- nvidia.com/gpu requested, all containers
    file TEXT
);
CREATE INDEX pods_name ON pods(namespace, name);
CREATE INDEX pods_node ON pods(node);
CREATE INDEX pods_uid ON pods(uid);

CREATE TABLE pod_conditions (
    bundle_id INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    pod TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT,
    reason TEXT,
    message TEXT,
    last_transition TEXT
);
CREATE INDEX pod_conditions_pod ON pod_conditions(namespace, pod);

-- one row per container, init and ephemeral too
CREATE TABLE containers (
    bundle_id INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    pod TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,            -- container | init | ephemeral
    image TEXT,
    image_id TEXT,
    command TEXT,                  -- JSON
    args TEXT,                     -- JSON
    env TEXT,                      -- JSON (values already redacted by collect)
    env_from TEXT,                 -- JSON
    volume_mounts TEXT,            -- JSON
    ports TEXT,                    -- JSON
    cpu_request REAL, cpu_limit REAL,       -- millicores
    memory_request REAL, memory_limit REAL, -- bytes
    gpu_request REAL, gpu_limit REAL,       -- nvidia.com/gpu
    liveness_probe TEXT,           -- JSON
    readiness_probe TEXT,          -- JSON
    startup_probe TEXT,            -- JSON
    ready INTEGER,
    started INTEGER,
    restart_count INTEGER,
    state TEXT,                    -- waiting | running | terminated
    state_reason TEXT,             -- CrashLoopBackOff, ErrImagePull, OOMKilled ...
    state_message TEXT,
    state_exit_code INTEGER,
    state_started TEXT,
    state_finished TEXT,
    last_state TEXT,               -- lastState: terminated | waiting | running | NULL
    last_reason TEXT,
    last_message TEXT,
    last_exit_code INTEGER,
    last_signal INTEGER,
    last_started TEXT,
    last_finished TEXT
);
CREATE INDEX containers_pod ON containers(namespace, pod);

-- ownerReferences of every namespaced object
CREATE TABLE owners (
    bundle_id INTEGER NOT NULL,
    kind TEXT NOT NULL,            -- the owned object's kind
    namespace TEXT,
    name TEXT NOT NULL,
    owner_kind TEXT NOT NULL,
    owner_name TEXT NOT NULL,
    owner_uid TEXT,
    controller INTEGER
);
CREATE INDEX owners_owned ON owners(kind, namespace, name);
CREATE INDEX owners_owner ON owners(owner_kind, namespace, owner_name);

-- deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs
CREATE TABLE workloads (
    bundle_id INTEGER NOT NULL,
    kind TEXT NOT NULL,            -- Deployment, ReplicaSet, ...
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    uid TEXT,
    created TEXT,
    generation INTEGER,
    observed_generation INTEGER,
    desired INTEGER,               -- replicas / desiredNumberScheduled / completions
    current INTEGER,               -- replicas / currentNumberScheduled / active
    ready INTEGER,
    available INTEGER,
    updated INTEGER,
    unavailable INTEGER,
    succeeded INTEGER,             -- jobs
    failed INTEGER,                -- jobs
    selector TEXT,                 -- JSON matchLabels
    template_labels TEXT,          -- JSON
    strategy TEXT,
    suspended INTEGER,
    schedule TEXT,                 -- cronjobs
    file TEXT
);
CREATE INDEX workloads_name ON workloads(kind, namespace, name);

CREATE TABLE workload_conditions (
    bundle_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,            -- Available, Progressing, Failed, Complete ...
    status TEXT,
    reason TEXT,
    message TEXT,
    last_transition TEXT
);
CREATE INDEX workload_conditions_name ON workload_conditions(kind, namespace, name);

CREATE TABLE services (
    bundle_id INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    uid TEXT,
    created TEXT,
    type TEXT,
    cluster_ip TEXT,
    external_name TEXT,
    selector TEXT,                 -- JSON object; NULL when the service has none
    ports TEXT,                    -- JSON array of {name,port,targetPort,protocol}
    file TEXT
);
CREATE INDEX services_name ON services(namespace, name);

-- one row per endpoint address (ready or not); a service with an Endpoints
-- object but no address gets one row with ip NULL
CREATE TABLE endpoints (
    bundle_id INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,            -- the service's name
    ip TEXT,
    ready INTEGER,
    target_kind TEXT,
    target_name TEXT,
    node TEXT,
    ports TEXT                     -- JSON
);
CREATE INDEX endpoints_name ON endpoints(namespace, name);

CREATE TABLE ingresses (
    bundle_id INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    class TEXT,
    host TEXT,
    path TEXT,
    service TEXT,                  -- backend service name
    service_port TEXT,             -- number or name, as text
    tls_secret TEXT
);
CREATE INDEX ingresses_name ON ingresses(namespace, name);

CREATE TABLE pvcs (
    bundle_id INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    uid TEXT,
    created TEXT,
    phase TEXT,
    volume TEXT,
    storage_class TEXT,
    access_modes TEXT,             -- JSON
    request REAL,                  -- bytes
    capacity REAL                  -- bytes
);
CREATE INDEX pvcs_name ON pvcs(namespace, name);

CREATE TABLE pvs (
    bundle_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    phase TEXT,
    capacity REAL,
    storage_class TEXT,
    reclaim_policy TEXT,
    claim_namespace TEXT,
    claim_name TEXT,
    access_modes TEXT
);

CREATE TABLE storageclasses (
    bundle_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    provisioner TEXT,
    is_default INTEGER,
    binding_mode TEXT,
    reclaim_policy TEXT
);

CREATE TABLE quotas (
    bundle_id INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    resource TEXT NOT NULL,
    hard REAL,
    used REAL,
    hard_text TEXT,
    used_text TEXT
);

CREATE TABLE events (
    bundle_id INTEGER NOT NULL,
    namespace TEXT,
    name TEXT,
    type TEXT,                     -- Normal | Warning
    reason TEXT,
    message TEXT,
    count INTEGER,
    first_seen TEXT,               -- firstTimestamp, or eventTime
    last_seen TEXT,                -- lastTimestamp, or series.lastObservedTime, or eventTime
    object_kind TEXT,              -- involvedObject / regarding
    object_namespace TEXT,
    object_name TEXT,
    object_uid TEXT,
    object_field TEXT,             -- involvedObject.fieldPath
    source_component TEXT,
    source_host TEXT,
    file TEXT
);
CREATE INDEX events_object ON events(object_kind, object_namespace, object_name);
CREATE INDEX events_reason ON events(reason);

-- container log lines; time from the timestamps=true prefix when present
CREATE TABLE log_lines (
    id INTEGER PRIMARY KEY,
    bundle_id INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    pod TEXT NOT NULL,
    container TEXT NOT NULL,
    previous INTEGER NOT NULL,     -- 1 for the previous container's log
    line_no INTEGER NOT NULL,      -- 1-based within the file
    time TEXT,
    text TEXT NOT NULL,            -- the line without its timestamp prefix
    file TEXT
);
CREATE INDEX log_lines_pod ON log_lines(namespace, pod, container, previous, line_no);
CREATE VIRTUAL TABLE log_fts USING fts5(text, content='log_lines', content_rowid='id');

-- node log files (kern.log, syslog, journal) and host kernel logs
CREATE TABLE node_log_lines (
    id INTEGER PRIMARY KEY,
    bundle_id INTEGER NOT NULL,
    node TEXT NOT NULL,
    source TEXT NOT NULL,          -- file name: kern.log, dmesg.txt, kubelet.log ...
    line_no INTEGER NOT NULL,
    time TEXT,                     -- when the line's own stamp can be read
    text TEXT NOT NULL,
    file TEXT
);
CREATE INDEX node_log_lines_node ON node_log_lines(node, source);

-- metrics.k8s.io usage and GPU exporter samples
CREATE TABLE metrics (
    bundle_id INTEGER NOT NULL,
    source TEXT NOT NULL,          -- metrics.k8s.io | dcgm-exporter | host
    node TEXT,
    namespace TEXT,
    pod TEXT,
    container TEXT,
    name TEXT NOT NULL,            -- cpu, memory, DCGM_FI_DEV_GPU_TEMP ...
    labels TEXT,                   -- JSON object of the sample's labels
    value REAL,
    time TEXT
);
CREATE INDEX metrics_node ON metrics(node, name);

-- one row per GPU (nvidia-smi -q -x on a host bundle, else exporter metrics)
CREATE TABLE gpus (
    bundle_id INTEGER NOT NULL,
    node TEXT NOT NULL,
    gpu_index INTEGER,
    uuid TEXT,
    serial TEXT,
    pci_bus_id TEXT,               -- "00000000:3B:00.0" as nvidia-smi prints
    product TEXT,
    driver_version TEXT,
    cuda_version TEXT,
    temperature REAL,              -- C
    temp_slowdown REAL,            -- C threshold
    temp_shutdown REAL,
    power_draw REAL,               -- W
    power_limit REAL,
    utilization REAL,              -- percent
    memory_used REAL,              -- MiB
    memory_total REAL,             -- MiB
    ecc_mode TEXT,
    ecc_volatile_uncorrected INTEGER,
    ecc_aggregate_uncorrected INTEGER,
    ecc_volatile_corrected INTEGER,
    retired_pages INTEGER,
    remapped_rows_pending INTEGER,
    remapped_rows_failure INTEGER,
    throttle_reasons TEXT,         -- comma-separated active clock event reasons
    mig_mode TEXT,
    mig_devices TEXT,              -- JSON array of MIG devices (nvidia-smi)
    processes TEXT,                -- JSON
    source TEXT                    -- nvidia-smi | dcgm-exporter
);
CREATE INDEX gpus_node ON gpus(node);

-- Xid events from kernel logs (the history; the exporter keeps only the last)
CREATE TABLE gpu_xids (
    bundle_id INTEGER NOT NULL,
    node TEXT NOT NULL,
    pci TEXT,                      -- "0000:3b:00" (or with function), as printed
    code INTEGER NOT NULL,
    time TEXT,
    pid INTEGER,
    process TEXT,
    text TEXT NOT NULL,            -- the whole kernel line
    source TEXT,                   -- kernel log file, or dcgm-exporter
    file TEXT
);
CREATE INDEX gpu_xids_node ON gpu_xids(node, time);

-- what the collector could not get (from the manifest's collectors/gaps)
CREATE TABLE collection_errors (
    bundle_id INTEGER NOT NULL,
    collector TEXT,                -- resources, logs, node-logs, gpu, ...
    target TEXT,                   -- "secrets", "logs/ns/pod/c", ...
    status INTEGER,                -- HTTP status when there was one
    error TEXT NOT NULL
);

-- problems found while loading (bad JSON, manifest mismatch, limits)
CREATE TABLE load_errors (
    bundle_id INTEGER,
    file TEXT,
    error TEXT NOT NULL
);

CREATE TABLE redactions (
    bundle_id INTEGER NOT NULL,
    rule TEXT NOT NULL,
    count INTEGER NOT NULL
);

-- rule output, written by the rules engine, read by the report renderers
CREATE TABLE findings (
    id TEXT PRIMARY KEY,           -- stable within the report: "F001"...
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,        -- critical | warning | info
    category TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    kind TEXT,                     -- subject
    namespace TEXT,
    name TEXT,
    container TEXT,
    node TEXT,
    first_seen TEXT,
    last_seen TEXT,
    remediation TEXT,
    root_cause TEXT,               -- findings.id or NULL
    seq INTEGER                    -- order of emission
);
CREATE TABLE finding_evidence (
    finding_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    source TEXT NOT NULL,          -- event | log | status | metric | gpu | node-log | spec
    time TEXT,
    text TEXT NOT NULL,
    file TEXT
);
CREATE INDEX finding_evidence_id ON finding_evidence(finding_id);
CREATE TABLE finding_affected (
    finding_id TEXT NOT NULL,      -- the root finding
    kind TEXT, namespace TEXT, name TEXT,
    affected_finding TEXT          -- the explained finding's id
);

-- merged, time-ordered story of the bundle
CREATE TABLE timeline (
    time TEXT NOT NULL,
    source TEXT NOT NULL,          -- event | termination | log | kernel | finding
    severity TEXT,                 -- critical | warning | info
    kind TEXT, namespace TEXT, name TEXT,
    node TEXT,
    text TEXT NOT NULL,
    file TEXT
);
CREATE INDEX timeline_time ON timeline(time);

PRAGMA user_version = 1;
