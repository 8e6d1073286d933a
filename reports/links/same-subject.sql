-- id: same-subject
-- title: two rules tell one fact about one subject
--
-- Cause and effect are findings on the same subject, the cause the more
-- specific of a declared pair: the scheduler's "Insufficient
-- nvidia.com/gpu" (pod-pending-unschedulable) is what gpu-insufficient
-- explains with the free GPUs; a crash loop (pod-crashloop) is what an
-- OOM kill, a CUDA OOM or a failed model load makes; a pod not ready or
-- restarting is its crash loop. The pair list is here, as data, so that a
-- new rule declares what it refines in one row.
WITH pairs(effect_rule, cause_rule, why) AS (VALUES
    ('pod-pending-unschedulable', 'gpu-insufficient',
     'the scheduler''s refusal is the GPU shortage'),
    ('pod-pending-unschedulable', 'pod-mount-failure',
     'the pod waits for its volume'),
    ('pod-crashloop', 'pod-oomkilled', 'each restart is an OOM kill'),
    ('pod-crashloop', 'cuda-oom', 'each restart is a CUDA out-of-memory error'),
    ('pod-crashloop', 'model-load-failure', 'each restart fails to load the model'),
    ('pod-crashloop', 'cuda-init-failure', 'each restart fails to initialise its GPU'),
    ('pod-crashloop', 'cuda-runtime-failure', 'each restart dies of a GPU error'),
    ('pod-crashloop', 'pod-config-error', 'each restart fails on its configuration'),
    ('pod-restarts', 'pod-crashloop', 'the restarts are the crash loop'),
    ('pod-not-ready', 'pod-crashloop', 'the crash loop keeps it unready'),
    ('pod-not-ready', 'pod-pending-unschedulable', 'it was never scheduled'),
    ('pod-stuck-waiting', 'pod-mount-failure', 'it waits for a volume to mount'),
    ('pod-stuck-waiting', 'pod-init-failure', 'its init container fails'),
    ('pod-not-ready', 'pod-stuck-waiting', 'its containers never started')
)
SELECT e.id AS effect, c.id AS cause,
       e.kind || ' ' || coalesce(e.namespace || '/', '') || e.name || ': ' ||
       pr.why AS reason
FROM pairs pr
JOIN findings e ON e.rule = pr.effect_rule
JOIN findings c ON c.rule = pr.cause_rule AND c.kind = e.kind
               AND c.namespace IS e.namespace AND c.name = e.name
ORDER BY e.id, c.id;
