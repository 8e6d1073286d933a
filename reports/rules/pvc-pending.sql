-- id: pvc-pending
-- title: PersistentVolumeClaim is not bound (Pending)
-- severity: critical
-- category: storage
-- remediation: Find why no volume is provisioned. A storage class that does not exist: create it or point the claim at an existing one (kubectl get storageclass). No storage class and no default: set storageClassName or mark a class default. Provisioner errors: read the ProvisioningFailed events and the provisioner's logs (CSI driver pods). No matching PersistentVolume: create one with the requested size, access mode and class, or request less. Zone constraints: use a topology-aware class (WaitForFirstConsumer). Pods using the claim stay Pending until it binds.
--
-- Symptom: kubectl get pvc shows Pending; pods using it stay Pending with
-- "unbound immediate PersistentVolumeClaims".
-- Root cause found: the claim's storage class does not exist, there is no
-- default class, the provisioner failed (its events), or no PV matches.
-- Evidence: the claim's phase and class, the storage classes that exist,
-- ProvisioningFailed / FailedBinding events, the pods waiting on it
-- (listed as affected: they are the symptoms).
-- Thresholds: a claim whose class binds WaitForFirstConsumer is Pending by
-- design until a pod uses it: it fires only when a pod does. Other claims
-- fire when Pending at all, since binding takes seconds when it works.
WITH claims AS (
    SELECT c.*,
           (SELECT count(*) FROM storageclasses s
             WHERE s.bundle_id = c.bundle_id) AS n_classes,
           (SELECT s.binding_mode FROM storageclasses s
             WHERE s.bundle_id = c.bundle_id AND s.name = c.storage_class) AS mode,
           (SELECT count(*) FROM storageclasses s
             WHERE s.bundle_id = c.bundle_id AND s.name = c.storage_class) AS class_exists,
           (SELECT count(*) FROM storageclasses s
             WHERE s.bundle_id = c.bundle_id AND s.is_default = 1) AS n_default
    FROM pvcs c
    WHERE c.phase = 'Pending'
),
users AS (
    SELECT c.bundle_id, c.namespace, c.name AS claim, p.name AS pod, p.created
    FROM claims c
    JOIN pods p ON p.bundle_id = c.bundle_id AND p.namespace = c.namespace
    WHERE EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(p.volumes)
                                          THEN p.volumes ELSE '[]' END) v
                  WHERE json_extract(v.value, '$.persistentVolumeClaim.claimName') = c.name)
),
evs AS (
    SELECT c.bundle_id, c.namespace, c.name AS claim, e.last_seen, e.reason,
           e.message, e.count, e.file
    FROM claims c
    JOIN events e ON e.bundle_id = c.bundle_id
                 AND e.object_kind = 'PersistentVolumeClaim'
                 AND e.object_namespace = c.namespace AND e.object_name = c.name
    WHERE e.type = 'Warning' OR e.reason IN ('ProvisioningFailed', 'FailedBinding')
),
subject AS (
    SELECT c.*,
      (SELECT count(*) FROM users u WHERE u.bundle_id = c.bundle_id
         AND u.namespace = c.namespace AND u.claim = c.name) AS n_users,
      CASE
        WHEN c.storage_class IS NOT NULL AND c.storage_class <> ''
             AND c.class_exists = 0
             AND (c.n_classes > 0 OR EXISTS (SELECT 1 FROM evs e WHERE
                  e.bundle_id = c.bundle_id AND e.namespace = c.namespace AND
                  e.claim = c.name AND e.message REGEXP '(?i)not found'))
          THEN 'storage class ''' || c.storage_class || ''' does not exist'
        WHEN (c.storage_class IS NULL OR c.storage_class = '')
             AND c.n_classes > 0 AND c.n_default = 0
          THEN 'it names no storage class and the cluster has no default one'
        WHEN EXISTS (SELECT 1 FROM evs e WHERE e.bundle_id = c.bundle_id AND
                     e.namespace = c.namespace AND e.claim = c.name AND
                     e.reason = 'ProvisioningFailed')
          THEN 'the provisioner failed: ' || (SELECT substr(e.message, 1, 240) FROM evs e
               WHERE e.bundle_id = c.bundle_id AND e.namespace = c.namespace
                 AND e.claim = c.name AND e.reason = 'ProvisioningFailed'
               ORDER BY e.last_seen DESC LIMIT 1)
        WHEN EXISTS (SELECT 1 FROM evs e WHERE e.bundle_id = c.bundle_id AND
                     e.namespace = c.namespace AND e.claim = c.name AND
                     e.message REGEXP '(?i)no persistent volumes available')
          THEN 'no PersistentVolume matches it and nothing provisions one'
        ELSE 'no volume was provisioned or bound'
      END AS cause
    FROM claims c
),
fired AS (
    SELECT * FROM subject
    WHERE NOT (coalesce(mode, '') = 'WaitForFirstConsumer' AND n_users = 0)
),
rows AS (
    SELECT f.*, 1 AS ord, 'status' AS ev_source, f.created AS ev_time,
           'phase Pending, storageClassName ' || coalesce(f.storage_class, '(none)') ||
           CASE WHEN f.class_exists = 0 AND f.storage_class IS NOT NULL
                THEN ' (no such StorageClass)' ELSE '' END AS ev_text,
           'resources/' || f.namespace || '/persistentvolumeclaims.json' AS ev_file,
           NULL AS a_name
    FROM fired f
    UNION ALL
    SELECT f.*, 2, 'spec', NULL,
           'storage classes in the cluster: ' ||
           coalesce((SELECT group_concat(s.name || CASE WHEN s.is_default = 1
                     THEN ' (default)' ELSE '' END, ', ') FROM storageclasses s
                     WHERE s.bundle_id = f.bundle_id), '(none)'),
           'resources/_cluster/storageclasses.storage.k8s.io.json', NULL
    FROM fired f WHERE f.n_classes > 0 OR f.class_exists = 0
    UNION ALL
    SELECT f.*, 3, 'event', e.last_seen,
           e.reason || ': ' || e.message ||
           CASE WHEN e.count > 1 THEN ' (x' || e.count || ')' ELSE '' END,
           e.file, NULL
    FROM fired f
    JOIN evs e ON e.bundle_id = f.bundle_id AND e.namespace = f.namespace
              AND e.claim = f.name
    UNION ALL
    SELECT f.*, 4, NULL, NULL, NULL, NULL, u.pod
    FROM fired f
    JOIN users u ON u.bundle_id = f.bundle_id AND u.namespace = f.namespace
                AND u.claim = f.name
)
SELECT 'PersistentVolumeClaim' AS kind, namespace, name,
       CASE WHEN n_users > 0 THEN 'critical' ELSE 'warning' END AS severity,
       'PersistentVolumeClaim ''' || namespace || '/' || name ||
       ''' is Pending: ' || cause ||
       CASE WHEN n_users > 0 THEN '; ' || n_users || ' pod(s) wait for it'
            ELSE '' END || '.' AS summary,
       created AS first_seen,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN a_name IS NOT NULL THEN 'Pod' END AS affects_kind,
       CASE WHEN a_name IS NOT NULL THEN namespace END AS affects_namespace,
       a_name AS affects_name
FROM rows
ORDER BY namespace, name, ord;
