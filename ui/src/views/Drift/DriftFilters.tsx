/**
 * Service, agent and model filters for the drift report, written to the URL under the API's own
 * parameter names; the options come from `/api/facets`.
 */
import type { FacetsResponse } from '@loupe/schema'
import type { DriftState } from '../../model/drift-view.ts'
import { setParams } from '../../router.ts'

function options(values: readonly string[] | undefined, selected: string | undefined): string[] {
  const list = [...(values ?? [])]
  if (selected !== undefined && !list.includes(selected)) list.unshift(selected)
  return list
}

const FIELDS = [
  { param: 'service', label: 'Service', all: 'All services', facet: 'services' },
  { param: 'agent', label: 'Agent', all: 'All agents', facet: 'agents' },
  { param: 'model', label: 'Model', all: 'All models', facet: 'models' },
] as const

export function DriftFilters({
  filters,
  facets,
}: {
  filters: DriftState['filters']
  facets: FacetsResponse | undefined
}) {
  const active = Object.keys(filters).length > 0
  return (
    <div className="dv-filters" role="search">
      {FIELDS.map((f) => (
        <label key={f.param} className="dv-field">
          <span className="dv-label">{f.label}</span>
          <select
            data-testid={`drift-filter-${f.param}`}
            value={filters[f.param] ?? ''}
            onChange={(e) => setParams({ [f.param]: e.target.value, open: undefined })}
          >
            <option value="">{f.all}</option>
            {options(facets?.[f.facet], filters[f.param]).map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      ))}
      {active && (
        <button
          type="button"
          className="dv-link-button"
          onClick={() => setParams({ service: undefined, agent: undefined, model: undefined, open: undefined })}
        >
          Clear filters
        </button>
      )}
    </div>
  )
}
