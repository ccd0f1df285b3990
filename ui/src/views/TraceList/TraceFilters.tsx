/**
 * The filter bar: free-text search, one select per facet, "errors only", "running only" and a
 * minimum cost. Every control writes its URL parameter (the API's own name), back on the first page.
 */
import type { FacetsResponse } from '@loupe/schema'
import { setParams } from '../../router.ts'
import {
  clearFiltersChange,
  facetOptions,
  filterChange,
  hasActiveFilters,
  type TraceFilterKey,
  type TraceListState,
} from '../../model/trace-list.ts'
import { useDebouncedParam } from './useDebouncedParam.ts'

const FACETS: Array<{ key: TraceFilterKey; facet: keyof FacetsResponse; label: string; all: string; testId: string }> =
  [
    { key: 'service', facet: 'services', label: 'Service', all: 'All services', testId: 'filter-service' },
    { key: 'agent', facet: 'agents', label: 'Agent', all: 'All agents', testId: 'filter-agent' },
    { key: 'model', facet: 'models', label: 'Model', all: 'All models', testId: 'filter-model' },
    { key: 'provider', facet: 'providers', label: 'Provider', all: 'All providers', testId: 'filter-provider' },
    { key: 'userId', facet: 'users', label: 'User', all: 'All users', testId: 'filter-user' },
  ]

const isCost = (v: string) => v === '' || (Number.isFinite(Number(v)) && Number(v) >= 0)

export function TraceFilters({ state, facets }: { state: TraceListState; facets: FacetsResponse | undefined }) {
  const [search, setSearch] = useDebouncedParam('q', state.filters.q ?? '')
  const [minCost, setMinCost] = useDebouncedParam('minCostUsd', state.filters.minCostUsd ?? '', {
    valid: isCost,
    delayMs: 500,
  })
  return (
    <div className="tl-filters" role="search">
      <label className="tl-field tl-search">
        <span className="tl-label">Search</span>
        <input
          type="search"
          data-testid="search"
          placeholder="Span names, tools, inputs, outputs…"
          value={search}
          maxLength={200}
          onChange={(e) => setSearch(e.target.value)}
        />
      </label>
      {FACETS.map((f) => {
        const selected = state.filters[f.key]
        return (
          <label key={f.key} className="tl-field">
            <span className="tl-label">{f.label}</span>
            <select
              data-testid={f.testId}
              value={selected ?? ''}
              onChange={(e) => setParams(filterChange(f.key, e.target.value))}
            >
              <option value="">{f.all}</option>
              {facetOptions(facets?.[f.facet], selected).map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
        )
      })}
      <label className="tl-field tl-mincost">
        <span className="tl-label">Min cost ($)</span>
        <input
          type="number"
          inputMode="decimal"
          min={0}
          step={0.01}
          placeholder="0.00"
          aria-invalid={!isCost(minCost.trim())}
          value={minCost}
          onChange={(e) => setMinCost(e.target.value)}
        />
      </label>
      <label className="tl-check">
        <input
          type="checkbox"
          data-testid="filter-errors"
          checked={state.filters.status === 'error'}
          onChange={(e) => setParams(filterChange('status', e.target.checked ? 'error' : ''))}
        />
        Errors only
      </label>
      <label className="tl-check">
        <input
          type="checkbox"
          data-testid="filter-running"
          checked={state.filters.state === 'running'}
          onChange={(e) => setParams(filterChange('state', e.target.checked ? 'running' : ''))}
        />
        Running only
      </label>
      {hasActiveFilters(state) && (
        <button type="button" className="tl-clear" onClick={() => setParams(clearFiltersChange())}>
          Clear filters
        </button>
      )}
    </div>
  )
}
