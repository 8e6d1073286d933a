-- id: pvc-pending-pods
-- title: a Pending claim keeps the pods that mount it Pending
--
-- Cause: pvc-pending on a claim. Effect: pod-pending-unschedulable or
-- pod-mount-failure on a pod of the same namespace whose volumes name the
-- claim (spec.volumes[].persistentVolumeClaim.claimName).
-- Why: the scheduler does not place a pod whose claim is unbound ("pod
-- has unbound immediate PersistentVolumeClaims"), and the kubelet cannot
-- mount one. No time window: a claim recreated after the pod still
-- explains it.
SELECT p.id AS effect, c.id AS cause,
       'Pod ' || p.namespace || '/' || p.name || ' mounts claim ' || c.name ||
       ', Pending' || coalesce(' since ' || strftime('%H:%M:%S', c.first_seen), '') AS reason
FROM findings p
JOIN pods x ON x.namespace = p.namespace AND x.name = p.name
JOIN json_each(CASE WHEN json_valid(x.volumes) THEN x.volumes ELSE '[]' END) v
JOIN findings c ON c.rule = 'pvc-pending' AND c.kind = 'PersistentVolumeClaim'
               AND c.namespace = p.namespace
               AND c.name = json_extract(v.value, '$.persistentVolumeClaim.claimName')
WHERE p.kind = 'Pod'
  AND p.rule IN ('pod-pending-unschedulable', 'pod-mount-failure')
ORDER BY p.id, c.id;
