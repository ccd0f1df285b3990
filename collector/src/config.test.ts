import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({
      host: '127.0.0.1',
      httpPort: 4318,
      grpcPort: 4317,
      database: 'loupe',
      retentionDays: 30,
      apiKeys: null,
      maxBodyBytes: 16 * 1024 * 1024,
    })
    expect(c.storage.kind).toBe('embedded')
    expect(c.maxSettleBacklog).toBe(100_000)
  })

  it('follows running traces by default, and not at all with a refresh of 0', () => {
    expect(loadConfig({}).live).toEqual({ refreshMs: 1000, windowSpans: 2000, memoryBytes: 256 * 1024 * 1024 })
    expect(
      loadConfig({ LOUPE_LIVE_REFRESH_MS: '500', LOUPE_LIVE_WINDOW_SPANS: '300', LOUPE_LIVE_MEMORY_MB: '64' }).live,
    ).toEqual({ refreshMs: 500, windowSpans: 300, memoryBytes: 64 * 1024 * 1024 })
    expect(loadConfig({ LOUPE_LIVE_REFRESH_MS: '0' }).live).toBeNull()
    expect(() => loadConfig({ LOUPE_LIVE_WINDOW_SPANS: '10' })).toThrow(/LOUPE_LIVE_WINDOW_SPANS/)
    expect(() => loadConfig({ LOUPE_LIVE_MEMORY_MB: 'lots' })).toThrow(/LOUPE_LIVE_MEMORY_MB/)
  })

  it('resolves a relative data directory against the given directory', () => {
    expect(loadConfig({ LOUPE_DATA_DIR: 'data' }, '/srv/loupe').storage).toEqual({
      kind: 'embedded',
      path: '/srv/loupe/data',
    })
    expect(loadConfig({ LOUPE_DATA_DIR: '/var/lib/loupe' }, '/srv/loupe').storage).toEqual({
      kind: 'embedded',
      path: '/var/lib/loupe',
    })
  })

  it('uses a server when CLICKHOUSE_URL is set', () => {
    const c = loadConfig({ CLICKHOUSE_URL: 'http://ch:8123', CLICKHOUSE_USER: 'u', CLICKHOUSE_PASSWORD: 'p' })
    expect(c.storage).toEqual({ kind: 'server', url: 'http://ch:8123', username: 'u', password: 'p' })
  })

  it('takes detector thresholds as JSON', () => {
    expect(loadConfig({ LOUPE_DETECTORS: '{"repeatWarning": 4, "maxSteps": null}' }).detectors).toEqual({
      repeatWarning: 4,
      maxSteps: null,
    })
    expect(loadConfig({}).detectors).toEqual({})
  })

  it('builds the readiness policy from env and LOUPE_POLICY_FILE (relative to the given directory)', () => {
    expect(loadConfig({}).policy).toMatchObject({ source: null, defaults: { budgetUsd: null, toolTimeoutMs: 30_000 } })
    const files: Record<string, string> = {
      '/srv/loupe/policy.yaml': 'toolTimeoutMs: 5000\nagents:\n  planner: { budgetUsd: 2 }\n',
    }
    const read = (path: string) =>
      files[path] ??
      (() => {
        throw new Error(`ENOENT ${path}`)
      })()
    const c = loadConfig(
      { LOUPE_POLICY_FILE: 'policy.yaml', LOUPE_BUDGET_USD: '0.25', LOUPE_TOOL_TIMEOUT_MS: '10000' },
      '/srv/loupe',
      read,
    )
    expect(c.policy.source).toBe('/srv/loupe/policy.yaml')
    expect(c.policy.defaults).toMatchObject({ budgetUsd: 0.25, toolTimeoutMs: 5000 })
    expect(c.policy.agents['planner']).toMatchObject({ budgetUsd: 2, toolTimeoutMs: 5000 })
  })

  it.each([
    [
      '/p.yaml',
      'agents: { planner: { budgetUsd: -1 } }',
      'LOUPE_POLICY_FILE /p.yaml: agents.planner.budgetUsd: must be positive',
    ],
    ['/p.json', '{"riskyTool": ["rm"]}', 'LOUPE_POLICY_FILE /p.json: riskyTool: unknown key'],
    ['/missing.yaml', null, 'LOUPE_POLICY_FILE /missing.yaml: cannot read it'],
  ])('refuses a bad policy file %s', (path, text, message) => {
    const read = () => {
      if (text === null) throw new Error('ENOENT')
      return text
    }
    expect(() => loadConfig({ LOUPE_POLICY_FILE: path }, '/', read)).toThrow(ConfigError)
    expect(() => loadConfig({ LOUPE_POLICY_FILE: path }, '/', read)).toThrow(message)
  })

  it('reads the alert rules from LOUPE_ALERTS_FILE, and links alerts to LOUPE_PUBLIC_URL', () => {
    expect(loadConfig({})).toMatchObject({ alertRules: null, publicUrl: null, alertsScheduledMs: 300_000 })
    const text = 'channels: { ops: { type: webhook, url: "http://127.0.0.1:9999/hook" } }\nrules: []\n'
    const c = loadConfig(
      { LOUPE_ALERTS_FILE: 'alerts.yaml', LOUPE_PUBLIC_URL: 'https://loupe.example.com' },
      '/srv',
      () => text,
    )
    expect(c.alertRules).toMatchObject({ source: '/srv/alerts.yaml', rules: [] })
    expect(c.publicUrl).toBe('https://loupe.example.com')
  })

  it.each([
    ['/a.yaml', 'channels: {}\nrules: [{ name: x, when: { traceCost: 1 }, notify: [] }]', 'LOUPE_ALERTS_FILE /a.yaml:'],
    ['/a.yaml', 'channels: {}\nrules: []\nextra: 1', 'extra: unknown key'],
    ['/missing.yaml', null, 'LOUPE_ALERTS_FILE /missing.yaml: cannot read it'],
  ])('refuses a bad alert rules file %s, naming what is wrong', (path, text, message) => {
    const read = () => {
      if (text === null) throw new Error('ENOENT')
      return text
    }
    expect(() => loadConfig({ LOUPE_ALERTS_FILE: path }, '/', read)).toThrow(ConfigError)
    expect(() => loadConfig({ LOUPE_ALERTS_FILE: path }, '/', read)).toThrow(message)
  })

  it('maps API keys to projects', () => {
    const c = loadConfig({ LOUPE_API_KEYS: 'team-a:key1, team-b:key2' })
    expect([...c.apiKeys!]).toEqual([
      ['key1', 'team-a'],
      ['key2', 'team-b'],
    ])
  })

  it.each([
    [{ LOUPE_HTTP_PORT: 'eighty' }, 'LOUPE_HTTP_PORT'],
    [{ LOUPE_GRPC_PORT: '70000' }, 'LOUPE_GRPC_PORT'],
    [{ LOUPE_RETENTION_DAYS: '0' }, 'LOUPE_RETENTION_DAYS'],
    [{ CLICKHOUSE_URL: 'not a url' }, 'CLICKHOUSE_URL'],
    [{ CLICKHOUSE_DATABASE: 'x; DROP' }, 'CLICKHOUSE_DATABASE'],
    [{ LOUPE_API_KEYS: 'nokey' }, 'LOUPE_API_KEYS'],
    [{ LOUPE_MAX_BODY_BYTES: '-5' }, 'LOUPE_MAX_BODY_BYTES'],
    [{ LOUPE_MAX_SETTLE_BACKLOG: '0' }, 'LOUPE_MAX_SETTLE_BACKLOG'],
    [{ LOUPE_DETECTORS: '{"repeatWarning": 3' }, 'LOUPE_DETECTORS: not JSON'],
    [{ LOUPE_DETECTORS: '{"repeatWarnig": 3}' }, 'LOUPE_DETECTORS'],
    [{ LOUPE_DETECTORS: '{"nearDuplicateSimilarity": 2}' }, 'LOUPE_DETECTORS.nearDuplicateSimilarity'],
    [{ LOUPE_BUDGET_USD: '0' }, 'LOUPE_BUDGET_USD'],
    [{ LOUPE_BUDGET_USD: 'lots' }, 'LOUPE_BUDGET_USD'],
    [{ LOUPE_TOOL_TIMEOUT_MS: '1.5' }, 'LOUPE_TOOL_TIMEOUT_MS'],
  ])('rejects %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(variable)
  })
})
