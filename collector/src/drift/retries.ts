/**
 * @module drift/retries
 * Retries per trace, for the drift report: how often an agent repeats an operation because it
 * failed. A retry is an LLM or tool call that repeats the same operation (same tool name for tool
 * calls, same model for LLM calls) right after that operation failed.
 *
 * "Right after" is judged per kind: an LLM call is compared with the agent's previous LLM call, a
 * tool call with its previous tool call. An agent retries a failed tool by asking its model again,
 * so the LLM call between the failure and the new attempt does not make the attempt a new
 * operation; a different tool in between does (the agent moved on). SDK-level retries of a failed
 * model request are consecutive LLM calls of one model, the first one failed.
 */

/** One step of one agent in one trace, in start order. */
export interface RetryStep {
  kind: 'llm' | 'tool'
  /** the tool name for tool calls, the model for LLM calls */
  operation: string
  failed: boolean
}

/** Number of steps that retry the operation the agent's previous step of the same kind failed. */
export function countRetries(steps: readonly RetryStep[]): number {
  const previous: Partial<Record<RetryStep['kind'], RetryStep>> = {}
  let retries = 0
  for (const step of steps) {
    const last = previous[step.kind]
    if (last !== undefined && last.failed && last.operation === step.operation) retries++
    previous[step.kind] = step
  }
  return retries
}
