/**
 * The range's totals as cards, each with its change against the previous period of equal length.
 * The cost card says how much of it comes from traces still running: spend that is provisional,
 * and growing, until they settle.
 */
import type { CostMeasures } from '@loupe/schema'
import { formatCost, formatTokens } from '../../model/format.ts'
import { formatChange, periodChange } from '../../model/cost-series.ts'
import { RANGE_LABEL, type ResolvedRange } from '../../model/time-range.ts'

interface Card {
  label: string
  testId?: string
  value: (m: CostMeasures) => number
  format: (n: number) => string
  /** spend going up is the thing to notice, so a rise is coloured as a warning */
  riseIsBad?: boolean
  /** the part of the value from traces still running */
  running?: (m: CostMeasures) => number
}

const CARDS: Card[] = [
  {
    label: 'Cost',
    testId: 'cost',
    value: (m) => m.costUsd,
    format: formatCost,
    riseIsBad: true,
    running: (m) => m.runningCostUsd,
  },
  { label: 'LLM calls', value: (m) => m.llmCalls, format: (n) => n.toLocaleString('en-US') },
  { label: 'Input tokens', value: (m) => m.inputTokens, format: formatTokens },
  { label: 'Output tokens', value: (m) => m.outputTokens, format: formatTokens },
  { label: 'Unpriced calls', value: (m) => m.unpricedCalls, format: (n) => n.toLocaleString('en-US'), riseIsBad: true },
]

export function CostTotals({
  current,
  previous,
  rangeKey,
}: {
  current: CostMeasures
  /** undefined while the previous period is still loading (or failed) */
  previous: CostMeasures | undefined
  rangeKey: ResolvedRange['key']
}) {
  const periodText =
    rangeKey === 'custom'
      ? 'the previous period'
      : `the ${RANGE_LABEL[rangeKey].toLowerCase().replace('last', 'previous')}`
  return (
    <section className="cost-cards" aria-label="Totals">
      {CARDS.map((card) => {
        const now = card.value(current)
        const change = previous === undefined ? null : periodChange(now, card.value(previous))
        const direction = change?.kind === 'ratio' ? Math.sign(change.ratio) : change?.kind === 'new' ? 1 : 0
        const tone = !card.riseIsBad || direction === 0 ? 'flat' : direction > 0 ? 'bad' : 'good'
        const running = card.running?.(current) ?? 0
        return (
          <div key={card.label} className="panel cost-card">
            <div className="cost-card-label">{card.label}</div>
            <div className="cost-card-value" data-testid={card.testId ? `${card.testId}-total` : undefined}>
              {card.format(now)}
            </div>
            <div
              className={`cost-change cost-change-${tone}`}
              data-testid={card.testId ? `${card.testId}-change` : undefined}
              title={previous === undefined ? undefined : `${card.format(card.value(previous))} in ${periodText}`}
            >
              {change === null ? '…' : `${formatChange(change)} vs ${periodText}`}
            </div>
            {running > 0 && (
              <div
                className="cost-running running-badge"
                data-testid={card.testId ? `${card.testId}-running` : undefined}
                title="Spend of traces still receiving spans: it grows until they settle"
              >
                <span className="live-dot" aria-hidden />
                {card.format(running)} from running traces
              </div>
            )}
          </div>
        )
      })}
    </section>
  )
}
