/**
 * A verdict as a badge: glyph, word and colour, so it reads without colour too. Shared by the
 * readiness matrix and its detail.
 */
import type { Verdict } from '@loupe/schema'
import { VERDICT_INFO } from '../../model/readiness-view.ts'

export function VerdictBadge({ verdict, compact = false }: { verdict: Verdict; compact?: boolean }) {
  const info = VERDICT_INFO[verdict]
  return (
    <span className={`rv-verdict rv-${verdict}${compact ? ' rv-compact' : ''}`} data-verdict={verdict}>
      <span aria-hidden>{info.icon}</span> {info.label}
    </span>
  )
}
