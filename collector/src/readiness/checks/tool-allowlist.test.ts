import { describe, expect, it } from 'vitest'
import { Run, rspan, runCheck, tid } from '../testing.ts'
import { allowMatcher, isSandboxDenial, toolAllowlist } from './tool-allowlist.ts'

const calls = (trace: number, ...tools: string[]): Run => {
  const r = new Run(trace)
  for (const t of tools) r.tool(t)
  return r
}

describe('allowMatcher', () => {
  it.each<[string[], string, boolean]>([
    [['search'], 'search', true],
    [['search'], 'Search', false],
    [['search'], 'search_web', false],
    [['mcp.github.*'], 'mcp.github.list_issues', true],
    [['mcp.github.*'], 'mcpxgithub.list', false],
    [['*_read'], 'file_read', true],
  ])('%j allows %s: %s', (allowed, tool, yes) => expect(allowMatcher(allowed)(tool)).toBe(yes))
})

describe('isSandboxDenial', () => {
  it.each<[string, string, boolean]>([
    ['PermissionError', '', true],
    ['', 'Operation not allowed in sandbox', true],
    ['', '403 Forbidden', true],
    ['ValueError', 'bad input', false],
  ])('%s / %s → %s', (errorType, statusMessage, yes) => {
    expect(isSandboxDenial(rspan({ kind: 'tool', status: 'error', errorType: errorType || null, statusMessage }))).toBe(
      yes,
    )
  })
})

describe('tool-allowlist', () => {
  const window = (): Run[] => {
    const denied = calls(2, 'search')
    denied.tool('shell', { status: 'error', errorType: 'PermissionError', statusMessage: 'denied by sandbox' })
    return [calls(1, 'search', 'search', 'fetch'), denied, calls(3, 'shell', 'shell')]
  }

  it('is unknown without tool calls', () => {
    expect(runCheck(toolAllowlist, [new Run(1)])).toMatchObject({ verdict: 'unknown', figures: { toolCalls: 0 } })
  })

  it('is unknown without an allowlist and lists the tools seen', () => {
    const c = runCheck(toolAllowlist, window())
    expect(c).toMatchObject({
      verdict: 'unknown',
      figures: { toolCalls: 7, tools: 3, toolsOutsideAllowlist: null, callsOutsideAllowlist: null, sandboxDenials: 1 },
      exampleTraceIds: [tid(2)],
      summary:
        'No allowlist configured for the 3 tools seen; set allowedTools in LOUPE_POLICY_FILE; 1 sandbox denial recorded.',
    })
    expect(c.table?.rows).toEqual([
      ['fetch', 1, 0, null],
      ['search', 3, 0, null],
      ['shell', 3, 1, null],
    ])
  })

  it('fails when calls go outside the allowlist', () => {
    const c = runCheck(toolAllowlist, window(), { allowedTools: ['search', 'fe*'] })
    expect(c).toMatchObject({
      verdict: 'fail',
      figures: { toolsOutsideAllowlist: 1, callsOutsideAllowlist: 3, sandboxDenials: 1 },
      exampleTraceIds: [tid(3), tid(2)],
      summary: '3 calls went to 1 tool outside the allowlist (shell); 1 sandbox denial recorded.',
    })
    expect(c.table?.rows).toEqual([
      ['fetch', 1, 0, 'yes'],
      ['search', 3, 0, 'yes'],
      ['shell', 3, 1, 'no'],
    ])
  })

  it('passes when every call is allowed', () => {
    const c = runCheck(toolAllowlist, [calls(1, 'search', 'fetch')], { allowedTools: ['search', 'fetch', 'shell'] })
    expect(c).toMatchObject({
      verdict: 'pass',
      figures: { callsOutsideAllowlist: 0 },
      summary: 'All 2 tool calls went to the 2 allowed tools.',
    })
  })
})
