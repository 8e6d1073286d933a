-- id: nccl-failure
-- title: NCCL collective communication failed
-- severity: critical
-- category: gpu
-- remediation: Distributed training lost a collective: one rank died or hung, or the ranks cannot talk. Find the first rank that failed (its own error or a GPU fault on its node: see any gpu-xid finding) and fix that; for network errors check the pod network or RDMA/InfiniBand devices, NCCL_SOCKET_IFNAME and NCCL_IB_* settings, and that every rank runs the same NCCL version; set NCCL_DEBUG=INFO to see the transport; raise the collective timeout only for jobs with legitimately long steps.
--
-- Symptom: training stops; ranks log "Watchdog caught collective
-- operation timeout", "NCCL error", ncclSystemError / ncclRemoteError,
-- the job fails or hangs.
-- Root cause found: the NCCL failure in the rank's log; when a GPU fault
-- on the node came first, the correlation pass makes it the root.
-- Evidence: the NCCL error lines.
-- Thresholds: errors only: NCCL INFO and WARN lines about transports are
-- normal start-up chatter.
SELECT *,
       subject ||
       ' hit an NCCL collective failure' ||
       lines || ': "' || latest || '".' AS summary
-- per container, its newest three lines that match a signature feeding
-- this rule or the rule's own broad pattern (the second argument),
-- less NCCL INFO lines (the third: debug chatter that quotes the
-- words of errors), each with the matched signature's remedy
-- (reports/gpu/sig-hits.sql)
FROM sig_hits('nccl-failure',
              '(?i)NCCL (error|failure)|nccl(System|Internal|Invalid|UnhandledCuda|Remote)Error|NCCL communicator was aborted|Watchdog caught collective operation timeout|ProcessGroupNCCL.*(timed? ?out|error|abort)|NCCL (operation|collective) .*timed out|NCCL_ERROR|unhandled (system|cuda) error.*NCCL|NCCL WARN .*(Error|failed|timeout)',
              '(?i)NCCL INFO');
