-- id: node-not-ready-pods
-- title: a NotReady node leaves its pods unready, terminating or evicted
--
-- Cause: node-not-ready on a node. Effect: pod-not-ready,
-- pod-terminating-stuck or pod-evicted on a pod bound to that node.
-- Why: when the kubelet stops posting status the node controller marks
-- its pods' Ready condition False (Unknown status in kubectl), taints the
-- node so they are evicted after tolerationSeconds (300 by default), and
-- their deletion cannot finish while the kubelet is away.
-- A pod problem that began more than 10 minutes before the node went
-- NotReady is not its consequence (clock skew and event lag allowed).
SELECT p.id AS effect, n.id AS cause,
       'Pod ' || p.namespace || '/' || p.name || ' runs on ' || n.name ||
       ', NotReady since ' || coalesce(strftime('%H:%M:%S', n.first_seen), '?') AS reason
FROM findings p
JOIN pods x ON x.namespace = p.namespace AND x.name = p.name
JOIN findings n ON n.rule = 'node-not-ready' AND n.kind = 'Node' AND n.name = x.node
WHERE p.kind = 'Pod'
  AND p.rule IN ('pod-not-ready', 'pod-terminating-stuck', 'pod-evicted')
  AND (p.first_seen IS NULL OR n.first_seen IS NULL OR p.first_seen >=
       strftime('%Y-%m-%dT%H:%M:%SZ', n.first_seen, '-600 seconds'))
ORDER BY p.id, n.id;
