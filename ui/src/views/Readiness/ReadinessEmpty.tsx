/**
 * No agents to judge: says what the checks read, so the page tells a team what to send rather
 * than looking broken.
 */
import { NoData } from '../../components/States.tsx'
import { setParams } from '../../router.ts'

export function ReadinessEmpty({ filtered, tracesInRange }: { filtered: boolean; tracesInRange: number }) {
  if (filtered) {
    return (
      <div className="state state-empty" data-testid="readiness-empty">
        <h2>No agents match these filters in this range</h2>
        <button
          type="button"
          onClick={() => setParams({ service: undefined, agent: undefined, row: undefined, check: undefined })}
        >
          Clear filters
        </button>
      </div>
    )
  }
  return (
    <div data-testid="readiness-empty">
      {tracesInRange === 0 && <NoData title="No traces to check in this range" />}
      <div className="state state-empty rv-empty">
        <h2>What the readiness checks read</h2>
        <p>
          Each service and agent is judged on ten production-readiness checks, from settled traces. Send spans that
          show:
        </p>
        <ul>
          <li>
            <strong>Agents</strong>: <code>invoke_agent</code> spans with <code>gen_ai.agent.name</code>, so checks
            group by agent.
          </li>
          <li>
            <strong>LLM calls</strong>: model and <code>gen_ai.usage.*</code> tokens, for the cost budget and the
            fallback check.
          </li>
          <li>
            <strong>Tool calls</strong>: <code>execute_tool</code> spans with <code>gen_ai.tool.name</code>, arguments
            and result, for timeouts, the allowlist and risky tools.
          </li>
          <li>
            <strong>Approvals</strong>: a span or attribute named for the approval (<code>approval</code>,{' '}
            <code>human</code>, <code>confirm</code>, <code>interrupt</code>) before a risky tool such as{' '}
            <code>delete_*</code>.
          </li>
          <li>
            <strong>Guardrails</strong>: guardrail spans, or <code>guard*</code> attributes with their decision.
          </li>
          <li>
            <strong>Failures</strong>: span status, <code>http.response.status_code</code> (429 for rate limits) and{' '}
            <code>retry</code>/<code>attempt</code> attributes.
          </li>
        </ul>
      </div>
    </div>
  )
}
