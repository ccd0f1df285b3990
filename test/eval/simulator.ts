/**
 * @module test/eval/simulator
 * A scripted agent simulator for the loop-detector evaluation (issue 5). Each scenario emits one
 * agent trace through an OTel `Tracer` in one of three conventions (OTel GenAI, OpenInference,
 * AI SDK legacy `ai.*`), with seeded random details, and returns its label: the detectors that
 * SHOULD fire according to the detector spec (the issue text at the top of each detector module),
 * not according to what the implementation happens to do.
 *
 * Labelling notes (why overlaps are labelled):
 * - cost-without-progress fires when a 10-step window has < 30% novel tool calls and costs ≥ $0.50
 *   or ≥ half the trace. A long identical loop or long failure run is exactly that, so long loops
 *   are labelled with it too; short loops (≤ 10 steps, or ≥ 2 novel calls per window) are not.
 * - A cycle whose calls also return the same results is a repeated tool call as well.
 *
 * Invariant: every LLM output outside the near-duplicate scenarios is either under 20 words or
 * unique, and every LLM input grows by one short history line, so near-duplicate-llm has nothing
 * to find in them.
 */
import { context, SpanStatusCode, trace, type Context, type Tracer } from '@opentelemetry/api'
import type { DETECTOR_IDS } from '@loupe/schema'

export type DetectorId = (typeof DETECTOR_IDS)[number]
export type Convention = 'genai' | 'openinference' | 'aisdk'
export const CONVENTIONS: readonly Convention[] = ['genai', 'openinference', 'aisdk']

