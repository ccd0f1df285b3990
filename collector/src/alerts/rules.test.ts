import { describe, expect, it } from 'vitest'
import { AlertRulesError, parseAlertRules, redactedChannel } from './rules.ts'

/** The example, as written. */
const EXAMPLE = `
channels:
  ops: { type: webhook, url: "http://127.0.0.1:9999/hook", secret: "s3cr3t" }
  team: { type: slack, url: "https://hooks.slack.com/services/T000/B000/XXXX" }
rules:
  - name: loops
    when: { finding: { detector: repeated-tool-call, minSeverity: warning } }
    notify: [ops]
  - name: runaway-trace
    when: { traceCostUsd: 1.0 }                        # one trace, running or finished, passes $1
    notify: [ops, team]
    stop: true                                         # the guard tells that trace's agent to stop
  - name: user-spend
    when: { costUsd: 20, per: userId, window: 1d }     # rolling; per: userId | sessionId | agent | service | project
    notify: [team]
  - name: failing-agent
    when: { errorRate: 0.2, per: agent, window: 15m, minCalls: 20 }
    notify: [ops]
    filter: { service: checkout }
`

const fails = (text: string, path = 'alerts.yaml') => {
  try {
    parseAlertRules(text, path)
  } catch (err) {
    expect(err).toBeInstanceOf(AlertRulesError)
    return (err as Error).message
  }
  throw new Error('parsed')
}

describe('parseAlertRules', () => {
  it('reads the documented example as written', () => {
    const r = parseAlertRules(EXAMPLE, 'alerts.yaml')
    expect(Object.keys(r.channels)).toEqual(['ops', 'team'])
    expect(r.rules).toEqual([
      {
        name: 'loops',
        condition: { kind: 'finding', detector: 'repeated-tool-call', minSeverity: 'warning' },
        notify: ['ops'],
        stop: false,
        filter: {},
      },
      {
        name: 'runaway-trace',
        condition: { kind: 'traceCost', usd: 1 },
        notify: ['ops', 'team'],
        stop: true,
        filter: {},
      },
      {
        name: 'user-spend',
        condition: { kind: 'cost', usd: 20, per: 'userId', windowMs: 86_400_000 },
        notify: ['team'],
        stop: false,
        filter: {},
      },
      {
        name: 'failing-agent',
        condition: { kind: 'errorRate', rate: 0.2, per: 'agent', windowMs: 900_000, minCalls: 20 },
        notify: ['ops'],
        stop: false,
        filter: { service: 'checkout' },
      },
    ])
  })

  it('takes JSON, findings by severity alone, and readiness and drift rules', () => {
    const r = parseAlertRules(
      JSON.stringify({
        channels: { a: { type: 'webhook', url: 'http://127.0.0.1:1/x' } },
        rules: [
          { name: 'any-critical', when: { finding: { minSeverity: 'critical' } }, notify: ['a'] },
          { name: 'not-ready', when: { readiness: { check: 'cost-budget' } }, notify: ['a'] },
          { name: 'drifting', when: { drift: {} }, notify: ['a'] },
        ],
      }),
      'alerts.json',
    )
    expect(r.rules.map((x) => x.condition)).toEqual([
      { kind: 'finding', detector: null, minSeverity: 'critical' },
      { kind: 'readiness', check: 'cost-budget', agent: null },
      { kind: 'drift', feature: null, agent: null },
    ])
  })

  it.each([
    ['an unknown key', EXAMPLE.replace('stop: true', 'stopp: true'), 'rules.1.stopp: unknown key (expected one of'],
    [
      'an unknown condition key',
      EXAMPLE.replace('traceCostUsd: 1.0', 'traceCost: 1.0'),
      'rules.1.when.traceCost: unknown key',
    ],
    ['a bad value', EXAMPLE.replace('errorRate: 0.2', 'errorRate: 2'), 'rules.3.when.errorRate: must be at most 1'],
    ['a bad window', EXAMPLE.replace('window: 1d', 'window: tomorrow'), 'rules.2.when.window: must be a duration'],
    ['a missing window', EXAMPLE.replace(', window: 1d', ''), 'rules.2.when.window: is required with costUsd'],
    [
      'a window on a trace rule',
      EXAMPLE.replace('traceCostUsd: 1.0', 'traceCostUsd: 1.0, window: 1h'),
      'rules.1.when.window: applies to costUsd and errorRate only',
    ],
    [
      'two conditions',
      EXAMPLE.replace('traceCostUsd: 1.0', 'traceCostUsd: 1.0, costUsd: 2'),
      'names traceCostUsd and costUsd',
    ],
    [
      'an unknown channel',
      EXAMPLE.replace('notify: [ops, team]', 'notify: [ops, pager]'),
      'rules.1.notify.1: no channel named pager',
    ],
    ['a rule named twice', EXAMPLE.replace('name: user-spend', 'name: loops'), 'rules.2.name: loops is named twice'],
    ['a bad channel type', EXAMPLE.replace('type: slack', 'type: email'), 'channels.team.type'],
    [
      'a bad url',
      EXAMPLE.replace('"http://127.0.0.1:9999/hook"', '"ftp://x"'),
      'channels.ops.url: must be an http(s) URL',
    ],
    [
      'an unknown detector',
      EXAMPLE.replace('detector: repeated-tool-call', 'detector: loops'),
      'rules.0.when.finding.detector: must be one of',
    ],
  ])('stops at %s, naming it', (_, text, message) => {
    expect(fails(text)).toContain(message)
  })

  it('names the file and refuses other formats', () => {
    expect(fails('rules: [', 'alerts.yaml')).toMatch(/^LOUPE_ALERTS_FILE alerts\.yaml: not valid YAML/)
    expect(fails('{}', 'alerts.toml')).toBe('LOUPE_ALERTS_FILE alerts.toml: must end in .json, .yaml or .yml')
  })

  it('shows a channel without its path or secret', () => {
    const r = parseAlertRules(EXAMPLE, 'alerts.yaml')
    expect(redactedChannel('team', r.channels['team']!)).toEqual({
      name: 'team',
      type: 'slack',
      target: 'https://hooks.slack.com/…',
    })
    expect(JSON.stringify(redactedChannel('ops', r.channels['ops']!))).not.toContain('s3cr3t')
  })
})
