-- id: dns-failure
-- title: Cluster DNS failing
-- severity: critical
-- category: network
-- remediation: Pods cannot resolve names, so every call between services fails. Check the DNS pods (kubectl get pods -n kube-system -l k8s-app=kube-dns) and their logs. A forwarding loop ("plugin/loop: Loop ... detected") means the node's /etc/resolv.conf points back at CoreDNS (systemd-resolved's 127.0.0.53): point the forward plugin at a real upstream or fix the kubelet's resolvConf. Crashing or overloaded CoreDNS: fix the Corefile error it logs, give it more replicas or resources. Then restart the pods that cached failures.
--
-- Symptom: "Temporary failure in name resolution", "no such host",
-- "could not resolve host", UnknownHostException in application logs;
-- CoreDNS pods crashing or not ready.
-- Root cause found: the cluster DNS Deployment's pods are down, or log
-- errors (loop detected, upstream timeouts, SERVFAIL), and/or pods log
-- resolution failures for in-cluster names.
-- Evidence: the DNS pods' error lines and status, resolution errors from
-- application logs; the pods logging them are listed as affected.
-- Thresholds: DNS pods unready or logging errors is enough; application
-- resolution errors alone count when they name cluster-internal hosts
-- (.svc, .cluster.local) or come from at least two pods: one pod failing
-- to resolve one external host is that host's problem, not the cluster's.
WITH dnsw AS (
    SELECT w.* FROM workloads w
    WHERE w.kind = 'Deployment' AND w.namespace = 'kube-system'
      AND (w.name IN ('coredns', 'kube-dns', 'rke2-coredns-rke2-coredns')
           OR w.template_labels LIKE '%"k8s-app":"kube-dns"%'
           OR w.name LIKE '%coredns%')
),
dnspods AS (
    SELECT p.* FROM pods p
    WHERE p.namespace = 'kube-system'
      AND (p.labels LIKE '%"k8s-app":"kube-dns"%' OR p.name LIKE 'coredns-%'
           OR p.name LIKE 'kube-dns-%' OR p.name LIKE '%-coredns-%')
),
dns_bad_pods AS (
    SELECT * FROM dnspods WHERE coalesce(ready, 0) = 0 AND deleted IS NULL
),
dns_errors AS (
    SELECT l.* FROM log_grep('(?i)\[(FATAL|ERROR)\]|plugin/loop|Loop .* detected|SERVFAIL|i/o timeout|no route to host|connection refused|panic|no healthy upstream|plugin/errors') g
    JOIN log_lines l ON l.id = g.line_id
    JOIN dnspods p ON p.bundle_id = l.bundle_id AND p.namespace = l.namespace
                  AND p.name = l.pod
),
app_errors AS (
    SELECT l.*, p.node FROM log_grep('(?i)temporary failure in name resolution|name or service not known|no such host|could not resolve|couldn''t resolve|can''t resolve|cannot resolve|failed to resolve|unable to resolve|UnknownHostException|getaddrinfo (ENOTFOUND|EAI_AGAIN)|EAI_AGAIN|NXDOMAIN|server misbehaving|nodename nor servname|Resolving timed out|lookup \S+ on [0-9.:\[\]]+:53') g
    JOIN log_lines l ON l.id = g.line_id
    JOIN pods p ON p.bundle_id = l.bundle_id AND p.namespace = l.namespace
               AND p.name = l.pod
    WHERE NOT (l.namespace = 'kube-system' AND l.pod IN (SELECT name FROM dnspods))
),
app_summary AS (
    SELECT count(DISTINCT namespace || '/' || pod) AS n_pods,
           sum(text REGEXP '(?i)\.svc\b|\.cluster\.local|\.svc\.') AS n_internal
    FROM app_errors
),
verdict AS (
    SELECT (SELECT count(*) FROM dns_bad_pods) AS n_bad,
           (SELECT count(*) FROM dns_errors) AS n_err,
           a.n_pods, coalesce(a.n_internal, 0) AS n_internal
    FROM app_summary a
),
fires AS (
    SELECT * FROM verdict
    WHERE n_bad > 0 OR n_err > 0 OR n_internal > 0 OR n_pods >= 2
),
subject AS (
    SELECT coalesce((SELECT 'Deployment' FROM dnsw LIMIT 1), 'Service') AS kind,
           'kube-system' AS namespace,
           coalesce((SELECT name FROM dnsw ORDER BY name = 'coredns' DESC LIMIT 1),
                    'kube-dns') AS name,
           f.*
    FROM fires f
),
-- at most 3 lines per DNS pod and 2 per application pod: enough to quote
dns_lines AS (
    SELECT * FROM (SELECT d.*, row_number() OVER (PARTITION BY d.pod
                   ORDER BY d.previous DESC, d.line_no DESC) AS rn FROM dns_errors d)
    WHERE rn <= 3
),
app_lines AS (
    SELECT * FROM (SELECT a.*, row_number() OVER (PARTITION BY a.namespace, a.pod
                   ORDER BY a.line_no DESC) AS rn FROM app_errors a)
    WHERE rn <= 2
),
rows AS (
    SELECT s.*, 1 AS ord, 'status' AS ev_source, NULL AS ev_time,
           'DNS pod ' || p.name || ' ' || coalesce(p.status, p.phase, '?') ||
           ', not ready, restarts ' || coalesce(p.restarts, 0) AS ev_text,
           p.file AS ev_file, NULL AS a_ns, NULL AS a_name
    FROM subject s, dns_bad_pods p
    UNION ALL
    SELECT s.*, 2, 'log', l.time, l.text, l.file, NULL, NULL
    FROM subject s, dns_lines l
    UNION ALL
    SELECT s.*, 3, 'log', l.time, l.pod || ': ' || l.text, l.file, NULL, NULL
    FROM subject s, app_lines l
    UNION ALL
    SELECT s.*, 4, NULL, NULL, NULL, NULL, a.namespace, a.pod
    FROM subject s, (SELECT DISTINCT namespace, pod FROM app_errors) a
)
SELECT kind, namespace, name,
       'Cluster DNS is failing: ' ||
       CASE WHEN n_bad > 0 THEN n_bad || ' DNS pod(s) are not ready'
            WHEN n_err > 0 THEN 'the DNS pods log errors'
            ELSE 'resolution fails' END ||
       CASE WHEN (SELECT count(*) FROM dns_errors WHERE text REGEXP '(?i)loop') > 0
            THEN ' (a forwarding loop was detected)' ELSE '' END ||
       CASE WHEN n_pods > 0 THEN ', and ' || n_pods ||
            ' pod(s) log name resolution errors' ELSE '' END || '.' AS summary,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN a_name IS NOT NULL THEN 'Pod' END AS affects_kind,
       a_ns AS affects_namespace, a_name AS affects_name
FROM rows
ORDER BY ord;
