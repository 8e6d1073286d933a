-- id: model-load-failure
-- title: Model cannot be loaded
-- severity: critical
-- category: ml
-- remediation: The server could not load its model. A missing path: check the model volume is mounted where MODEL_PATH or the server's arguments point and that the download or init container finished; a Hugging Face repository not found or gated: check the model id and the token secret; a corrupted or truncated file (safetensors header, unexpected EOF, PytorchStreamReader): re-download it and verify checksums; a format or version mismatch: use the runtime version the model was saved for; memory errors while loading: see cuda-oom / pod-oomkilled and raise memory or shard the model.
--
-- Symptom: inference server exits or stays unready at start-up with
-- "Failed to load model", OSError for config.json or weights, corrupt
-- checkpoints, unknown model ids.
-- Root cause found: the loader's error line (transformers, vLLM, TGI,
-- Triton, KServe, torch, safetensors, llama.cpp).
-- Evidence: the error lines from the current or previous container.
-- Thresholds: load errors only; messages about loading progress are not
-- matched (they contain no failure word).
WITH found AS (
    SELECT l.bundle_id, l.namespace, l.pod, l.container, l.previous,
           l.line_no, l.time, l.text, l.file, 'log' AS src
    -- the rule's own broad patterns, and every failure signature that
    -- feeds this rule (reports/gpu/signatures.txt): one shared pass
    -- serves both, and a signature hit names its remedy
    FROM (SELECT line_id FROM log_grep('(?i)(failed|unable|error|could not|cannot|can.t) (to )?(load|loading|download|downloading|read|open|find) (the |a )?(model|checkpoint|weights|tokenizer|safetensors|adapter|lora)|OSError: .*(model|checkpoint|config\.json|\.safetensors|\.bin|tokenizer)|Can.t load (tokenizer|the model|config|weights)|safetensors_rust\.SafetensorError|Error while deserializing header|PytorchStreamReader failed|is not a valid model identifier|Repository Not Found|RepositoryNotFoundError|GatedRepoError|model .{1,80} (not found|does not exist)|(corrupt|truncated|invalid) (checkpoint|model|weights|safetensors)|failed to load model|Unable to load model|model load(ing)? failed|No such file or directory: .{0,120}(\.pt|\.pth|\.bin|\.safetensors|\.gguf|\.onnx|/models?/)')
          UNION SELECT line_id FROM log_grep(sig_pattern('model-load-failure'))) g
    JOIN log_lines l ON l.id = g.line_id
    UNION ALL
    -- its termination and waiting messages and the kubelet events
    -- about it, each on its container (schema/007_container_messages.sql)
    SELECT bundle_id, namespace, pod, container, previous, line_no, time,
           text, file, src
    FROM container_messages
    WHERE match_text REGEXP sig_pattern('model-load-failure')
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
       ' cannot load its model' || CASE WHEN n > 1 THEN ' (' || n || ' lines)' ELSE '' END ||
       ': "' || substr(latest, 1, 220) || '".' AS summary,
       first_time AS first_seen,
       src AS ev_source, time AS ev_time, text AS ev_text,
       file AS ev_file,
       -- the matched signature's remedy; NULL keeps the header's
       sig_remedy(sig_match('model-load-failure', text)) AS remediation
FROM hits WHERE rn <= 3
-- a pod-level event (no container) after the containers: a finding takes
-- its summary from its first row and names the first container
ORDER BY namespace, pod, container IS NULL, container, rn;
