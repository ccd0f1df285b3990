/**
 * @module bench/query-data
 * The data set of `npm run bench:query`: BENCH_TRACES agent traces (default 50,000, about 1.05
 * million spans; 21 spans a trace on average) spread evenly over the last 30 days, generated
 * inside the embedded engine by INSERT … SELECT, which is some hundred times faster than sending
 * the same rows through OTLP.
 *
 * Run as its own process (`tsx test/bench/query-data.ts <dataDir>`): the embedded engine binds
 * one data directory per process, and the collector opens this one afterwards. The tables come
 * from the project's own migrations (the store's `migrate()`); only the span rows are made here.
 * Then the collector's own settler settles every trace (trace summaries, cost facts), as live
 * ingest would have; `ingested_at` is a few seconds after each span's end, and the newest spans
 * are 20 minutes old, so the collector finds nothing left to recover when it starts.
 *
 * Each trace, as the normaliser would have stored it: an `invoke_agent <agent>` root carrying the
 * session and user ids (as real SDKs set them, on the root only), then 8–32 children of the root
 * alternating `chat <model>` LLM calls and `execute_tool <tool>` calls, every span with the
 * trace's agent name (inherited). The LLM call before a tool call names it in its output, with
 * the tool span's call id. Two of the six agents report their children's summed usage on the
 * root (`is_rollup`, unpriced since the root names no model). About 2% of child spans fail, and
 * a third of the traces with a failed child fail at the root too. Costs use the bundled prices.
 * Every value derives from the trace number `t`, so a run is reproducible and the bench can
 * compute trace ids itself ({@link traceIdFor}).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadPriceBook } from '../../collector/src/cost/load.ts'
import { INSERT_COLUMNS } from '../../collector/src/store/span-row.ts'

export const DATABASE = 'loupe'
/**
 * Traces to generate: BENCH_TRACES, default 50,000 (about 21 spans a trace, so 1.05 million
 * spans; 480,000 gives about 10 million). Read from the environment so the bench and the
 * generator child process it spawns agree on it.
 */
export const TRACE_COUNT = traceCount(process.env['BENCH_TRACES'])
export const DAYS = 30
/** Traces per INSERT … SELECT (3 days at 50,000 traces): a few partitions and bounded memory per insert. */
const CHUNK = 5_000

export const AGENTS = ['triage', 'support', 'researcher', 'summarizer', 'reviewer', 'planner']
/** The service each agent runs in (4 services). */
const AGENT_SERVICES = [
  'support-api',
  'support-api',
  'research-worker',
  'research-worker',
  'code-review-bot',
  'ops-automation',
]
/** Pairs per provider: a main model, then its cheaper sibling (index | 1). */
export const MODELS = [
  'gpt-4o',
  'gpt-4o-mini',
  'claude-sonnet-4-5',
  'claude-haiku-4-5',
  'gemini-2.5-pro',
  'gemini-2.5-flash',
]
const PROVIDERS = ['openai', 'openai', 'anthropic', 'anthropic', 'gcp.gemini', 'gcp.gemini']
const SERVERS = [
  'api.openai.com',
  'api.openai.com',
  'api.anthropic.com',
  'api.anthropic.com',
  'generativelanguage.googleapis.com',
  'generativelanguage.googleapis.com',
]
const SCOPES = [
  'opentelemetry.instrumentation.openai_v2',
  'opentelemetry.instrumentation.openai_v2',
  'opentelemetry.instrumentation.anthropic',
  'opentelemetry.instrumentation.anthropic',
  'opentelemetry.instrumentation.google_genai',
  'opentelemetry.instrumentation.google_genai',
]
/** Agent a uses tools a*3 … a*3+3 (mod 8). */
const TOOLS = [
  'search_docs',
  'get_order',
  'refund_payment',
  'web_search',
  'fetch_url',
  'read_file',
  'run_tests',
  'create_ticket',
]
const USERS = 2_000
const SESSIONS = 10_000
const ERROR_PERMILLE = 20

/** Filters the bench uses; each matches a part of the data, not all of it. */
export const BENCH_FILTERS = { model: 'claude-sonnet-4-5', service: 'research-worker', word: 'Lisbon' }

