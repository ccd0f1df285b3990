-- 007: running traces. While a trace still receives spans, the settler writes a provisional
-- version of its summary, cost facts and findings (running = 1) every few seconds, from the spans
-- it keeps in memory; the settled version (running = 0) replaces it once the trace is quiet.
-- Readers already keep each trace's newest version, so nothing is counted twice. cost_facts and
-- findings carry the flag too, so a report can say how much of its total is still running
-- without a join.
ALTER TABLE {database}.trace_summaries ADD COLUMN IF NOT EXISTS running Bool DEFAULT 0;
ALTER TABLE {database}.cost_facts ADD COLUMN IF NOT EXISTS running Bool DEFAULT 0;
ALTER TABLE {database}.findings ADD COLUMN IF NOT EXISTS running Bool DEFAULT 0;
