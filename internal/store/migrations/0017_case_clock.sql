-- A case's yellow and red moments are one timer, its clock, set for the next of them.
-- The pending timers of each kind become the clock at the earlier.
INSERT INTO timers (kind, ref_id, fire_at, created_at)
    SELECT 'case.clock', ref_id, MIN(fire_at), MIN(created_at) FROM timers
    WHERE kind IN ('case.warn', 'case.due') GROUP BY ref_id;
DELETE FROM timers WHERE kind IN ('case.warn', 'case.due');
