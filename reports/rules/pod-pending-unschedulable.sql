-- id: pod-pending-unschedulable
-- title: Pod cannot be scheduled (Pending)
-- severity: critical
-- category: scheduling
-- remediation: The scheduler says why no node fits. Insufficient cpu, memory or nvidia.com/gpu: lower the requests, free capacity (scale other workloads down) or add nodes (check the autoscaler, Karpenter NodePool or node group limits). Node selector or affinity: fix the selector or label the nodes that should run it (kubectl label nodes). Untolerated taints: add the matching toleration (GPU nodes are often tainted nvidia.com/gpu:NoSchedule) or schedule elsewhere. Unbound PersistentVolumeClaim: fix the claim first (see the pvc-pending finding: storage class, provisioner, capacity, zone). Cordoned nodes: uncordon them when maintenance is over.
--
-- Symptom: STATUS Pending, no node assigned, FailedScheduling events.
-- Root cause found: the scheduler's message (PodScheduled condition or the
-- latest FailedScheduling event), classified: insufficient cpu / memory /
-- nvidia.com/gpu, node selector or affinity, untolerated taint, unbound
-- PVC, cordoned nodes, pod anti-affinity, too many pods.
-- Evidence: the scheduler message, the FailedScheduling events, the pod's
-- nodeSelector/affinity/tolerations or claims when they are the cause.
-- Correlation: an unbound claim is named as the cause (cause_*), so the
-- claim's pvc-pending finding becomes this pod's root.
-- Thresholds: a pod must be Pending with no node and the scheduler must
-- have said Unschedulable (condition or event): a pod created a second
-- ago is pending too, but the scheduler has not refused it.
WITH pend AS (
    SELECT p.*,
           (SELECT e.message FROM events e
             WHERE e.bundle_id = p.bundle_id AND e.object_kind = 'Pod'
               AND e.object_namespace = p.namespace AND e.object_name = p.name
               AND e.reason = 'FailedScheduling'
             ORDER BY e.last_seen DESC LIMIT 1) AS ev_msg
    FROM pods p
    WHERE p.phase = 'Pending' AND (p.node IS NULL OR p.node = '')
      AND p.deleted IS NULL
),
subject AS (
    SELECT p.*, coalesce(p.scheduled_condition_message, p.ev_msg) AS why
    FROM pend p
    WHERE p.scheduled_condition_reason = 'Unschedulable' OR p.ev_msg IS NOT NULL
),
classified AS (
    SELECT s.*,
      CASE
        WHEN why REGEXP '(?i)unbound (immediate )?PersistentVolumeClaim|persistentvolumeclaim "[^"]+" not found|pod has unbound|volume binding|waiting for.*volume|didn''t find available persistent volumes'
          THEN 'unbound-pvc'
        WHEN why REGEXP '(?i)volume node affinity conflict'
          THEN 'volume-zone'
        WHEN why REGEXP '(?i)Insufficient nvidia\.com/gpu|Insufficient [a-z0-9.-]+/gpu'
          THEN 'insufficient-gpu'
        WHEN why REGEXP '(?i)Insufficient cpu' AND why REGEXP '(?i)Insufficient memory'
          THEN 'insufficient-cpu-memory'
        WHEN why REGEXP '(?i)Insufficient cpu' THEN 'insufficient-cpu'
        WHEN why REGEXP '(?i)Insufficient memory' THEN 'insufficient-memory'
        WHEN why REGEXP '(?i)Insufficient [a-z0-9./-]+' THEN 'insufficient-resource'
        WHEN why REGEXP '(?i)didn''t match (Pod''s )?node (affinity|selector)|node\(s\) didn''t match node selector|node affinity'
          THEN 'node-selector'
        WHEN why REGEXP '(?i)anti-affinity|pod affinity|didn''t match pod (anti-)?affinity'
          THEN 'pod-affinity'
        WHEN why REGEXP '(?i)untolerated taint|had taints? .*that the pod didn''t tolerate|had taint'
          THEN 'taint'
        WHEN why REGEXP '(?i)node\(s\) were unschedulable|unschedulable: true|cordoned'
          THEN 'cordoned'
        WHEN why REGEXP '(?i)Too many pods' THEN 'too-many-pods'
        WHEN why REGEXP '(?i)no nodes available|0 nodes are available: *\.?$'
          THEN 'no-nodes'
        ELSE 'other'
      END AS cause,
      regexp_extract(why, '(?i)persistentvolumeclaim "([^"]+)"', 1) AS claim
    FROM subject s
),
described AS (
    SELECT c.*,
      CASE c.cause
        WHEN 'unbound-pvc' THEN 'its PersistentVolumeClaim is not bound'
        WHEN 'volume-zone' THEN 'its volumes are bound in a zone where no fitting node is (volume node affinity conflict)'
        WHEN 'insufficient-gpu' THEN 'no node has ' ||
             CAST(coalesce(c.gpu_request, 0) AS INTEGER) ||
             ' free nvidia.com/gpu (Insufficient nvidia.com/gpu)'
        WHEN 'insufficient-cpu-memory' THEN 'no node has enough free cpu and memory'
        WHEN 'insufficient-cpu' THEN 'no node has enough free cpu (Insufficient cpu)'
        WHEN 'insufficient-memory' THEN 'no node has enough free memory (Insufficient memory)'
        WHEN 'insufficient-resource' THEN 'no node has enough of a requested resource (' ||
             regexp_extract(c.why, '(?i)Insufficient [a-z0-9./-]+') || ')'
        WHEN 'node-selector' THEN 'no node matches its node selector or affinity' ||
             coalesce(' ' || nullif(nullif(c.node_selector, '{}'), 'null'), '')
        WHEN 'pod-affinity' THEN 'its pod affinity or anti-affinity rules exclude every node'
        WHEN 'taint' THEN 'the nodes have taints it does not tolerate'
        WHEN 'cordoned' THEN 'the fitting nodes are cordoned (unschedulable)'
        WHEN 'too-many-pods' THEN 'the nodes are at their pod limit'
        WHEN 'no-nodes' THEN 'no nodes are available'
        ELSE 'the scheduler refused it'
      END AS cause_text
    FROM classified c
),
rows AS (
    SELECT d.*, 1 AS ord, 'status' AS ev_source, NULL AS ev_time,
           'PodScheduled=False (' || coalesce(d.scheduled_condition_reason, 'Unschedulable') ||
           '): ' || d.why AS ev_text, d.file AS ev_file
    FROM described d
    UNION ALL
    SELECT d.*, 2, 'event', e.last_seen,
           e.reason || ': ' || e.message ||
           CASE WHEN e.count > 1 THEN ' (x' || e.count || ')' ELSE '' END,
           e.file
    FROM described d
    JOIN events e ON e.bundle_id = d.bundle_id AND e.object_kind = 'Pod'
                 AND e.object_namespace = d.namespace AND e.object_name = d.name
                 AND e.reason = 'FailedScheduling'
    UNION ALL
    SELECT d.*, 3, 'spec', NULL, 'nodeSelector: ' || d.node_selector, d.file
    FROM described d
    WHERE d.cause = 'node-selector' AND d.node_selector NOT IN ('', '{}', 'null')
    UNION ALL
    SELECT d.*, 3, 'spec', NULL, 'affinity: ' || substr(d.affinity, 1, 400), d.file
    FROM described d
    WHERE d.cause IN ('node-selector', 'pod-affinity')
      AND d.affinity NOT IN ('', '{}', 'null')
    UNION ALL
    SELECT d.*, 3, 'spec', NULL, 'tolerations: ' || substr(d.tolerations, 1, 400), d.file
    FROM described d
    WHERE d.cause = 'taint' AND d.tolerations IS NOT NULL
    UNION ALL
    SELECT d.*, 3, 'spec', NULL, 'requests nvidia.com/gpu: ' ||
           CAST(d.gpu_request AS INTEGER), d.file
    FROM described d WHERE d.cause = 'insufficient-gpu' AND d.gpu_request > 0
    UNION ALL
    -- the claims it waits for explain it (a pvc-pending finding on one
    -- becomes its root): the scheduler's message is the evidence, so no
    -- time window applies, even when the claim is younger than the pod
    SELECT d.*, 4, NULL, NULL, NULL, NULL
    FROM described d
    WHERE d.cause = 'unbound-pvc' AND EXISTS (
        SELECT 1 FROM json_each(CASE WHEN json_valid(d.volumes)
                                THEN d.volumes ELSE '[]' END) v
        WHERE json_extract(v.value, '$.persistentVolumeClaim.claimName') IS NOT NULL)
)
SELECT 'Pod' AS kind, r.namespace, r.name, r.node,
       'Pod ''' || r.namespace || '/' || r.name ||
       ''' is Pending and cannot be scheduled: ' || r.cause_text || '.' AS summary,
       r.created AS first_seen,
       r.ev_source, r.ev_time, r.ev_text, r.ev_file,
       CASE WHEN r.ord = 4 THEN 'PersistentVolumeClaim' END AS cause_kind,
       CASE WHEN r.ord = 4 THEN r.namespace END AS cause_namespace,
       c.value AS cause_name
FROM rows r
LEFT JOIN json_each(CASE WHEN r.ord = 4 AND json_valid(r.volumes)
                    THEN (SELECT json_group_array(json_extract(v.value,
                                 '$.persistentVolumeClaim.claimName'))
                          FROM json_each(r.volumes) v
                          WHERE json_extract(v.value,
                                '$.persistentVolumeClaim.claimName') IS NOT NULL)
                    ELSE '[]' END) c
ORDER BY r.namespace, r.name, r.ord;
