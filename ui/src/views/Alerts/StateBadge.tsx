/**
 * A rule's state (firing, ok) or an alert's (firing, resolved) as a badge: glyph, word and
 * colour, so it reads without colour too.
 */
const GLYPH = { firing: '●', ok: '✓', resolved: '✓' } as const

export function StateBadge({ state }: { state: keyof typeof GLYPH }) {
  return (
    <span className={`av-state av-state-${state}`} data-testid="alert-state" data-state={state}>
      <span aria-hidden>{GLYPH[state]}</span> {state}
    </span>
  )
}