/** mulberry32: small, seeded, good enough for picking details. */
export class Rng {
  private s: number
  constructor(seed: number) {
    this.s = seed >>> 0
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0
    let t = this.s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[out[i], out[j]] = [out[j] as T, out[i] as T]
    }
    return out
  }
  hex(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16)
    return s
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`
  }
}

interface ErrorSpec {
  type: string
  message: string
}

interface LlmOpts {
  output?: string
  /** appended to the conversation before the call (a user or harness message) */
  feed?: string
  model?: string
  inputTokens?: number
  outputTokens?: number
}

/** Emits one agent run in one convention; time advances by each step's duration. */
export class AgentRun {
  /** ms since the epoch of the next step's start */
  private t: number
  private ctx: Context
  private agent: string
  private history: string[] = []
  /** spans emitted, by our own kind, for the simulator test */
  readonly emitted: Array<'agent' | 'llm' | 'tool'> = []
  readonly model: string
  /** the trace id, known once the first agent span starts */
  traceId = ''

  constructor(
    private readonly tracer: Tracer,
    readonly convention: Convention,
    t0: number,
    readonly rng: Rng,
    model?: string,
  ) {
    this.t = t0
    this.ctx = context.active()
    this.agent = ''
    this.model = model ?? rng.pick(['gpt-4o-mini', 'gpt-4o-mini', 'gpt-4o', 'claude-3-5-sonnet-20241022'])
  }

  private attrs(extra: Record<string, string | number>): Record<string, string | number> {
    return this.convention === 'aisdk' ? { 'ai.telemetry.functionId': this.agent, ...extra } : extra
  }

  /** An agent span around `body`; nested agents hand off. Ends with `error` when given. */
  agentSpan(name: string, task: string, body: () => void, error?: ErrorSpec): void {
    const [prevCtx, prevAgent, prevHistory] = [this.ctx, this.agent, this.history]
    this.agent = name
    this.history = []
    const start = this.t
    const spanName = { genai: `invoke_agent ${name}`, openinference: name, aisdk: 'ai.generateText' }[this.convention]
    const attributes: Record<string, string | number> = (
      {
        genai: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name },
        openinference: { 'openinference.span.kind': 'AGENT', 'agent.name': name, 'input.value': task },
        aisdk: {
          'ai.operationId': 'ai.generateText',
          'operation.name': `ai.generateText ${name}`,
          'ai.prompt': JSON.stringify({ prompt: task }),
        },
      } satisfies Record<Convention, Record<string, string>>
    )[this.convention]
    const span = this.tracer.startSpan(spanName, { startTime: start, attributes: this.attrs(attributes) }, this.ctx)
    this.emitted.push('agent')
    if (this.traceId === '') this.traceId = span.spanContext().traceId
    this.ctx = trace.setSpan(this.ctx, span)
    this.history.push(`user: ${task}`)
    body()
    if (error) {
      span.setAttribute('error.type', error.type)
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message })
    }
    this.t += 20
    span.end(this.t)
    ;[this.ctx, this.agent, this.history] = [prevCtx, prevAgent, prevHistory]
  }

  /** One LLM call; its input is the agent's conversation so far (plus `feed`). */
  llm(o: LlmOpts = {}): void {
    if (o.feed !== undefined) this.history.push(`user: ${o.feed}`)
    const model = o.model ?? this.model
    const messages = [
      { role: 'system', content: `You are ${this.agent}.` },
      ...this.history.map((h) => ({ role: h.startsWith('user:') ? 'user' : 'tool', content: h })),
    ]
    const input = JSON.stringify(messages)
    const output = o.output ?? `Next step ${this.history.length}.`
    const inTok = o.inputTokens ?? 800 + 180 * this.history.length + this.rng.int(0, 99)
    const outTok = o.outputTokens ?? this.rng.int(30, 140)
    const start = this.t
    const dur = this.rng.int(300, 1500)
    let name: string
    let a: Record<string, string | number>
    if (this.convention === 'genai') {
      name = `chat ${model}`
      a = {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': model,
        'gen_ai.usage.input_tokens': inTok,
        'gen_ai.usage.output_tokens': outTok,
        'gen_ai.input.messages': JSON.stringify(
          messages.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] })),
        ),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: output }] }]),
      }
    } else if (this.convention === 'openinference') {
      name = 'ChatCompletion'
      a = {
        'openinference.span.kind': 'LLM',
        'llm.model_name': model,
        'llm.token_count.prompt': inTok,
        'llm.token_count.completion': outTok,
        'llm.token_count.total': inTok + outTok,
        'input.value': input,
        'input.mime_type': 'application/json',
        'output.value': output,
      }
    } else {
      name = 'ai.generateText.doGenerate'
      a = {
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.id': model,
        'gen_ai.request.model': model,
        'gen_ai.usage.input_tokens': inTok,
        'gen_ai.usage.output_tokens': outTok,
        'ai.usage.inputTokens': inTok,
        'ai.usage.outputTokens': outTok,
        'ai.prompt.messages': input,
        'ai.response.text': output,
      }
    }
    this.tracer.startSpan(name, { startTime: start, attributes: this.attrs(a) }, this.ctx).end(start + dur)
    this.emitted.push('llm')
    this.t = start + dur + 10
  }

  /** One tool call; `result` undefined means no recorded result. */
  tool(name: string, args: object, result: unknown, error?: ErrorSpec): void {
    const argText = JSON.stringify(args)
    const resText = result === undefined ? undefined : typeof result === 'string' ? result : JSON.stringify(result)
    const start = this.t
    const dur = this.rng.int(50, 900)
    const a: Record<string, string | number> = {
      genai: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': name,
        'gen_ai.tool.call.arguments': argText,
      },
      openinference: {
        'openinference.span.kind': 'TOOL',
        'tool.name': name,
        'input.value': argText,
        'input.mime_type': 'application/json',
      },
      aisdk: {
        'ai.operationId': 'ai.toolCall',
        'ai.toolCall.name': name,
        'ai.toolCall.id': `call_${this.rng.hex(8)}`,
        'ai.toolCall.args': argText,
      },
    }[this.convention]
    if (resText !== undefined)
      a[
        { genai: 'gen_ai.tool.call.result', openinference: 'output.value', aisdk: 'ai.toolCall.result' }[
          this.convention
        ]
      ] = resText
    if (error) a['error.type'] = error.type
    const spanName = { genai: `execute_tool ${name}`, openinference: name, aisdk: 'ai.toolCall' }[this.convention]
    const span = this.tracer.startSpan(spanName, { startTime: start, attributes: this.attrs(a) }, this.ctx)
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message })
    span.end(start + dur)
    this.emitted.push('tool')
    this.t = start + dur + 10
    const shown = error ? `error ${error.type}` : (resText ?? '(no result)')
    this.history.push(`${name}(${argText}) -> ${shown.length > 60 ? `${shown.slice(0, 59)}…` : shown}`)
  }

  /** An LLM call that asks for one tool, then the call. */
  turn(name: string, args: object, result: unknown, error?: ErrorSpec): void {
    this.llm({ output: `Calling ${name}.` })
    this.tool(name, args, result, error)
  }

  /** The closing answer: unique text, so it never duplicates anything. */
  answer(): void {
    this.llm({ output: `Done: ${this.rng.hex(6)} summary of ${this.history.length} observations for ${this.agent}.` })
  }
}

export interface Scenario {
  kind: string
  /** true when the scenario is a legitimate-repetition negative or a normal run */
  negative: boolean
  /** emits the trace's steps inside a root agent span; returns the label */
  run: (a: AgentRun) => DetectorId[]
}

const CITIES = ['Paris', 'Rome', 'Oslo', 'Lima', 'Kyoto', 'Accra', 'Quito', 'Hanoi', 'Perth', 'Cork', 'Riga', 'Porto']
const FILES = [
  'src/app.ts',
  'src/db.ts',
  'src/auth.ts',
  'src/routes.ts',
  'lib/util.ts',
  'lib/cache.ts',
  'test/app.test.ts',
  'README.md',
]
const TOPICS = [
  'OTLP ports',
  'ClickHouse TTL',
  'SimHash',
  'rate limits',
  'vector clocks',
  'bloom filters',
  'tail sampling',
  'gRPC deadlines',
]
const FLAKY: readonly ErrorSpec[] = [
  { type: 'TimeoutError', message: 'upstream timed out after 30s' },
  { type: 'HTTPError', message: '503 Service Unavailable' },
  { type: 'ConnectionResetError', message: 'ECONNRESET while reading response' },
]
/** distinct, recorded setup calls: never repeated, never sharing a result */
function preamble(a: AgentRun, n: number): void {
  const topics = a.rng.shuffle(TOPICS)
  for (let i = 0; i < n; i++)
    a.turn('web_search', { query: topics[i] }, [
      { title: `${topics[i]} guide`, url: `https://example.com/${i}-${a.rng.hex(4)}` },
    ])
}
/**
 * A volatile stamp the spec says must not make calls different. The kind of stamp is fixed per
 * trace (an agent stamps every call the same way); its value changes on every call.
 */
