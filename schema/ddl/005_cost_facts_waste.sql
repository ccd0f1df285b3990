-- 005: the share of each cost fact that loop findings count as wasted. A span is wasted when any
-- finding of its trace names it among its wasted spans; each span counts once, however many
-- detectors flag it, so wasted cost never exceeds cost.
ALTER TABLE {database}.cost_facts ADD COLUMN IF NOT EXISTS wasted_cost_units Int64 DEFAULT 0;
