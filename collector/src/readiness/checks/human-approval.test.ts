import { describe, expect, it } from 'vitest'
import { Run, rspan, runCheck, tid } from '../testing.ts'
import { decisionOf, humanApproval } from './human-approval.ts'

describe('decisionOf', () => {
  it.each<[Record<string, string>, string]>([
    [{ 'approval.status': 'approved' }, 'approved'],
    [{ 'human.approved': 'true' }, 'approved'],
    [{ 'human.approved': 'false' }, 'denied'],
    [{ decision: 'Rejected' }, 'denied'],
    [{ 'langgraph.interrupt': '{"question":"ok?"}' }, 'unknown'],
    [{ 'http.status_code': '403' }, 'unknown'],
  ])('%j → %s', (attributes, decision) => expect(decisionOf(rspan({ attributes }))).toBe(decision))
})

/** A run with a risky call, after `gate` adds whatever should precede it. */
const risky = (trace: number, gate: (r: Run) => void = () => {}): Run => {
  const r = new Run(trace)
  r.llm()
  gate(r)
  r.tool('delete_file')
  return r
}

describe('human-approval', () => {
  it('is unknown without tool calls', () => {
    expect(runCheck(humanApproval, [new Run(1)])).toMatchObject({
      verdict: 'unknown',
      figures: { toolCalls: 0, riskyCalls: 0 },
    })
  })

  it('passes when the agent calls no risky tool, naming the tools it judged not risky', () => {
    const r = new Run(1).turns(2)
    r.tool('get_charge_status')
    const c = runCheck(humanApproval, [r])
    expect(c).toMatchObject({ verdict: 'pass', figures: { toolCalls: 3, riskyCalls: 0 } })
    expect(c.summary).toBe(
      'No risky tool calls in the window: 3 tool calls to 2 tools judged not risky (search, get_charge_status), ' +
        'none matching the risky-tool patterns (delete, drop, remove, rm, purge, erase, wipe, truncate and 27 more); ' +
        'set riskyTools in LOUPE_POLICY_FILE if its risky tools go by other names.',
    )
    expect(c.table).toEqual({
      columns: ['tool judged not risky', 'calls'],
      rows: [
        ['search', 2],
        ['get_charge_status', 1],
      ],
    })
  })

  it('names at most ten tools judged not risky, most called first', () => {
    const r = new Run(1)
    for (let i = 0; i < 12; i++) r.tool(`lookup_${String(i).padStart(2, '0')}`)
    r.tool('lookup_11')
    const c = runCheck(humanApproval, [r], { riskyToolPatterns: ['delete'] })
    expect(c.summary).toContain(
      '13 tool calls to 12 tools judged not risky (lookup_11, lookup_00, lookup_01, lookup_02, lookup_03, lookup_04, lookup_05, lookup_06, lookup_07, lookup_08 and 2 more), none matching the risky-tool patterns (delete);',
    )
  })

  it.each(['purge_customer_records', 'wipe_database', 'issueRefund', 'run_command'])(
    'fails when %s runs with no approval gate',
    (tool) => {
      const r = new Run(1)
      r.llm()
      r.tool(tool)
      expect(runCheck(humanApproval, [r])).toMatchObject({
        verdict: 'fail',
        figures: { riskyCalls: 1, ungatedCalls: 1 },
      })
    },
  )

  it.each<[string, (r: Run) => void]>([
    ['an approval span', (r) => r.other({ kind: 'chain', name: 'human_approval' })],
    ['a LangGraph interrupt node', (r) => r.other({ kind: 'chain', name: '__interrupt__' })],
    [
      'a GraphInterrupt error',
      (r) => r.other({ kind: 'chain', name: 'review', status: 'error', errorType: 'GraphInterrupt' }),
    ],
    [
      'an approval attribute',
      (r) => r.other({ kind: 'chain', name: 'review', attributes: { 'approval.status': 'approved' } }),
    ],
    [
      'an event on an earlier span',
      (r) => r.other({ kind: 'chain', name: 'step', eventNames: ['human_in_the_loop.requested'] }),
    ],
    [
      'an approval span of another agent',
      (r) => r.other({ kind: 'agent', name: 'confirm_with_user', agentName: 'supervisor' }),
    ],
  ])('passes when every risky call follows %s', (_, gate) => {
    const c = runCheck(humanApproval, [risky(1, gate), risky(2, gate)])
    expect(c).toMatchObject({
      verdict: 'pass',
      figures: { riskyCalls: 2, gatedCalls: 2, ungatedCalls: 0, deniedThenCalled: 0, gatedShare: 1 },
    })
    expect(c.table?.rows).toEqual([['delete_file', 2, 2, 0, 0]])
  })

  it('counts approval recorded on the risky call itself', () => {
    const r = new Run(1)
    r.tool('transfer_funds', { attributes: { 'human.approved': 'true' } })
    expect(runCheck(humanApproval, [r]).verdict).toBe('pass')
  })

  it('warns when only some risky calls are gated, ungated traces first', () => {
    const gate = (r: Run): void => void r.other({ name: 'human_approval' })
    const c = runCheck(humanApproval, [risky(1, gate), risky(2), risky(3, gate)])
    expect(c).toMatchObject({
      verdict: 'warn',
      figures: { riskyCalls: 3, gatedCalls: 2, ungatedCalls: 1, gatedShare: 0.6667 },
    })
    expect(c.exampleTraceIds).toEqual([tid(2), tid(1), tid(3)])
    expect(c.summary).toBe(
      'Only 2 of 3 risky tool calls (delete_file) were preceded by an approval gate; 1 ran without one.',
    )
  })

  it.each<[string, (r: Run) => void]>([
    ['no gate', () => {}],
    ['a risky tool whose name says confirm', (r) => void r.tool('send_confirmation')],
  ])('fails with %s', (_, gate) => {
    const after = risky(1, gate)
    after.other({ name: 'human_approval' })
    const c = runCheck(humanApproval, [after])
    expect(c.verdict).toBe('fail')
    expect(c.figures.gatedCalls).toBe(0)
    expect(c.exampleTraceIds).toEqual([tid(1)])
  })

  it('fails when a risky call goes ahead after a denial', () => {
    const gate = (r: Run): void => void r.other({ name: 'human_review', attributes: { 'approval.status': 'rejected' } })
    const ok = (r: Run): void => void r.other({ name: 'human_review', attributes: { 'approval.status': 'approved' } })
    const c = runCheck(humanApproval, [risky(1, ok), risky(2, gate)])
    expect(c).toMatchObject({ verdict: 'fail', figures: { riskyCalls: 2, gatedCalls: 1, deniedThenCalled: 1 } })
    expect(c.exampleTraceIds).toEqual([tid(2), tid(1)])
    expect(c.summary).toBe('1 risky call went ahead after the approval gate denied it (delete_file).')
  })

  it('uses the agent policy patterns', () => {
    const r = new Run(1)
    r.tool('wire_money')
    expect(runCheck(humanApproval, [r], { riskyToolPatterns: ['/^wire_/'] }).figures.riskyCalls).toBe(1)
  })
})
