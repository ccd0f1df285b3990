import { describe, expect, it } from 'vitest'
import { buildPolicy, effectivePolicy, loadPolicy, parsePolicyFile, PolicyError } from './policy.ts'
import { DEFAULT_RISKY_TOOL_PATTERNS } from './risky-tools.ts'
import { policyFor } from './types.ts'

const ENV = { budgetUsd: null, toolTimeoutMs: 30_000 }

const YAML = `# team policy
budgetUsd: 0.5
toolTimeoutMs: 20000
riskyTools: [delete, "/^rm_/i"]
allowedTools:
  - search_*
  - get_weather
agents:
  planner:
    budgetUsd: 2
    maxSteps: 40
  intern:
    budgetUsd: null
    allowedTools: null
`

describe('policy file', () => {
  it('reads YAML and JSON the same way', () => {
    const fromYaml = parsePolicyFile(YAML, 'policy.yaml')
    expect(fromYaml).toEqual({
      budgetUsd: 0.5,
      toolTimeoutMs: 20000,
      riskyTools: ['delete', '/^rm_/i'],
      allowedTools: ['search_*', 'get_weather'],
      agents: { planner: { budgetUsd: 2, maxSteps: 40 }, intern: { budgetUsd: null, allowedTools: null } },
    })
    expect(parsePolicyFile(JSON.stringify(fromYaml), 'p.json')).toEqual(fromYaml)
    expect(parsePolicyFile(YAML, 'P.YML')).toEqual(fromYaml)
  })

  it('treats a file of comments only as an empty policy', () => {
    expect(parsePolicyFile('# nothing yet\n', 'p.yaml')).toEqual({})
  })

  it.each([
    ['budgetUsd: -1', 'budgetUsd: must be positive'],
    ['toolTimeoutMs: 1.5', 'toolTimeoutMs: must be a whole number'],
    ['riskyTools: delete', 'riskyTools: must be a list'],
    ['riskyTools: ["/[/"]', 'riskyTools.0: not a valid regular expression'],
    ['allowedTools: [""]', 'allowedTools.0: must not be empty'],
    ['budget: 1', 'budget: unknown key'],
    ['agents: { planner: { maxStep: 3 } }', 'agents.planner.maxStep: unknown key'],
    ['agents: { planner: { toolTimeoutMs: "fast" } }', 'agents.planner.toolTimeoutMs: must be a number'],
    ['agents: [planner]', 'agents: must map agent names'],
    ['- just a list', '(top level): must be a mapping'],
    ['budgetUsd: [1', 'not valid YAML'],
    ['a: 1\na: 2', 'not valid YAML'],
  ])('rejects %j naming %s', (text, message) => {
    expect(() => parsePolicyFile(text, '/etc/loupe/policy.yaml')).toThrow(PolicyError)
    expect(() => parsePolicyFile(text, '/etc/loupe/policy.yaml')).toThrow(message)
    expect(() => parsePolicyFile(text, '/etc/loupe/policy.yaml')).toThrow('LOUPE_POLICY_FILE /etc/loupe/policy.yaml')
  })

  it('refuses bad JSON and an unknown extension', () => {
    expect(() => parsePolicyFile('{"budgetUsd": 1', 'p.json')).toThrow('not valid JSON')
    expect(() => parsePolicyFile('{}', 'p.toml')).toThrow('must end in .json, .yaml or .yml')
  })

  it('lists every problem, not just the first', () => {
    expect(() => parsePolicyFile('budgetUsd: 0\nagents: { a: { x: 1 } }', 'p.yaml')).toThrow(
      /budgetUsd: must be positive\n.*agents\.a\.x: unknown key/,
    )
  })
})

describe('policy precedence', () => {
  it('is defaults without a file or env', () => {
    const p = buildPolicy(null, null)
    expect(p).toEqual({
      source: null,
      defaults: {
        budgetUsd: null,
        toolTimeoutMs: 30_000,
        maxSteps: null,
        riskyToolPatterns: [...DEFAULT_RISKY_TOOL_PATTERNS],
        allowedTools: null,
      },
      agents: {},
    })
  })

  it('layers defaults ← env ← file ← agent entry', () => {
    const env = { budgetUsd: 1, toolTimeoutMs: 10_000 }
    expect(buildPolicy({ toolTimeoutMs: 5000 }, 'p.yaml', env).defaults).toMatchObject({
      budgetUsd: 1,
      toolTimeoutMs: 5000,
    })
    const p = buildPolicy(parsePolicyFile(YAML, 'p.yaml'), 'p.yaml', env)
    expect(p.defaults).toMatchObject({
      budgetUsd: 0.5,
      toolTimeoutMs: 20000,
      maxSteps: null,
      riskyToolPatterns: ['delete', '/^rm_/i'],
    })
    expect(policyFor(p, 'planner')).toEqual({ ...p.defaults, budgetUsd: 2, maxSteps: 40 })
    expect(policyFor(p, 'intern')).toEqual({ ...p.defaults, budgetUsd: null, allowedTools: null })
    expect(policyFor(p, 'someone-else')).toBe(p.defaults)
  })
})

describe('loadPolicy', () => {
  it('reads through the given reader and names the file when it cannot', () => {
    expect(
      loadPolicy(null, ENV, () => {
        throw new Error('unused')
      }).source,
    ).toBeNull()
    expect(loadPolicy('p.yaml', ENV, () => 'budgetUsd: 3').defaults.budgetUsd).toBe(3)
    expect(() =>
      loadPolicy('/nope.yaml', ENV, () => {
        throw new Error('ENOENT: no such file')
      }),
    ).toThrow('LOUPE_POLICY_FILE /nope.yaml: cannot read it (ENOENT')
  })
})

describe('effectivePolicy', () => {
  const p = buildPolicy(parsePolicyFile(YAML, 'p.yaml'), 'p.yaml', ENV)
  it('reports the top level, and the agents with their own entry', () => {
    expect(effectivePolicy(p)).toEqual({
      source: 'p.yaml',
      budgetUsd: 0.5,
      toolTimeoutMs: 20000,
      riskyToolPatterns: ['delete', '/^rm_/i'],
      allowedTools: ['search_*', 'get_weather'],
      agents: ['intern', 'planner'],
    })
  })
  it('reports an agent’s own entry when the report is about that agent', () => {
    expect(effectivePolicy(p, 'planner').budgetUsd).toBe(2)
    expect(effectivePolicy(p, 'nobody').budgetUsd).toBe(0.5)
  })
})
