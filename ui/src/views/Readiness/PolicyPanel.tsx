/**
 * The policy the report judged against (file, budget, tool timeout, risky tools, allowlist,
 * per-agent overrides), with how much of the range it read.
 */
import type { EffectivePolicy } from '@loupe/schema'
import { policyLines } from '../../model/readiness-view.ts'

export function PolicyPanel({ policy, coverage }: { policy: EffectivePolicy; coverage: string }) {
  return (
    <section className="panel rv-section" aria-label="Effective policy" data-testid="readiness-policy">
      <div className="rv-section-head">
        <h2>Effective policy</h2>
        <span className="rv-note" data-testid="readiness-coverage">
          {coverage}
        </span>
      </div>
      <dl className="rv-policy">
        {policyLines(policy).map((l) => (
          <div key={l.label}>
            <dt>{l.label}</dt>
            <dd className={l.label === 'Source' || l.label.endsWith('tools') ? 'mono' : undefined}>{l.value}</dd>
          </div>
        ))}
      </dl>
      {policy.source === null && (
        <p className="rv-hint">
          Set <code>LOUPE_POLICY_FILE</code> to a YAML policy to give a budget, a step limit, risky tool patterns and an
          allowlist, per agent if need be.
        </p>
      )}
    </section>
  )
}
