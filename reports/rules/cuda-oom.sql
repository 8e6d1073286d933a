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
SELECT *,
       subject ||
       ' ran out of GPU memory' ||
       lines || ': "' || latest || '".' AS summary
-- per container, its newest three lines that match a signature feeding
-- this rule or the rule's own broad pattern (the second argument),
-- each with the matched signature's remedy (reports/gpu/sig-hits.sql)
FROM sig_hits('cuda-oom',
              '(?i)CUDA out of memory|torch\.(cuda\.)?OutOfMemoryError|CUDA error: out of memory|cudaErrorMemoryAllocation|CUBLAS_STATUS_ALLOC_FAILED|CUDNN_STATUS_(ALLOC_FAILED|NOT_ENOUGH_WORKSPACE)|RESOURCE_EXHAUSTED: Out of memory|OOM when allocating tensor|out of memory .*(on|trying to allocate) .*device|Failed to allocate .* on device|No available memory for the cache blocks|not enough (GPU|KV cache|cuda) memory');
