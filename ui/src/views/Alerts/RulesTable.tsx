/**
 * The rules in force: what each watches, whom it tells, whether it stops the agent, and whether it
 * fires now (and for how many subjects). A rule's name filters the alert history below to it.
 */
import type { RuleView } from '@loupe/schema'
import { filterText, formatInstant, RULE_KIND_LABEL } from '../../model/alerts-view.ts'
import { setParams } from '../../router.ts'
import { StateBadge } from './StateBadge.tsx'

export function RulesTable({ rules, selected }: { rules: readonly RuleView[]; selected: string | undefined }) {
  return (
    <div className="av-scroll">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Condition</th>
            <th scope="col">Notifies</th>
            <th scope="col">Stop</th>
            <th scope="col">State</th>
            <th scope="col" className="num">
              Firing subjects
            </th>
            <th scope="col">Last fired</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => {
            const filter = filterText(r.filter)
            return (
              <tr key={r.name} data-testid="alert-rule-row" data-rule={r.name} data-state={r.state}>
                <td>
                  <button
                    type="button"
                    className="av-link-button"
                    aria-pressed={selected === r.name}
                    title={`Show only the alerts of ${r.name}`}
                    onClick={() => setParams({ rule: selected === r.name ? undefined : r.name })}
                  >
                    {r.name}
                  </button>
                  <div className="av-kind">{RULE_KIND_LABEL[r.kind]}</div>
                </td>
                <td className="av-condition">
                  {r.condition}
                  {filter && <div className="av-note">only {filter}</div>}
                </td>
                <td>{r.notify.length > 0 ? r.notify.join(', ') : <span className="av-muted">nobody</span>}</td>
                <td>
                  {r.stop ? (
                    <span className="av-stop" title="The guard tells the subject's agents to stop while this fires">
                      stops the agent
                    </span>
                  ) : (
                    <span className="av-muted">—</span>
                  )}
                </td>
                <td>
                  <StateBadge state={r.state} />
                </td>
                <td className="num" data-testid="alert-rule-subjects">
                  {r.firingSubjects.toLocaleString('en-US')}
                </td>
                <td>
                  {r.lastFiredAt === null ? <span className="av-muted">never</span> : formatInstant(r.lastFiredAt)}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
