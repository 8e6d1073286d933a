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
SELECT *,
       subject ||
       ' cannot load its model' ||
       lines || ': "' || latest || '".' AS summary
-- per container, its newest three lines that match a signature feeding
-- this rule or the rule's own broad pattern (the second argument),
-- each with the matched signature's remedy (reports/gpu/sig-hits.sql)
FROM sig_hits('model-load-failure',
              '(?i)(failed|unable|error|could not|cannot|can.t) (to )?(load|loading|download|downloading|read|open|find) (the |a )?(model|checkpoint|weights|tokenizer|safetensors|adapter|lora)|OSError: .*(model|checkpoint|config\.json|\.safetensors|\.bin|tokenizer)|Can.t load (tokenizer|the model|config|weights)|safetensors_rust\.SafetensorError|Error while deserializing header|PytorchStreamReader failed|is not a valid model identifier|Repository Not Found|RepositoryNotFoundError|GatedRepoError|model .{1,80} (not found|does not exist)|(corrupt|truncated|invalid) (checkpoint|model|weights|safetensors)|failed to load model|Unable to load model|model load(ing)? failed|No such file or directory: .{0,120}(\.pt|\.pth|\.bin|\.safetensors|\.gguf|\.onnx|/models?/)');
