/**
 * The history's filter bar: rule and state, each in its URL parameter (the API's own name).
 */
import { ALERT_STATES } from '@loupe/schema'
import type { AlertFilters } from '../../model/alerts-view.ts'
import { setParams } from '../../router.ts'

export function AlertsFilters({ filters, rules }: { filters: AlertFilters; rules: readonly string[] }) {
  const active = Object.keys(filters).length > 0
  return (
    <div className="av-filters" role="search">
      <label className="av-field">
        <span className="av-label">Rule</span>
        <select
          data-testid="filter-rule"
          value={filters.rule ?? ''}
          onChange={(e) => setParams({ rule: e.target.value })}
        >
          <option value="">All rules</option>
          {rules.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className="av-field">
        <span className="av-label">State</span>
        <select
          data-testid="filter-state"
          value={filters.state ?? ''}
          onChange={(e) => setParams({ state: e.target.value })}
        >
          <option value="">Any state</option>
          {ALERT_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {active && (
        <button
          type="button"
          className="av-link-button av-clear"
          onClick={() => setParams({ rule: undefined, state: undefined })}
        >
          Clear filters
        </button>
      )}
    </div>
  )
}