const QUESTIONS = [
  'My order 48213 arrived damaged, the box was crushed and two glasses are broken. Can I get a refund or a replacement?',
  'Plan a four-day trip to Lisbon in April for two adults, direct flights from Berlin, hotel near Alfama under 180 EUR a night.',
  'Summarise the last three incident reports for the payments service and list the follow-up actions that are still open.',
  'Why does the nightly build fail on the integration tests since yesterday? The unit tests pass locally on my machine.',
  'Compare the pricing of the Team and Enterprise plans for 40 seats billed yearly, including the SSO add-on.',
  'Find recent papers on retrieval-augmented generation for long legal documents and summarise their evaluation methods.',
  'Review pull request 1182: it changes the retry logic of the webhook sender. Is the exponential backoff correct?',
  'The customer says they were charged twice for invoice INV-20931 in March. Check the payment records and explain.',
  'Write a migration plan to move the reporting jobs from cron on a VM to the workflow scheduler, with a rollback step.',
  'What changed in our on-call rotation policy this quarter, and who is on call next weekend for the data platform?',
  'Draft a polite reply to a customer asking to cancel their subscription and export all their project data first.',
  'Check whether the staging cluster has enough capacity for the load test on Thursday and book a maintenance window.',
]
const ANSWERS = [
  'I checked the order history and the carrier report. The parcel was damaged in transit, so I have issued a full refund to the original payment method; it should appear within 5 business days.',
  'Here is a plan: fly BER to LIS on the morning direct flight, stay three nights at a boutique hotel in Alfama, and keep the last day free for Sintra. The total comes in under budget.',
  'The three reports share one root cause, connection pool exhaustion under retry storms. Two follow-ups remain open: adding jitter to client retries and alerting on pool saturation.',
  'The failure started with the dependency bump in commit a41c9e: the test database container now needs an explicit health check before the suite starts. I opened a ticket with the fix.',
  'I found the relevant records and summarised them below. Let me know if you want the full details exported as a spreadsheet or sent by email to the account owner.',
]
const SNIPPETS = [
  'Order 48213: shipped 2024-03-02 via DHL, delivered 2024-03-05, carrier note: package damaged on arrival, photo attached.',
  'Flight LH1166 BER-LIS departs 07:05, arrives 09:40, direct, 2 seats available at 142 EUR each including cabin bag.',
  'Incident INC-774: payments API latency above 2 s for 38 minutes; root cause: connection pool exhausted by client retries.',
  'Test run 9921: 412 passed, 3 failed (integration/db_migrations_test.py), error: could not connect to server: Connection refused.',
  'Plan comparison: Team 12 USD per seat per month, Enterprise 21 USD with SSO, audit log and 99.9% SLA; yearly billing saves 15%.',
  'Paper: Long-context RAG for statutes (2024). Evaluates on 1,200 legal questions with exact-match and citation accuracy metrics.',
]
const TOPICS = [
  'order 48213 damage claim',
  'flights Berlin to Lisbon April',
  'payments incident reports',
  'nightly build failures',
  'enterprise plan pricing',
  'RAG legal documents evaluation',
  'webhook retry backoff',
  'invoice INV-20931 payments',
  'reporting jobs migration',
  'on-call rotation policy',
]

function traceCount(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 50_000
  const n = Number(raw.replaceAll('_', ''))
  if (!Number.isSafeInteger(n) || n < 1_000) throw new Error(`BENCH_TRACES must be a whole number ≥ 1000, not ${raw}`)
  return n
}

/** 32 lowercase hex: the id of trace number t, the same formula as the generating SQL. */
export function traceIdFor(t: number): string {
  return createHash('md5').update(`loupe-bench-trace-${t}`).digest('hex')
}

function systemPrompt(agent: string, service: string): string {
  return `You are the ${agent} agent of ${service}. Answer precisely and cite the records you used. Use the tools to look up orders, documents and systems before answering; never guess identifiers. Keep replies under 200 words and ask for confirmation before any refund or booking.`
}

