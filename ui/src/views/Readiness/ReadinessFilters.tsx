/**
 * Service and agent filters for the readiness report. Each writes its URL parameter (the API's
 * own name); the options come from `/api/facets`, plus the selected value if the range lost it.
 */
import type { FacetsResponse } from '@loupe/schema'
import { setParams } from '../../router.ts'

function options(values: readonly string[] | undefined, selected: string | undefined): string[] {
  const list = [...(values ?? [])]
  if (selected !== undefined && !list.includes(selected)) list.unshift(selected)
  return list
}

export function ReadinessFilters({
  filters,
  facets,
}: {
  filters: { service?: string; agent?: string }
  facets: FacetsResponse | undefined
}) {
  const active = filters.service !== undefined || filters.agent !== undefined
  return (
    <div className="rv-filters" role="search">
      <label className="rv-field">
        <span className="rv-label">Service</span>
        <select
          data-testid="readiness-filter-service"
          value={filters.service ?? ''}
          onChange={(e) => setParams({ service: e.target.value, row: undefined, check: undefined })}
        >
          <option value="">All services</option>
          {options(facets?.services, filters.service).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="rv-field">
        <span className="rv-label">Agent</span>
        <select
          data-testid="readiness-filter-agent"
          value={filters.agent ?? ''}
          onChange={(e) => setParams({ agent: e.target.value, row: undefined, check: undefined })}
        >
          <option value="">All agents</option>
          {options(facets?.agents, filters.agent).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {active && (
        <button
          type="button"
          className="rv-link-button rv-clear"
          onClick={() => setParams({ service: undefined, agent: undefined })}
        >
          Clear filters
        </button>
      )}
    </div>
  )
}
