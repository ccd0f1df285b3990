/**
 * The simulator emits what each scenario claims, in every convention: an agent root, LLM and tool
 * spans as the scenario needs them, one trace per run, and a label that is a set of known detectors
 * (empty exactly for the negatives). In-memory exporter, no collector: fast.
 */
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { DETECTOR_IDS } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import { AgentRun, CONVENTIONS, Rng, SCENARIOS } from './simulator.ts'

const exporter = new InMemorySpanExporter()
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('sim-test')
const cases = CONVENTIONS.flatMap((c) => SCENARIOS.map((s) => [s.kind, c, s] as const))

describe('simulator', () => {
  it.each(cases)('%s in %s emits one labelled agent trace', (_kind, convention, s) => {
    exporter.reset()
    const run = new AgentRun(tracer, convention, Date.now() - 60_000, new Rng(7))
    const labels = s.run(run)
    const spans = exporter.getFinishedSpans()
    expect(spans).toHaveLength(run.emitted.length)
    expect(new Set(spans.map((x) => x.spanContext().traceId))).toEqual(new Set([run.traceId]))
    expect(run.emitted[0]).toBe('agent')
    expect(run.emitted).toContain('llm')
    if (
      labels.some((l) => ['repeated-tool-call', 'repeated-error', 'no-progress', 'cost-without-progress'].includes(l))
    )
      expect(run.emitted).toContain('tool')
    for (const l of labels) expect(DETECTOR_IDS).toContain(l)
    expect(labels.length === 0).toBe(s.negative)
  })

  it('sends at least 200 traces, with every detector labelled in every convention', () => {
    expect(SCENARIOS.reduce((n, s) => n + s.count, 0) * CONVENTIONS.length).toBeGreaterThanOrEqual(200)
    const labelled = new Set(SCENARIOS.flatMap((s) => s.run(new AgentRun(tracer, 'genai', Date.now(), new Rng(1)))))
    for (const d of DETECTOR_IDS) expect(labelled).toContain(d)
  })
})
