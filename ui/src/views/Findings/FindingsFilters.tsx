/**
 * The filter bar: detector, severity, service and agent. Each select writes its URL parameter
 * (the API's own name); the service and agent options come from `/api/facets`.
 */
import { DETECTOR_IDS, type FacetsResponse } from '@loupe/schema'
import { DETECTOR_INFO, SEVERITIES, type FindingFilters } from '../../model/findings-view.ts'
import { setParams } from '../../router.ts'

/** Facet values plus the selected one, which a narrower range may no longer list. */
function options(values: readonly string[] | undefined, selected: string | undefined): string[] {
  const list = [...(values ?? [])]
  if (selected !== undefined && !list.includes(selected)) list.unshift(selected)
  return list
}

export function FindingsFilters({ filters, facets }: { filters: FindingFilters; facets: FacetsResponse | undefined }) {
  const active = Object.keys(filters).length > 0
  return (
    <div className="fv-filters" role="search">
      <Select
        label="Detector"
        testId="filter-detector"
        value={filters.detector}
        all="All detectors"
        param="detector"
        options={DETECTOR_IDS.map((d) => [d, DETECTOR_INFO[d].label])}
      />
      <Select
        label="Severity"
        testId="filter-severity"
        value={filters.severity}
        all="Any severity"
        param="severity"
        options={SEVERITIES.map((s) => [s, s])}
      />
      <Select
        label="Service"
        testId="filter-service"
        value={filters.service}
        all="All services"
        param="service"
        options={options(facets?.services, filters.service).map((s) => [s, s])}
      />
      <Select
        label="Agent"
        testId="filter-agent"
        value={filters.agent}
        all="All agents"
        param="agent"
        options={options(facets?.agents, filters.agent).map((s) => [s, s])}
      />
      {active && (
        <button
          type="button"
          className="fv-link-button fv-clear"
          onClick={() => setParams({ detector: undefined, severity: undefined, service: undefined, agent: undefined })}
        >
          Clear filters
        </button>
      )}
    </div>
  )
}

function Select({
  label,
  testId,
  value,
  all,
  param,
  options,
}: {
  label: string
  testId: string
  value: string | undefined
  all: string
  param: string
  options: Array<[string, string]>
}) {
  return (
    <label className="fv-field">
      <span className="fv-label">{label}</span>
      <select data-testid={testId} value={value ?? ''} onChange={(e) => setParams({ [param]: e.target.value })}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}