const A = 'Array(String)'
const F = 'Array(Float64)'

/** Per trace (level 1), per span (level 2), then the row in INSERT_COLUMNS order (level 3). */
const INSERT_SQL = `
INSERT INTO ${DATABASE}.spans (${INSERT_COLUMNS.join(', ')}, ingested_at)
SELECT
  'default', trace_id, lower(hex(substring(MD5(concat(trace_id, ':', toString(i))), 1, 8))), if(i = 0, '', root_span_id),
  multiIf(i = 0, concat('invoke_agent ', agent), llm, concat('chat ', {models:${A}}[m]), concat('execute_tool ', tool)),
  service, multiIf(i = 0, 'agent', llm, 'llm', 'tool'), multiIf(i = 0, 'invoke_agent', llm, 'chat', 'execute_tool'),
  if(failed, 'error', 'unset'), if(failed, emsg, ''), if(failed, etype, ''),
  fromUnixTimestamp64Nano(s_ns, 'UTC'), fromUnixTimestamp64Nano(e_ns, 'UTC'), toUInt64(e_ns - s_ns),
  if(llm, {models:${A}}[m], ''), if(llm, {providers:${A}}[m], ''),
  multiIf(llm, ins[i], i = 0 AND rollup, arraySum(ins), 0), multiIf(llm, outs[i], i = 0 AND rollup, arraySum(outs), 0),
  multiIf(llm, crs[i], i = 0 AND rollup, arraySum(crs), 0), multiIf(llm, cws[i], i = 0 AND rollup, arraySum(cws), 0),
  multiIf(llm, rsn[i], i = 0 AND rollup, arraySum(rsn), 0),
  if(llm, costs[i], 0), multiIf(llm AND ins[i] > 0, 'computed', i = 0 AND rollup, 'unpriced', 'none'), i = 0 AND rollup,
  if(tl, tool, ''), if(tl, call_id, ''), if(tl, args, ''), if(tl, lower(hex(SHA256(args))), ''), if(tl AND NOT failed, result, ''),
  agent, '', if(i = 0, session, ''), if(i = 0, user, ''), '',
  multiIf(i = 0, concat('[{"role":"user","content":', toJSONString(question), '}]'),
    llm, concat('[{"role":"system","content":', toJSONString(system), '},{"role":"user","content":', toJSONString(question), '}',
      if(i > 1, concat(',{"role":"tool","content":', toJSONString(snippet), ',"toolCallId":"', prev_call_id, '"}'), ''), ']'), ''),
  multiIf(i = 0 AND NOT failed, concat('[{"role":"assistant","content":', toJSONString(answer), '}]'),
    llm AND NOT failed AND k <= n, concat('[{"role":"assistant","content":"Let me look that up.","toolCalls":[{"id":"', call_id,
      '","name":"', tool, '","arguments":', toJSONString(args), '}]}]'),
    llm AND NOT failed, concat('[{"role":"assistant","content":', toJSONString(answer), '}]'), ''),
  if(llm, {scopes:${A}}[m], 'openai.agents'),
  multiIf(llm, map('gen_ai.operation.name', 'chat', 'gen_ai.provider.name', {providers:${A}}[m], 'gen_ai.request.model', {models:${A}}[m],
      'gen_ai.request.temperature', '0.2', 'gen_ai.response.id', concat('resp_', substring(lower(hex(MD5(concat(trace_id, ':resp:', toString(i))))), 1, 24)),
      'gen_ai.response.finish_reasons', if(k <= n, '["tool_calls"]', '["stop"]'), 'server.address', {servers:${A}}[m],
      'gen_ai.usage.input_tokens', toString(ins[i]), 'gen_ai.usage.output_tokens', toString(outs[i])),
    tl, map('gen_ai.operation.name', 'execute_tool', 'gen_ai.tool.name', tool, 'gen_ai.tool.call.id', call_id, 'gen_ai.tool.type', 'function'),
    rollup, map('gen_ai.operation.name', 'invoke_agent', 'gen_ai.agent.name', agent, 'gen_ai.conversation.id', session, 'user.id', user,
      'gen_ai.usage.input_tokens', toString(arraySum(ins)), 'gen_ai.usage.output_tokens', toString(arraySum(outs))),
    map('gen_ai.operation.name', 'invoke_agent', 'gen_ai.agent.name', agent, 'gen_ai.conversation.id', session, 'user.id', user)),
  map('service.name', service, 'service.version', '2.3.1', 'deployment.environment.name', 'production',
    'telemetry.sdk.name', 'opentelemetry', 'telemetry.sdk.language', 'python', 'telemetry.sdk.version', '1.38.0'),
  if(failed, concat('[{"timeUnixNano":"', toString(e_ns), '","name":"exception","attributes":{"exception.type":', toJSONString(etype),
    ',"exception.message":', toJSONString(emsg), '}}]'), '[]'),
  '[]', fromUnixTimestamp64Milli(intDiv(e_ns, 1000000) + 1000 + toInt64(cityHash64(t, i, 'export') % 4000), 'UTC')
FROM (
  SELECT *, i,
    i > 0 AND i % 2 = 1 AS llm, i > 0 AND i % 2 = 0 AS tl, if(i = 0, 1, mids[i]) AS m,
    if(llm, i + 1, i) AS k,
    {tools:${A}}[((a - 1) * 3 + cityHash64(t, k, 'tool') % 4) % 8 + 1] AS tool,
    concat('call_', substring(lower(hex(MD5(concat(trace_id, ':call:', toString(k))))), 1, 24)) AS call_id,
    concat('call_', substring(lower(hex(MD5(concat(trace_id, ':call:', toString(i - 1))))), 1, 24)) AS prev_call_id,
    concat('{"limit":', toString(5 + cityHash64(t, k, 'limit') % 20), ',"query":',
      toJSONString({topics:${A}}[cityHash64(t, k, 'topic') % length({topics:${A}}) + 1]), '}') AS args,
    {snippets:${A}}[cityHash64(t, i, 'snippet') % length({snippets:${A}}) + 1] AS snippet,
    concat('{"items":[', arrayStringConcat(arrayMap(x -> toJSONString({snippets:${A}}[cityHash64(t, i, x) % length({snippets:${A}}) + 1]),
      range(1 + cityHash64(t, i, 'items') % 3)), ','), '],"ok":true}') AS result,
    if(i = 0, has(errs, 1) AND t % 3 = 0, errs[i] = 1) AS failed,
    multiIf(i = 0, 'AgentRunError', llm, 'RateLimitError', 'TimeoutError') AS etype,
    multiIf(i = 0, 'agent run aborted after a failed step', llm, 'Error code: 429 - rate limit exceeded, retry after 20 s',
      concat('tool ', tool, ' did not answer within 30 s')) AS emsg,
    if(i = 0, t_start, t_start + toInt64((i - 1) * slot_ms + 10) * 1000000 + toInt64(cityHash64(t, i, 'ns') % 1000000)) AS s_ns,
    s_ns + toInt64(cityHash64(t, i, 'dns') % 1000000) + 1000000 * multiIf(i = 0, toInt64(n * slot_ms + 30),
      llm, toInt64(300 + cityHash64(t, i, 'dur') % (slot_ms - 400)), toInt64(20 + cityHash64(t, i, 'dur') % intDiv(slot_ms, 2))) AS e_ns
  FROM (
    SELECT number AS t,
      lower(hex(MD5(concat('loupe-bench-trace-', toString(t))))) AS trace_id,
      lower(hex(substring(MD5(concat(trace_id, ':0')), 1, 8))) AS root_span_id,
      cityHash64(t, 'agent') % 6 + 1 AS a, {agents:${A}}[a] AS agent, {services:${A}}[a] AS service, a IN (3, 6) AS rollup,
      {systems:${A}}[a] AS system,
      cityHash64(t, 'session') % {sessions:UInt32} AS sess,
      concat('sess_', substring(lower(hex(MD5(concat('session-', toString(sess))))), 1, 20)) AS session,
      concat('user_', leftPad(toString(sess % {users:UInt32}), 5, '0')) AS user,
      {questions:${A}}[cityHash64(t, 'question') % length({questions:${A}}) + 1] AS question,
      {answers:${A}}[cityHash64(t, 'answer') % length({answers:${A}}) + 1] AS answer,
      8 + cityHash64(t, 'n') % 25 AS n, 1500 + cityHash64(t, 'slot') % 3500 AS slot_ms,
      {base_ns:Int64} + toInt64(t) * {step_ns:Int64} + toInt64(cityHash64(t, 'jitter') % {step_ns:Int64}) AS t_start,
      cityHash64(t, 'model') % 6 AS pm, range(1, n + 1) AS js,
      arrayMap(j -> toUInt8(cityHash64(t, j, 'err') % 1000 < {error_permille:UInt32}), js) AS errs,
      arrayMap(j -> if(cityHash64(t, j, 'model') % 5 = 0, bitOr(pm, 1), pm) + 1, js) AS mids,
      arrayMap((j, e) -> if(j % 2 = 1 AND e = 0, 600 + j * 350 + cityHash64(t, j, 'in') % 2500, 0), js, errs) AS ins,
      arrayMap((j, e) -> if(j % 2 = 1 AND e = 0, 40 + cityHash64(t, j, 'out') % 900, 0), js, errs) AS outs,
      arrayMap((j, x) -> if(j > 1, intDiv(x * (30 + cityHash64(t, j, 'cache') % 50), 100), 0), js, ins) AS crs,
      arrayMap((j, x, mi) -> if(j = 1 AND {providers:${A}}[mi] = 'anthropic', intDiv(x, 2), 0), js, ins, mids) AS cws,
      arrayMap((o, mi) -> if({models:${A}}[mi] = 'gemini-2.5-pro', intDiv(o, 3), 0), outs, mids) AS rsn,
      arrayMap((x, o, c, w, mi) -> ((toFloat64(x) - c - w) * {in_rates:${F}}[mi] + c * {cr_rates:${F}}[mi]
        + w * {cw_rates:${F}}[mi] + o * {out_rates:${F}}[mi]) / 1e6, ins, outs, crs, cws, mids) AS costs
    FROM numbers({first:UInt64}, {count:UInt64})
  )
  ARRAY JOIN range(n + 1) AS i
)
SETTINGS output_format_json_escape_forward_slashes = 0`

