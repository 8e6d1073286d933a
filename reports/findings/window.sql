-- analyze --since/--until (lib/rules/sb_window.h, table analysis_window): the
-- findings and evidence outside the window are dropped. Nothing happens
-- when no window is set (analysis_window is empty).
--
-- Times compare on their first 19 characters (to the second), so that a
-- fraction cannot put 10:00:00.5 before 10:00:00.

-- A finding stays when its time range meets the window. One without any
-- time is a state seen at collection: it stays when the end of the
-- collection is inside the window.
DELETE FROM findings
WHERE EXISTS (SELECT 1 FROM analysis_window) AND
    CASE WHEN coalesce(first_seen, last_seen) IS NULL
    THEN coalesce((substr((SELECT max(collected_end) FROM bundles), 1, 19) <
                       coalesce((SELECT substr(since, 1, 19)
                                 FROM analysis_window), '') OR
                   substr((SELECT max(collected_end) FROM bundles), 1, 19) >
                       coalesce((SELECT substr(until, 1, 19)
                                 FROM analysis_window), '9999')), 0)
    ELSE substr(coalesce(last_seen, first_seen), 1, 19) <
             coalesce((SELECT substr(since, 1, 19) FROM analysis_window), '')
         OR substr(coalesce(first_seen, last_seen), 1, 19) >
             coalesce((SELECT substr(until, 1, 19) FROM analysis_window),
                      '9999')
    END;

-- The evidence of findings dropped, and dated evidence outside the window.
DELETE FROM finding_evidence
WHERE finding_id NOT IN (SELECT id FROM findings) OR
    (time IS NOT NULL AND EXISTS (SELECT 1 FROM analysis_window) AND
     (substr(time, 1, 19) <
          coalesce((SELECT substr(since, 1, 19) FROM analysis_window), '')
      OR substr(time, 1, 19) >
          coalesce((SELECT substr(until, 1, 19) FROM analysis_window),
                   '9999')));