function stamper(a: AgentRun): () => Record<string, string> {
  const kind = a.rng.pick(['request_id', 'timestamp', 'none'])
  return (): Record<string, string> =>
    kind === 'request_id'
      ? { request_id: a.rng.uuid() }
      : kind === 'timestamp'
        ? { timestamp: `2025-0${a.rng.int(1, 9)}-1${a.rng.int(0, 9)}T10:${a.rng.int(10, 59)}:00Z` }
        : {}
}
const long = (a: AgentRun, n: number): string =>
  Array.from(
    { length: n },
    (_, i) => `${a.rng.pick(['check', 'review', 'update', 'verify', 'inspect'])} item ${i} ${a.rng.hex(3)}`,
  ).join(', ')

const RTC: DetectorId = 'repeated-tool-call'
const RE: DetectorId = 'repeated-error'
const NP: DetectorId = 'no-progress'
const CY: DetectorId = 'cycle'
const ND: DetectorId = 'near-duplicate-llm'
const SB: DetectorId = 'step-budget'
const CWP: DetectorId = 'cost-without-progress'

/** Positive scenarios, with how many of each to send per convention. */
export const POSITIVES: ReadonlyArray<Scenario & { count: number }> = [
  {
    kind: 'tool-loop',
    negative: false,
    count: 4,
    run: (a) => {
      // 3–4 identical calls in ≤ 10 steps: too short for cost-without-progress
      const city = a.rng.pick(CITIES)
      const result = { city, tempC: a.rng.int(-5, 35) }
      const shape = a.rng.pick(['PAAA', 'PAXAA', 'AAAA'])
      const stamp = stamper(a)
      a.agentSpan('weather_bot', `Weather in ${city}?`, () => {
        for (const c of shape) {
          if (c === 'P') preamble(a, 1)
          else if (c === 'X') a.turn('get_time', { city }, { local: `${a.rng.int(10, 23)}:00` })
          else a.turn('get_weather', { city, ...stamp() }, result)
        }
      })
      return [RTC]
    },
  },
  {
    kind: 'mixed-stamp-loop',
    negative: false,
    count: 2,
    run: (a) => {
      // the same call, some retries stamped with a request id and some not: per the spec, still one call
      const city = a.rng.pick(CITIES)
      const result = { city, tempC: a.rng.int(-5, 35) }
      a.agentSpan('weather_bot', `Weather in ${city}?`, () => {
        preamble(a, 1)
        for (const stamped of [false, true, true, false])
          a.turn('get_weather', stamped ? { city, request_id: a.rng.uuid() } : { city }, result)
      })
      return [RTC]
    },
  },
  {
    kind: 'unrecorded-loop',
    negative: false,
    count: 2,
    run: (a) => {
      const to = `${a.rng.hex(5)}@example.com`
      a.agentSpan('mailer', `Email ${to}`, () => {
        preamble(a, 1)
        for (let i = 0; i < a.rng.int(3, 4); i++) a.turn('send_email', { to, subject: 'Status' }, undefined)
      })
      return [RTC]
    },
  },
  {
    kind: 'tool-loop-long',
    negative: false,
    count: 3,
    run: (a) => {
      const path = a.rng.pick(FILES)
      const result = { path, content: `export const v = ${a.rng.int(1, 99)}` }
      a.agentSpan('coder', `Fix ${path}`, () => {
        preamble(a, 1)
        for (let i = 0; i < a.rng.int(6, 8); i++) a.turn('read_file', { path }, result)
      })
      return [RTC, CWP]
    },
  },
  {
    kind: 'error-loop',
    negative: false,
    count: 5,
    run: (a) => {
      const err = a.rng.pick(FLAKY)
      const n = a.rng.int(3, 4)
      a.agentSpan(
        'fetcher',
        'Fetch the report',
        () => {
          preamble(a, 1)
          for (let i = 0; i < n; i++)
            a.turn('http_get', { url: 'https://api.example.com/report' }, `error: ${err.message}`, {
              ...err,
              message: `${err.message} (request_id=${a.rng.uuid()})`,
            })
        },
        { type: err.type, message: 'gave up' },
      )
      return [RE]
    },
  },
  {
    kind: 'error-loop-long',
    negative: false,
    count: 4,
    run: (a) => {
      // 5+ failures: ends in failure, or in a success only after ≥ 5 (spec: still reported)
      const err = a.rng.pick(FLAKY)
      const n = a.rng.int(5, 7)
      const succeeds = a.rng.next() < 0.5
      a.agentSpan('fetcher', 'Fetch the report', () => {
        for (let i = 0; i < n; i++)
          a.turn('http_get', { url: 'https://api.example.com/report' }, `error: ${err.message}`, err)
        if (succeeds) a.turn('http_get', { url: 'https://api.example.com/report' }, { rows: a.rng.int(10, 99) })
      })
      return [RE, CWP]
    },
  },
  {
    kind: 'reworded-search',
    negative: false,
    count: 8,
    run: (a) => {
      const n = a.rng.int(5, 7)
      const polling = a.rng.next() < 0.3
      a.agentSpan('researcher', 'Find the 2019 outage postmortem', () => {
        for (let i = 0; i < n; i++) {
          if (polling) a.turn('check_job', { job: 'exp-42', attempt: i + 1 }, { state: 'pending' })
          else
            a.turn(
              'search_docs',
              { query: `${a.rng.pick(['2019', 'old', 'legacy'])} outage postmortem v${i}` },
              'No results found.',
            )
        }
        a.answer()
      })
      return [NP]
    },
  },
  {
    kind: 'cycle-changing',
    negative: false,
    count: 4,
    run: (a) => {
      // A→B(→C) repeated with results that change every time: a cycle, nothing else
      const unit = a.rng.pick([
        ['run_tests', 'read_log'],
        ['run_tests', 'read_log', 'restart_service'],
      ])
      const reps = a.rng.int(3, 4)
      let k = 0
      a.agentSpan('fixer', 'Make the tests pass', () => {
        for (let r = 0; r < reps; r++)
          for (const t of unit) a.turn(t, { target: 'api' }, { run: ++k, output: `${t} run ${k}: ${a.rng.hex(6)}` })
      })
      return [CY]
    },
  },
  {
    kind: 'cycle-stuck',
    negative: false,
    count: 3,
    run: (a) => {
      const path = a.rng.pick(FILES)
      const reps = a.rng.int(3, 4)
      a.agentSpan('fixer', `Fix ${path}`, () => {
        preamble(a, 1)
        for (let r = 0; r < reps; r++) {
          a.turn('read_file', { path }, { content: 'const x = 1' })
          a.turn('run_tests', { path }, { failed: 1, name: 'x is 2' })
        }
      })
      return [CY, RTC, CWP]
    },
  },
  {
    kind: 'handoff-cycle',
    negative: false,
    count: 3,
    run: (a) => {
      const pair = a.rng.pick([
        ['planner', 'critic'],
        ['writer', 'reviewer'],
      ])
      const reps = a.rng.int(3, 4)
      a.agentSpan('orchestrator', 'Write the plan', () => {
        for (let r = 0; r < reps; r++)
          for (const who of pair)
            a.agentSpan(who, `round ${r}`, () => a.llm({ output: `${who} round ${r}: ${a.rng.hex(8)}` }))
      })
      return [CY]
    },
  },
  {
    kind: 'runaway',
    negative: false,
    count: 4,
    run: (a) => {
      a.agentSpan('migrator', 'Migrate every module', () => {
        const n = a.rng.int(51, 58)
        for (let i = 0; i < n; i++) {
          const path = `src/mod${i}/${a.rng.pick(['index', 'api', 'db'])}.ts`
          a.turn(i % 2 === 0 ? 'edit_file' : 'read_file', { path }, { path, bytes: 1000 + i * 37, sha: a.rng.hex(8) })
        }
      })
      return [SB]
    },
  },
  {
    kind: 'framework-limit',
    negative: false,
    count: 5,
    run: (a) => {
      const err = a.rng.pick<ErrorSpec>([
        { type: 'GraphRecursionError', message: 'Recursion limit of 25 reached without hitting a stop condition.' },
        { type: 'MaxTurnsExceeded', message: 'Max turns (10) exceeded' },
        { type: 'AgentError', message: 'Agent stopped due to maximum iterations reached' },
      ])
      a.agentSpan(
        'assistant',
        'Plan the trip',
        () => {
          const cities = a.rng.shuffle(CITIES).slice(0, a.rng.int(4, 6))
          for (const city of cities) a.turn('get_weather', { city }, { city, tempC: a.rng.int(-5, 35) })
        },
        err,
      )
      return [SB]
    },
  },
  {
    kind: 'near-dup-output',
    negative: false,
    count: 5,
    run: (a) => {
      const base = `I will first ${long(a, 8)} and then report back with the findings once everything is confirmed`
      a.agentSpan('planner', 'Plan the release', () => {
        a.llm({ output: `Plan: ${long(a, 6)}` })
        for (let i = 0; i < a.rng.int(2, 4); i++) a.llm({ output: i === 1 ? base.replace('first', 'now') : base })
      })
      return [ND]
    },
  },
  {
    kind: 'near-dup-input',
    negative: false,
    count: 4,
    run: (a) => {
      const feedback = `The answer is still wrong. ${long(a, 7)}. Please try again and follow the format strictly.`
      a.agentSpan('solver', 'Solve the puzzle', () => {
        a.llm({ output: 'Attempt 1.' })
        for (let i = 0; i < a.rng.int(2, 4); i++)
          a.llm({ feed: feedback, output: `Attempt ${i + 2}: ${a.rng.hex(5)}.` })
      })
      return [ND]
    },
  },
  {
    kind: 'recheck',
    negative: false,
    count: 8,
    run: (a) => {
      // six distinct lookups, then five of them again with the same answers: nothing new, real money
      const tools = ['get_user', 'get_orders', 'get_invoice', 'get_plan', 'get_usage', 'get_tickets']
      const results = tools.map((t) => ({ source: t, value: a.rng.hex(10) }))
      a.agentSpan('support', 'Why was the customer charged twice?', () => {
        tools.forEach((t, i) => a.turn(t, { customer: 'c-17' }, results[i]))
        for (const i of a.rng.shuffle([0, 1, 2, 3, 4, 5]).slice(0, 5)) {
          a.llm({
            output: `Re-checking ${tools[i]}.`,
            model: 'gpt-4o',
            inputTokens: 30_000 + a.rng.int(0, 9_000),
            outputTokens: 400,
          })
          a.tool(tools[i] as string, { customer: 'c-17' }, results[i])
        }
      })
      return [CWP]
    },
  },
]

