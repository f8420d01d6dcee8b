-- Nearby open cases of a category (duplicates) are found by the cell of the map a case
-- lies in (see cells.go): a few ranges of one index instead of a strip of latitude.
-- Cases written before get their cells when the store opens.
ALTER TABLE cases ADD COLUMN cell BIGINT;
DROP INDEX cases_nearby;
CREATE INDEX cases_nearby ON cases (category_id, cell);
