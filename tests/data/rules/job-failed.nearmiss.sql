-- A job that failed once then succeeded on retry is complete, not failed.
-- expect-none: job-failed
INSERT INTO workloads(bundle_id, kind, namespace, name, desired, current, succeeded, failed, file)
VALUES (1, 'Job', 'shop', 'etl', 1, 0, 1, 1, 'resources/shop/jobs.batch.json');
INSERT INTO workload_conditions VALUES
 (1, 'Job', 'shop', 'etl', 'Complete', 'True', NULL, NULL, '2026-11-23T09:36:00Z');
