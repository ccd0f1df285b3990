/**
 * The loop findings of a trace, above the waterfall: one row per finding with its severity,
 * message, count and waste. "Show spans" selects the finding's first span and puts its index
 * in the URL (`?finding=`), which emphasises its spans in the waterfall and the agent graph.
 * Renders a discreet line when the detectors found nothing. On a running trace every finding is
 * provisional: settling may confirm, update or drop it.
 */
import type { Finding } from '@loupe/schema'
import { useMemo } from 'react'
import { ProvisionalBadge } from '../../components/Running.tsx'
import { findingTotals, type WasteSpan } from '../../model/findings.ts'
import { formatCost, formatTokens } from '../../model/format.ts'
import { setParams } from '../../router.ts'

interface Props {
  findings: readonly Finding[]
  /** the trace's spans, whose tokens and cost the waste total adds up */
  spans: readonly WasteSpan[]
  /** index of the finding in the URL, if any */
  selected: number | null
  /** the trace still runs */
  provisional: boolean
}

export function FindingsPanel({ findings, spans, selected, provisional }: Props) {
  const totals = useMemo(() => findingTotals(findings, spans), [findings, spans])
  if (findings.length === 0) {
    return (
      <p className="fd-none td-muted" data-testid="findings-none">
        No loops found{provisional ? ' so far' : ''}.
      </p>
    )
  }
  const show = (i: number, f: Finding) => setParams({ finding: String(i), span: f.firstSpanId })
  return (
    <section className="findings panel" data-testid="findings" aria-label="Loop findings">
      <header className="fd-head">
        <strong>
          {totals.findings} finding{totals.findings === 1 ? '' : 's'}
        </strong>
        {provisional && <ProvisionalBadge />}
        {totals.critical > 0 && <span className="fd-sev critical">{totals.critical} critical</span>}
        {totals.warning > 0 && (
          <span className="fd-sev warning">
            {totals.warning} warning{totals.warning === 1 ? '' : 's'}
          </span>
        )}
        <span
          className="td-muted"
          data-testid="findings-wasted"
          title="Tokens and cost of the spans the findings count as wasted (after each repetition's first occurrence, or past a step budget), each span once however many findings name it"
        >
          wasted {formatTokens(totals.wastedTokens)} tokens · {formatCost(totals.wastedCostUsd)}
        </span>
        {selected !== null && (
          <button type="button" className="link-button fd-clear" onClick={() => setParams({ finding: undefined })}>
            Clear highlight
          </button>
        )}
      </header>
      <ol className="fd-list">
        {findings.map((f, i) => {
          const active = i === selected
          return (
            <li
              key={i}
              className={active ? 'fd-item active' : 'fd-item'}
              data-testid="finding"
              data-detector={f.detector}
              data-severity={f.severity}
              aria-current={active ? 'true' : undefined}
            >
              <span className={`fd-sev ${f.severity}`}>{f.severity}</span>
              <span className="fd-detector">{f.detector}</span>
              <span className="fd-message" title={f.message}>
                {f.message}
              </span>
              <span className="fd-num" title="Occurrences">
                ×{f.count}
              </span>
              <span className="fd-num" title="Tokens spent after the first occurrence">
                {formatTokens(f.wastedTokens)} tok
              </span>
              <span className="fd-num" title="Cost after the first occurrence">
                {formatCost(f.wastedCostUsd)}
              </span>
              <button
                type="button"
                className="fd-show"
                data-testid="finding-show"
                aria-pressed={active}
                onClick={() => (active ? setParams({ finding: undefined }) : show(i, f))}
                title={
                  active
                    ? 'Stop highlighting these spans'
                    : `Select the first span and highlight all ${f.spanIds.length}`
                }
              >
                {active ? 'Hide spans' : 'Show spans'}
              </button>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