export interface DataSummary {
  spans: number
  traces: number
  errorSpans: number
  /** trace_summaries rows written by the settler */
  summaries: number
  partitions: number
  parts: number
  insertMs: number
  settleMs: number
}

/** The oldest trace starts this long after "30 days ago", so a 30-day window opened minutes later still holds it. */
const HEAD_MS = 10 * 60_000
/** The newest spans were ingested this long before generation ends: older than the collector's restart recovery (10 min). */
const TAIL_MS = 20 * 60_000

/**
 * Creates the tables in `dir` through the store's migrations, generates the spans in SQL, then
 * settles every trace with the collector's own settler, as live ingest would have done: trace
 * summaries and cost facts are written by the same code, never imitated here.
 */
export async function generateQueryData(dir: string): Promise<DataSummary> {
  const started = performance.now()
  const { createClickHouseStore } = await import('../../collector/src/store/clickhouse.ts')
  const openStore = () =>
    createClickHouseStore({ target: { kind: 'embedded', path: dir }, database: DATABASE, retentionDays: DAYS + 10 })
  const store = openStore()
  await store.migrate()
  await store.close()

  const book = loadPriceBook(null, (p) => readFileSync(p, 'utf8'))
  const rates = MODELS.map((model) => {
    const price = book.lookup(model)
    if (price === null) throw new Error(`no bundled price for ${model}`)
    return price.rates
  })
  const stepNs = BigInt(Math.floor(((DAYS * 86_400_000 - HEAD_MS - TAIL_MS) / TRACE_COUNT) * 1e6))
  const baseNs = BigInt(Date.now() - DAYS * 86_400_000 + HEAD_MS) * 1_000_000n
  const params = {
    models: MODELS,
    providers: PROVIDERS,
    servers: SERVERS,
    scopes: SCOPES,
    tools: TOOLS,
    agents: AGENTS,
    services: AGENT_SERVICES,
    systems: AGENTS.map((a, i) => systemPrompt(a, AGENT_SERVICES[i]!)),
    questions: QUESTIONS,
    answers: ANSWERS,
    snippets: SNIPPETS,
    topics: TOPICS,
    in_rates: rates.map((r) => r.input),
    out_rates: rates.map((r) => r.output),
    cr_rates: rates.map((r) => r.cacheRead),
    cw_rates: rates.map((r) => r.cacheWrite),
    sessions: SESSIONS,
    users: USERS,
    error_permille: ERROR_PERMILLE,
    base_ns: baseNs,
    step_ns: stepNs,
  }

  const { Session } = await import('chdb')
  const session = new Session(dir)
  try {
    for (let first = 0; first < TRACE_COUNT; first += CHUNK) {
      await session
        .queryBindAsync(INSERT_SQL, { ...params, first, count: Math.min(CHUNK, TRACE_COUNT - first) })
        .catch((err: Error) => {
          // The engine's message repeats the whole statement with every parameter inlined: keep its head.
          throw new Error(`generating traces ${first}…: ${err.message.slice(0, 600)}`)
        })
    }
  } finally {
    session.close()
  }
  const insertMs = performance.now() - started

  const settleStarted = performance.now()
  const settled = openStore()
  try {
    const { TraceSettler } = await import('../../collector/src/settle/settler.ts')
    const settler = new TraceSettler(settled, {
      settleMs: 0,
      maxPerTick: CHUNK,
      summariesTable: 'loupe.trace_summaries',
      live: null,
    })
    settler.touch(
      'default',
      Array.from({ length: TRACE_COUNT }, (_, t) => traceIdFor(t)),
    )
    while (settler.pendingTraces > 0) {
      const before = settler.pendingTraces
      await settler.tick()
      if (settler.pendingTraces >= before) throw new Error(`settling made no progress (${before} traces pending)`)
    }
  } finally {
    await settled.close()
  }
  const settleMs = performance.now() - settleStarted

  const check = new Session(dir)
  try {
    const parts = `FROM system.parts WHERE database = '${DATABASE}' AND table = 'spans' AND active`
    const [row] = (
      await check.queryAsync(
        `SELECT count() AS spans, uniqExact(trace_id) AS traces, countIf(status = 'error') AS errorSpans,
         (SELECT count() FROM ${DATABASE}.trace_summaries FINAL) AS summaries,
         (SELECT uniqExact(partition) ${parts}) AS partitions, (SELECT count() ${parts}) AS parts
       FROM ${DATABASE}.spans`,
        { format: 'JSONEachRow' },
      )
    )
      .text()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, string | number>)
    if (row === undefined) throw new Error('the summary query returned no row')
    const n = (k: string) => Number(row[k])
    return {
      spans: n('spans'),
      traces: n('traces'),
      errorSpans: n('errorSpans'),
      summaries: n('summaries'),
      partitions: n('partitions'),
      parts: n('parts'),
      insertMs,
      settleMs,
    }
  } finally {
    check.close()
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === import.meta.filename) {
  const dir = process.argv[2]
  if (dir === undefined) throw new Error('usage: tsx test/bench/query-data.ts <dataDir>')
  const s = await generateQueryData(resolve(dir))
  process.stdout.write(
    `generated ${s.spans} spans in ${s.traces} traces (${s.errorSpans} error spans) over ${DAYS} days in ${(s.insertMs / 1000).toFixed(1)} s, ` +
      `settled ${s.summaries} traces in ${(s.settleMs / 1000).toFixed(1)} s; spans: ${s.partitions} partitions, ${s.parts} parts\n`,
  )
  // 8–32 children plus the root: 21 spans a trace on average.
  if (s.spans < TRACE_COUNT * 20 || s.traces !== TRACE_COUNT || s.summaries !== TRACE_COUNT) {
    throw new Error(`expected ≥ ${TRACE_COUNT * 20} spans in ${TRACE_COUNT} traces, all settled`)
  }
}
