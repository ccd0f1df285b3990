-- 010: failed LLM and tool calls per cost fact. error_count counts every failed span (an agent or
-- chain span that fails with its tool counts too), so it cannot be divided by the calls; an
-- error-rate alert divides call_errors by llm_calls + tool_calls.
ALTER TABLE {database}.cost_facts ADD COLUMN IF NOT EXISTS call_errors UInt32 DEFAULT 0;