/** Negative scenarios (legitimate repetition and normal runs), with counts per convention. */
export const NEGATIVES: ReadonlyArray<Scenario & { count: number }> = [
  {
    kind: 'same-tool-different-args',
    negative: true,
    count: 5,
    run: (a) => {
      a.agentSpan('tourist', 'Weather for my trip', () => {
        for (const city of a.rng.shuffle(CITIES).slice(0, a.rng.int(4, 8)))
          a.turn('get_weather', { city }, { city, tempC: a.rng.int(-5, 35), sky: a.rng.pick(['sun', 'rain', 'cloud']) })
        a.answer()
      })
      return []
    },
  },
  {
    kind: 'retry-succeeds',
    negative: true,
    count: 5,
    run: (a) => {
      const err = a.rng.pick(FLAKY)
      a.agentSpan('fetcher', 'Fetch the report', () => {
        preamble(a, a.rng.int(1, 2))
        for (let i = 0; i < a.rng.int(1, 4); i++)
          a.turn(
            'http_get',
            { url: 'https://api.example.com/report', request_id: a.rng.uuid() },
            `error: ${err.message}`,
            err,
          )
        a.turn(
          'http_get',
          { url: 'https://api.example.com/report', request_id: a.rng.uuid() },
          { rows: a.rng.int(10, 99) },
        )
        a.answer()
      })
      return []
    },
  },
  {
    kind: 'polling-changes',
    negative: true,
    count: 5,
    run: (a) => {
      const job = `job-${a.rng.hex(4)}`
      const n = a.rng.int(4, 8)
      a.agentSpan('trainer', 'Train the model', () => {
        a.turn('start_job', { config: 'small' }, { job })
        for (let i = 1; i <= n; i++)
          a.turn(
            'check_status',
            { job },
            { job, state: i === n ? 'done' : 'running', progress: Math.round((100 * i) / n) },
          )
        a.turn('get_result', { job }, { accuracy: 0.8 + a.rng.next() / 10 })
        a.answer()
      })
      return []
    },
  },
  {
    kind: 'pagination',
    negative: true,
    count: 5,
    run: (a) => {
      const pages = a.rng.int(3, 8)
      const byCursor = a.rng.next() < 0.5
      a.agentSpan('auditor', 'List every open issue', () => {
        let cursor = 'start'
        for (let p = 1; p <= pages; p++) {
          const next = p === pages ? null : a.rng.hex(8)
          const items = Array.from({ length: 3 }, (_, i) => ({ id: p * 100 + i, title: `issue ${p}-${i}` }))
          a.turn('list_issues', byCursor ? { cursor } : { page: p, per_page: 3 }, { items, next })
          cursor = next ?? ''
        }
        a.answer()
      })
      return []
    },
  },
  {
    kind: 'normal-run',
    negative: true,
    count: 5,
    run: (a) => {
      const shape = a.rng.pick(['research', 'multi-agent', 'chat', 'coding'])
      a.agentSpan('assistant', 'Help me', () => {
        if (shape === 'research') {
          preamble(a, 3)
          for (let i = 0; i < 2; i++)
            a.turn('fetch_url', { url: `https://example.com/${a.rng.hex(6)}` }, { text: a.rng.hex(20) })
        } else if (shape === 'multi-agent') {
          for (const who of ['planner', 'researcher', 'writer'])
            a.agentSpan(who, `${who} part`, () => preamble(a, a.rng.int(1, 2)))
        } else if (shape === 'chat') {
          for (let i = 0; i < a.rng.int(1, 3); i++)
            a.llm({ feed: `question ${i}: ${a.rng.hex(6)}`, output: `Answer ${i}: ${a.rng.hex(12)}` })
        } else {
          for (let i = 0; i < a.rng.int(12, 20); i++) {
            const path = `${a.rng.pick(FILES)}#${i}`
            a.turn(a.rng.pick(['read_file', 'edit_file', 'grep']), { path }, { path, sha: a.rng.hex(8) })
          }
        }
        a.answer()
      })
      return []
    },
  },
]

export const SCENARIOS: ReadonlyArray<Scenario & { count: number }> = [...POSITIVES, ...NEGATIVES]
