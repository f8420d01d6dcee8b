-- The working calendar (DESIGN.md §3). Dates not listed here are working days Monday
-- to Friday and days off at weekends; a row makes its date a day off (holiday: the public
-- holidays and the weekend days inside a holiday span) or a working day (workday: a
-- weekend day worked in exchange, 调休). Administrators enter each year's arrangement
-- from the State Council notice on the calendar page, so a new year needs no release.
-- day is the civil date in China, written YYYY-MM-DD so it sorts and ranges as text.
CREATE TABLE calendar_days (
    day         TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

-- The working hours of every working day, one row that every instance reads: periods
-- written HH:MM-HH:MM separated by spaces, in order and not overlapping. generation
-- counts every change to the calendar (its days or its hours): an instance keeps the
-- calendar in memory and reloads it when the generation it read it at is no longer
-- the stored one, so an edit on one instance reaches the others at their next read.
CREATE TABLE working_hours (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    periods     TEXT NOT NULL,
    generation  BIGINT NOT NULL DEFAULT 1,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
INSERT INTO working_hours (id, periods, updated_at) VALUES (1, '09:00-12:00 13:30-17:30', 0);

-- The State Council arrangements for 2025 (国办发明电〔2024〕12号) and 2026; the seed
-- is checked against npm chinese-days in store/calendar_test.go. Times 0: seeded.
INSERT INTO calendar_days (day, kind, name, created_at, updated_at) VALUES
    ('2025-01-01', 'holiday', '元旦', 0, 0),
    ('2025-01-26', 'workday', '春节', 0, 0),
    ('2025-01-28', 'holiday', '春节', 0, 0),
    ('2025-01-29', 'holiday', '春节', 0, 0),
    ('2025-01-30', 'holiday', '春节', 0, 0),
    ('2025-01-31', 'holiday', '春节', 0, 0),
    ('2025-02-01', 'holiday', '春节', 0, 0),
    ('2025-02-02', 'holiday', '春节', 0, 0),
    ('2025-02-03', 'holiday', '春节', 0, 0),
    ('2025-02-04', 'holiday', '春节', 0, 0),
    ('2025-02-08', 'workday', '春节', 0, 0),
    ('2025-04-04', 'holiday', '清明', 0, 0),
    ('2025-04-05', 'holiday', '清明', 0, 0),
    ('2025-04-06', 'holiday', '清明', 0, 0),
    ('2025-04-27', 'workday', '劳动节', 0, 0),
    ('2025-05-01', 'holiday', '劳动节', 0, 0),
    ('2025-05-02', 'holiday', '劳动节', 0, 0),
    ('2025-05-03', 'holiday', '劳动节', 0, 0),
    ('2025-05-04', 'holiday', '劳动节', 0, 0),
    ('2025-05-05', 'holiday', '劳动节', 0, 0),
    ('2025-05-31', 'holiday', '端午', 0, 0),
    ('2025-06-01', 'holiday', '端午', 0, 0),
    ('2025-06-02', 'holiday', '端午', 0, 0),
    ('2025-09-28', 'workday', '国庆节', 0, 0),
    ('2025-10-01', 'holiday', '国庆节', 0, 0),
    ('2025-10-02', 'holiday', '国庆节', 0, 0),
    ('2025-10-03', 'holiday', '国庆节', 0, 0),
    ('2025-10-04', 'holiday', '国庆节', 0, 0),
    ('2025-10-05', 'holiday', '国庆节', 0, 0),
    ('2025-10-06', 'holiday', '中秋', 0, 0),
    ('2025-10-07', 'holiday', '国庆节', 0, 0),
    ('2025-10-08', 'holiday', '国庆节', 0, 0),
    ('2025-10-11', 'workday', '国庆节', 0, 0),
    ('2026-01-01', 'holiday', '元旦', 0, 0),
    ('2026-01-02', 'holiday', '元旦', 0, 0),
    ('2026-01-03', 'holiday', '元旦', 0, 0),
    ('2026-01-04', 'workday', '元旦', 0, 0),
    ('2026-02-14', 'workday', '春节', 0, 0),
    ('2026-02-15', 'holiday', '春节', 0, 0),
    ('2026-02-16', 'holiday', '春节', 0, 0),
    ('2026-02-17', 'holiday', '春节', 0, 0),
    ('2026-02-18', 'holiday', '春节', 0, 0),
    ('2026-02-19', 'holiday', '春节', 0, 0),
    ('2026-02-20', 'holiday', '春节', 0, 0),
    ('2026-02-21', 'holiday', '春节', 0, 0),
    ('2026-02-22', 'holiday', '春节', 0, 0),
    ('2026-02-23', 'holiday', '春节', 0, 0),
    ('2026-02-28', 'workday', '春节', 0, 0),
    ('2026-04-04', 'holiday', '清明', 0, 0),
    ('2026-04-05', 'holiday', '清明', 0, 0),
    ('2026-04-06', 'holiday', '清明', 0, 0),
    ('2026-05-01', 'holiday', '劳动节', 0, 0),
    ('2026-05-02', 'holiday', '劳动节', 0, 0),
    ('2026-05-03', 'holiday', '劳动节', 0, 0),
    ('2026-05-04', 'holiday', '劳动节', 0, 0),
    ('2026-05-05', 'holiday', '劳动节', 0, 0),
    ('2026-05-09', 'workday', '劳动节', 0, 0),
    ('2026-06-19', 'holiday', '端午', 0, 0),
    ('2026-06-20', 'holiday', '端午', 0, 0),
    ('2026-06-21', 'holiday', '端午', 0, 0),
    ('2026-09-20', 'workday', '国庆节', 0, 0),
    ('2026-09-25', 'holiday', '中秋', 0, 0),
    ('2026-09-26', 'holiday', '中秋', 0, 0),
    ('2026-09-27', 'holiday', '中秋', 0, 0),
    ('2026-10-01', 'holiday', '国庆节', 0, 0),
    ('2026-10-02', 'holiday', '国庆节', 0, 0),
    ('2026-10-03', 'holiday', '国庆节', 0, 0),
    ('2026-10-04', 'holiday', '国庆节', 0, 0),
    ('2026-10-05', 'holiday', '国庆节', 0, 0),
    ('2026-10-06', 'holiday', '国庆节', 0, 0),
    ('2026-10-07', 'holiday', '国庆节', 0, 0),
    ('2026-10-10', 'workday', '国庆节', 0, 0);
