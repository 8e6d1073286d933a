-- id: cuda-oom
-- title: CUDA out of memory on the GPU
-- severity: critical
-- category: gpu
-- remediation: The process asked the GPU for more memory than it has free. Lower the batch size or sequence length, enable gradient checkpointing or mixed precision (bf16/fp16), shard the model over more GPUs (tensor parallelism) or load a quantised one; for vLLM lower gpu_memory_utilization or max_model_len / max_num_seqs; make sure no other process holds memory on the same GPU (nvidia-smi shows them) and that each pod requests whole GPUs through nvidia.com/gpu rather than sharing one unknowingly.
--
-- Symptom: training or inference crashes with "CUDA out of memory.
-- Tried to allocate ...", torch.cuda.OutOfMemoryError, the pod restarts.
-- Root cause found: the framework's GPU allocation failure in the log
-- (PyTorch, TensorFlow/JAX RESOURCE_EXHAUSTED, cuBLAS/cuDNN alloc
-- failures, vLLM's KV-cache errors).
-- Evidence: the log lines, with the allocation sizes they print.
-- Thresholds: one such line: the framework only prints it on a failed
-- allocation. Host-memory OOM kills are pod-oomkilled.
WITH found AS (
    SELECT l.bundle_id, l.namespace, l.pod, l.container, l.previous,
           l.line_no, l.time, l.text, l.file, 'log' AS src
    -- the rule's own broad patterns, and every failure signature that
    -- feeds this rule (reports/gpu/signatures.txt): one shared pass
    -- serves both, and a signature hit names its remedy
    FROM (SELECT line_id FROM log_grep('(?i)CUDA out of memory|torch\.(cuda\.)?OutOfMemoryError|CUDA error: out of memory|cudaErrorMemoryAllocation|CUBLAS_STATUS_ALLOC_FAILED|CUDNN_STATUS_(ALLOC_FAILED|NOT_ENOUGH_WORKSPACE)|RESOURCE_EXHAUSTED: Out of memory|OOM when allocating tensor|out of memory .*(on|trying to allocate) .*device|Failed to allocate .* on device|No available memory for the cache blocks|not enough (GPU|KV cache|cuda) memory')
          UNION SELECT line_id FROM log_grep(sig_pattern('cuda-oom'))) g
    JOIN log_lines l ON l.id = g.line_id
    UNION ALL
    -- its termination and waiting messages and the kubelet events
    -- about it, each on its container (schema/007_container_messages.sql)
    SELECT bundle_id, namespace, pod, container, previous, line_no, time,
           text, file, src
    FROM container_messages
    WHERE match_text REGEXP sig_pattern('cuda-oom')
), hits AS (
    SELECT f.*,
           row_number() OVER newest AS rn,
           first_value(f.text) OVER newest AS latest,
           count(*) OVER newest AS n,
           min(f.time) OVER newest AS first_time
    FROM found f
    -- one sort per container; the frame is the whole container, so that
    -- the count and the first time see every hit
    WINDOW newest AS (PARTITION BY f.bundle_id, f.namespace, f.pod,
                               f.container ORDER BY f.previous, f.line_no DESC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
SELECT 'Pod' AS kind, namespace, pod AS name, container,
       -- the node only for the rows kept, not for every hit
       (SELECT p.node FROM pods p WHERE p.bundle_id = hits.bundle_id
           AND p.namespace = hits.namespace AND p.name = hits.pod) AS node,
       CASE WHEN container IS NULL
            THEN 'Pod ''' || namespace || '/' || pod || ''''
            ELSE 'Container ''' || container || ''' of pod ''' ||
                 namespace || '/' || pod || '''' END ||
       ' ran out of GPU memory' || CASE WHEN n > 1 THEN ' (' || n || ' lines)' ELSE '' END ||
       ': "' || substr(latest, 1, 220) || '".' AS summary,
       first_time AS first_seen,
       src AS ev_source, time AS ev_time, text AS ev_text,
       file AS ev_file,
       -- the matched signature's remedy; NULL keeps the header's
       sig_remedy(sig_match('cuda-oom', text)) AS remediation
FROM hits WHERE rn <= 3
-- a pod-level event (no container) after the containers: a finding takes
-- its summary from its first row and names the first container
ORDER BY namespace, pod, container IS NULL, container, rn;
