-- The counters are kept by day only: their month sums (grain 'm') saved hardly a row,
-- since a grid's cases of a day seldom share a category, source and unit within the
-- month, and every figure of a month comes from the rollups or the days' counters.
DELETE FROM fact_counts WHERE grain = 'm';
