-- analyze --since/--until (lib/rules/sb_window.h): the timeline entries outside
-- the window are dropped, compared to the second as findings are
-- (reports/findings/window.sql). Nothing happens when no window is set.
DELETE FROM timeline
WHERE EXISTS (SELECT 1 FROM analysis_window) AND
    (substr(time, 1, 19) <
         coalesce((SELECT substr(since, 1, 19) FROM analysis_window), '')
     OR substr(time, 1, 19) >
         coalesce((SELECT substr(until, 1, 19) FROM analysis_window),
                  '9999'));
