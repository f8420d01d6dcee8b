-- Every index on cases is written at every report, so each one earns its place:
--   - the index of nearby cases also holds their points, so that the cases of a cell
--     outside the box around a report are turned away on the index, without reading
--     their rows: only those inside the box are read to compare their descriptions;
--   - the columns that most cases leave empty (a sensor's device, a signed-in reporter, a
--     master, a patrol) are indexed only where they are set: the queries ask for a value;
--   - no query looks cases up by the reporter's phone, so its index goes.
DROP INDEX cases_nearby;
CREATE INDEX cases_nearby ON cases (category_id, cell, lat, lng);
DROP INDEX cases_device;
CREATE INDEX cases_device ON cases (device_id, alarm_type, status) WHERE device_id <> '';
DROP INDEX cases_reporter;
CREATE INDEX cases_reporter ON cases (reporter_user_id, id) WHERE reporter_user_id IS NOT NULL;
DROP INDEX cases_master;
CREATE INDEX cases_master ON cases (master_id) WHERE master_id IS NOT NULL;
DROP INDEX cases_patrol;
CREATE INDEX cases_patrol ON cases (patrol_id) WHERE patrol_id IS NOT NULL;
DROP INDEX cases_phone;
