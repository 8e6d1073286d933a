-- id: pod-image-pull
-- title: Image cannot be pulled (ImagePullBackOff / ErrImagePull)
-- severity: critical
-- category: pod
-- remediation: Read the pull error. Not found: correct the image name or tag (typos such as nignx, tags that were never pushed) and check it exists in the registry. Unauthorised: create an imagePullSecret for the registry (kubectl create secret docker-registry) and reference it from the pod or its service account. Rate limited: use a registry mirror or cache, authenticate pulls, or avoid imagePullPolicy Always. Network: check the node can reach the registry (DNS, proxy, firewall). For local images set imagePullPolicy Never or IfNotPresent.
--
-- Symptom: STATUS ImagePullBackOff or ErrImagePull, container never starts.
-- Root cause found: the kubelet's pull error, classified: image or tag not
-- found, authentication, registry rate limit, network, invalid name.
-- Evidence: the waiting state with the image reference, the Failed events
-- quoting the registry's answer.
-- Thresholds: any container waiting for one of the pull reasons fires:
-- the kubelet only reports them after a failed attempt.
WITH bad AS (
    SELECT c.bundle_id, c.namespace, c.pod, c.name AS container, c.image,
           c.state_reason, c.state_message, p.node, p.file
    FROM containers c
    JOIN pods p ON p.bundle_id = c.bundle_id AND p.namespace = c.namespace
               AND p.name = c.pod
    WHERE c.state = 'waiting'
      AND c.state_reason IN ('ImagePullBackOff', 'ErrImagePull',
                             'InvalidImageName', 'ErrImageNeverPull',
                             'RegistryUnavailable', 'ImageInspectError')
),
ev AS (
    SELECT b.bundle_id, b.namespace, b.pod, b.container, e.last_seen,
           e.reason, e.message, e.count, e.file
    FROM bad b
    JOIN events e ON e.bundle_id = b.bundle_id AND e.object_kind = 'Pod'
                 AND e.object_namespace = b.namespace
                 AND e.object_name = b.pod
                 AND (e.reason IN ('Failed', 'ErrImagePull', 'BackOff',
                                   'InspectFailed', 'ErrImageNeverPull')
                      AND e.message REGEXP '(?i)image|pull')
),
texts AS (
    SELECT b.*, coalesce(b.state_message, '') || ' ' ||
           coalesce((SELECT group_concat(message, ' ') FROM ev
                     WHERE ev.bundle_id = b.bundle_id
                       AND ev.namespace = b.namespace AND ev.pod = b.pod), '')
             AS why
    FROM bad b
),
subject AS (
    SELECT t.*,
      CASE
        WHEN t.state_reason = 'InvalidImageName' OR
             t.why REGEXP '(?i)invalid reference format|InvalidImageName|couldn''t parse image'
          THEN 'the image reference is not a valid name'
        WHEN t.state_reason = 'ErrImageNeverPull'
          THEN 'imagePullPolicy is Never and the image is not on the node'
        WHEN t.why REGEXP '(?i)toomanyrequests|rate limit|too many requests|\b429\b'
          THEN 'the registry rate-limited the pull'
        WHEN t.why REGEXP '(?i)pull access denied|repository does not exist or may require'
          THEN 'the image does not exist or needs credentials'
        WHEN t.why REGEXP '(?i)not found|manifest unknown|NotFound|does not exist|name unknown|no such image|unknown tag'
          THEN 'the image or tag was not found'
        WHEN t.why REGEXP '(?i)unauthorized|authentication required|no basic auth credentials|\b401\b|\b403\b|denied|forbidden|authorization failed'
          THEN 'the registry refused the credentials (authentication)'
        WHEN t.why REGEXP '(?i)x509|certificate (is not valid|signed by unknown|has expired)|tls: failed to verify'
          THEN 'the registry''s TLS certificate is not trusted or does not match its name (x509)'
        WHEN t.why REGEXP '(?i)i/o timeout|timeout|connection refused|no such host|dial tcp|TLS handshake|network is unreachable|context deadline exceeded|connection reset|EOF'
          THEN 'the node could not reach the registry (network)'
        ELSE 'the pull failed'
      END AS cause
    FROM texts t
),
rows AS (
    SELECT s.*, 1 AS ord, 'status' AS ev_source, NULL AS ev_time,
           'waiting: ' || s.state_reason || coalesce(' (' ||
           substr(s.state_message, 1, 300) || ')', '') ||
           ', image ' || coalesce(s.image, '?') AS ev_text, s.file AS ev_file
    FROM subject s
    UNION ALL
    SELECT s.*, 2, 'event', e.last_seen,
           e.reason || ': ' || e.message ||
           CASE WHEN e.count > 1 THEN ' (x' || e.count || ')' ELSE '' END,
           e.file
    FROM subject s
    JOIN ev e ON e.bundle_id = s.bundle_id AND e.namespace = s.namespace
             AND e.pod = s.pod AND e.container = s.container
)
SELECT 'Pod' AS kind, namespace, pod AS name, container, node,
       'Container ''' || container || ''' of pod ''' || namespace || '/' ||
       pod || ''' cannot pull image ''' || coalesce(image, '?') || ''': ' ||
       cause || '.' AS summary,
       ev_source, ev_time, ev_text, ev_file
FROM rows
ORDER BY namespace, pod, container, ord;
