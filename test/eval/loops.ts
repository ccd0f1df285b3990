/**
 * @module test/eval/loops
 * `npm run eval:loops`: the labelled loop-detector evaluation (issue 5). Sends every simulator
 * scenario in every convention through the real OTLP/protobuf exporter to a fresh collector,
 * reads each trace's findings from `GET /api/traces/:id` and scores them at trace level against
 * the scenario labels: per detector, a trace is a true positive when labelled and fired, a false
 * positive when fired but not labelled, a false negative when labelled but silent.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { DETECTOR_IDS, TraceDetailResponse } from '@loupe/schema'
import { removeDataDir, startCollector } from '../utils/collector.ts'
import { AgentRun, CONVENTIONS, Rng, SCENARIOS, type Convention, type DetectorId } from './simulator.ts'

interface Sent {
  name: string
  kind: string
  convention: Convention
  traceId: string
  spanCount: number
  labels: Set<DetectorId>
  fired: Set<DetectorId>
}

const out = (line = ''): void => void process.stdout.write(`${line}\n`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** A stable seed per scenario instance, so a run is reproducible. */
const seedOf = (text: string): number =>
  [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261)

async function main(): Promise<void> {
  const started = Date.now()
  const c = await startCollector({ env: { LOUPE_SETTLE_MS: '300' } })
  try {
    const sent: Sent[] = []
    const providers = CONVENTIONS.map(
      (convention) =>
        new BasicTracerProvider({
          resource: resourceFromAttributes({ 'service.name': `eval-${convention}` }),
          spanProcessors: [
            new BatchSpanProcessor(new OTLPTraceExporter({ url: `${c.url}/v1/traces`, concurrencyLimit: 500 }), {
              maxQueueSize: 100_000,
              maxExportBatchSize: 1000,
              scheduledDelayMillis: 100,
            }),
          ],
        }),
    )
    const base = Date.now() - 60 * 60_000
    CONVENTIONS.forEach((convention, ci) => {
      const tracer = providers[ci]!.getTracer('loupe-eval')
      for (const s of SCENARIOS) {
        for (let i = 0; i < s.count; i++) {
          const name = `${s.kind}#${i}/${convention}`
          const run = new AgentRun(tracer, convention, base + sent.length * 10_000, new Rng(seedOf(name)))
          const labels = new Set(s.run(run))
          sent.push({
            name,
            kind: s.kind,
            convention,
            traceId: run.traceId,
            spanCount: run.emitted.length,
            labels,
            fired: new Set(),
          })
        }
      }
    })
    for (const p of providers) {
      await p.forceFlush()
      await p.shutdown()
    }
    const spans = sent.reduce((n, s) => n + s.spanCount, 0)
    out(`sent ${sent.length} traces (${spans} spans) in ${((Date.now() - started) / 1000).toFixed(1)} s`)

    // wait until every trace is stored whole, then read its findings
    const deadline = Date.now() + 60_000
    for (const s of sent) {
      for (;;) {
        const res = await fetch(`${c.url}/api/traces/${s.traceId}`)
        if (res.status === 200) {
          const detail = TraceDetailResponse.parse(await res.json())
          if (detail.spans.length >= s.spanCount) {
            s.fired = new Set(detail.findings.map((f) => f.detector))
            break
          }
        } else await res.text()
        if (Date.now() > deadline) throw new Error(`trace ${s.name} (${s.traceId}) not stored in time`)
        await sleep(100)
      }
    }
    report(sent)
    out(`\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } finally {
    await c.stop()
    removeDataDir(c.dataDir)
  }
}

const ratio = (a: number, b: number): string => (b === 0 ? '  n/a' : (a / b).toFixed(3))

function report(sent: readonly Sent[]): void {
  const pad = (v: string | number, n: number) => String(v).padStart(n)
  out(
    `\n${'detector'.padEnd(24)}${pad('labelled', 9)}${pad('TP', 5)}${pad('FP', 5)}${pad('FN', 5)}${pad('precision', 11)}${pad('recall', 8)}`,
  )
  let [tp, fp, fn] = [0, 0, 0]
  const misfires: string[] = []
  for (const d of DETECTOR_IDS) {
    let [dtp, dfp, dfn] = [0, 0, 0]
    for (const s of sent) {
      const l = s.labels.has(d)
      const f = s.fired.has(d)
      if (l && f) dtp++
      else if (f) {
        dfp++
        misfires.push(`FP ${d.padEnd(22)} ${s.name}`)
      } else if (l) {
        dfn++
        misfires.push(`FN ${d.padEnd(22)} ${s.name}`)
      }
    }
    tp += dtp
    fp += dfp
    fn += dfn
    out(
      `${d.padEnd(24)}${pad(dtp + dfn, 9)}${pad(dtp, 5)}${pad(dfp, 5)}${pad(dfn, 5)}${pad(ratio(dtp, dtp + dfp), 11)}${pad(ratio(dtp, dtp + dfn), 8)}`,
    )
  }
  out(
    `${'overall (micro)'.padEnd(24)}${pad(tp + fn, 9)}${pad(tp, 5)}${pad(fp, 5)}${pad(fn, 5)}${pad(ratio(tp, tp + fp), 11)}${pad(ratio(tp, tp + fn), 8)}`,
  )
  const negatives = sent.filter((s) => s.labels.size === 0)
  const clean = negatives.filter((s) => s.fired.size === 0).length
  out(
    `\nnegatives: ${clean}/${negatives.length} traces with no finding; exact label match: ${sent.filter((s) => [...s.labels].sort().join() === [...s.fired].sort().join()).length}/${sent.length}`,
  )
  // confusion summary: misfires grouped by scenario kind and detector
  const groups = new Map<string, string[]>()
  for (const m of misfires) {
    const [what, detector, name] = m.split(/\s+/)
    const key = `${what} ${detector} on ${name?.split('#')[0]}`
    groups.set(key, [...(groups.get(key) ?? []), name?.split('#')[1] ?? ''])
  }
  out(misfires.length === 0 ? '\nno misfires' : `\nmisfires (${misfires.length}):`)
  for (const [key, names] of groups) out(`  ${key} ×${names.length}: ${names.join(' ')}`)
}

await main()
