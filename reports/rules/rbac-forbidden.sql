-- id: rbac-forbidden
-- title: Service account forbidden by RBAC
-- severity: warning
-- category: security
-- remediation: The pod's service account lacks a permission it uses against the Kubernetes API. Check with kubectl auth can-i VERB RESOURCE --as=system:serviceaccount:NS:SA -n NS, then grant exactly that verb and resource with a Role and RoleBinding (ClusterRole and ClusterRoleBinding for cluster-scoped resources) bound to the service account the pod really runs as (spec.serviceAccountName).
--
-- Symptom: "forbidden: User \"system:serviceaccount:ns:sa\" cannot list
-- resource \"pods\"" in logs, operators and controllers doing nothing.
-- Root cause found: the user, verb and resource the API server refused.
-- Evidence: the forbidden log lines and events.
-- Thresholds: only Kubernetes API refusals (they name a user and a
-- resource); an HTTP 403 in an access log is an application's own answer.
WITH l AS (
    SELECT l.*, p.node, p.service_account,
           regexp_extract(l.text, '(?i)User "([^"]+)"', 1) AS who,
           regexp_extract(l.text, '(?i)cannot (\w+) resource "([^"]+)"', 1) AS verb,
           regexp_extract(l.text, '(?i)cannot \w+ resource "([^"]+)"', 1) AS resource,
           row_number() OVER (PARTITION BY l.bundle_id, l.namespace, l.pod
                              ORDER BY l.line_no DESC) AS rn
    FROM log_grep('(?i)forbidden:? .*(User|serviceaccount)\b.*cannot \w+ resource|is forbidden: User "[^"]+" cannot') g
    JOIN log_lines l ON l.id = g.line_id
    LEFT JOIN pods p ON p.bundle_id = l.bundle_id AND p.namespace = l.namespace
                    AND p.name = l.pod
)
SELECT 'Pod' AS kind, namespace, pod AS name, container, node,
       'Pod ''' || namespace || '/' || pod || ''' is refused by the API server: ' ||
       coalesce(who, 'its service account') || ' cannot ' || coalesce(verb, 'access') ||
       ' ' || coalesce(resource, 'a resource') || '.' AS summary,
       'log' AS ev_source, time AS ev_time, text AS ev_text, file AS ev_file
FROM l WHERE rn <= 3
ORDER BY namespace, pod, rn;
