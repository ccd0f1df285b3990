/**
 * @module alerts/rules
 * The alert rules file (LOUPE_ALERTS_FILE, JSON or YAML): channels, and rules that say when to
 * tell which channels, checked strictly at start. Pure.
 *
 * @example
 * ```yaml
 * channels:
 *   ops: { type: webhook, url: "http://127.0.0.1:9999/hook", secret: "s3cr3t" }
 *   team: { type: slack, url: "https://hooks.slack.com/services/T000/B000/XXXX" }
 * rules:
 *   - name: loops
 *     when: { finding: { detector: repeated-tool-call, minSeverity: warning } }
 *     notify: [ops]
 *   - name: runaway-trace
 *     when: { traceCostUsd: 1.0 }
 *     notify: [ops, team]
 *     stop: true
 *   - name: user-spend
 *     when: { costUsd: 20, per: userId, window: 1d }
 *     notify: [team]
 *   - name: failing-agent
 *     when: { errorRate: 0.2, per: agent, window: 15m, minCalls: 20 }
 *     notify: [ops]
 *     filter: { service: checkout }
 * ```
 */
import { CheckId, DETECTOR_IDS, DriftFeatureId } from '@loupe/schema'
import { z } from 'zod'
import { parseSettingsFile } from '../settings-file.ts'

/** A bad rules file; the message names the file and the path to each bad field. */
export class AlertRulesError extends Error {
  override readonly name = 'AlertRulesError'
}

const SEVERITIES = ['warning', 'critical'] as const
type Severity = (typeof SEVERITIES)[number]

/** What a windowed rule groups by: each value is a subject of its own. */
const PER = ['userId', 'sessionId', 'agent', 'service', 'project'] as const
export type Per = (typeof PER)[number]

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

const Duration = z
  .string({ error: 'must be a duration such as 30s, 15m, 1h or 1d' })
  .regex(/^[1-9]\d*[smhd]$/, 'must be a duration such as 30s, 15m, 1h or 1d')
  .transform((v) => Number(v.slice(0, -1)) * UNIT_MS[v.slice(-1) as keyof typeof UNIT_MS])
  .refine((ms) => ms >= 60_000 && ms <= 30 * 86_400_000, 'must be between 1m and 30d')

const positiveUsd = z.number({ error: 'must be a number of USD' }).positive('must be positive')

const WhenFields = z.strictObject({
  finding: z
    .strictObject({
      detector: z.enum(DETECTOR_IDS, { error: `must be one of ${DETECTOR_IDS.join(', ')}` }).optional(),
      minSeverity: z.enum(SEVERITIES, { error: 'must be warning or critical' }).optional(),
    })
    .optional(),
  traceCostUsd: positiveUsd.optional(),
  costUsd: positiveUsd.optional(),
  errorRate: z.number({ error: 'must be a fraction' }).gt(0, 'must be above 0').lte(1, 'must be at most 1').optional(),
  per: z.enum(PER, { error: `must be one of ${PER.join(', ')}` }).optional(),
  window: Duration.optional(),
  minCalls: z.number({ error: 'must be a whole number' }).int('must be a whole number').positive().optional(),
  readiness: z
    .strictObject({
      check: CheckId.optional(),
      agent: z.string().min(1).optional(),
    })
    .optional(),
  drift: z
    .strictObject({
      feature: DriftFeatureId.optional(),
      agent: z.string().min(1).optional(),
    })
    .optional(),
})

/** When a rule fires, one kind per rule. */
export type Condition =
  | { kind: 'finding'; detector: (typeof DETECTOR_IDS)[number] | null; minSeverity: Severity }
  | { kind: 'traceCost'; usd: number }
  | { kind: 'cost'; usd: number; per: Per; windowMs: number }
  | { kind: 'errorRate'; rate: number; per: Per; windowMs: number; minCalls: number }
  | { kind: 'readiness'; check: z.infer<typeof CheckId> | null; agent: string | null }
  | { kind: 'drift'; feature: z.infer<typeof DriftFeatureId> | null; agent: string | null }

const KINDS = ['finding', 'traceCostUsd', 'costUsd', 'errorRate', 'readiness', 'drift'] as const

const When = WhenFields.superRefine((w, ctx) => {
  const kinds = KINDS.filter((k) => w[k] !== undefined)
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message:
        kinds.length === 0
          ? `must name one condition: ${KINDS.join(', ')}`
          : `names ${kinds.join(' and ')}: one condition per rule`,
    })
    return
  }
  const windowed = kinds[0] === 'costUsd' || kinds[0] === 'errorRate'
  for (const key of ['per', 'window'] as const) {
    if (windowed && w[key] === undefined)
      ctx.addIssue({ code: 'custom', path: [key], message: `is required with ${kinds[0]}` })
    if (!windowed && w[key] !== undefined)
      ctx.addIssue({ code: 'custom', path: [key], message: 'applies to costUsd and errorRate only' })
  }
  if (w.minCalls !== undefined && kinds[0] !== 'errorRate')
    ctx.addIssue({ code: 'custom', path: ['minCalls'], message: 'applies to errorRate only' })
}).transform((w): Condition => {
  if (w.finding)
    return { kind: 'finding', detector: w.finding.detector ?? null, minSeverity: w.finding.minSeverity ?? 'warning' }
  if (w.traceCostUsd !== undefined) return { kind: 'traceCost', usd: w.traceCostUsd }
  if (w.costUsd !== undefined) return { kind: 'cost', usd: w.costUsd, per: w.per!, windowMs: w.window! }
  if (w.errorRate !== undefined)
    return { kind: 'errorRate', rate: w.errorRate, per: w.per!, windowMs: w.window!, minCalls: w.minCalls ?? 1 }
  if (w.readiness) return { kind: 'readiness', check: w.readiness.check ?? null, agent: w.readiness.agent ?? null }
  return { kind: 'drift', feature: w.drift!.feature ?? null, agent: w.drift!.agent ?? null }
})

const Filter = z.strictObject({
  service: z.string().min(1).optional(),
  agent: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  userId: z.string().min(1).optional(),
  sessionId: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
})
type RuleFilter = z.infer<typeof Filter>

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })

const Channel = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('webhook'),
      url: httpUrl,
      secret: z.string().min(1, 'must not be empty').optional(),
    }),
    z.strictObject({ type: z.literal('slack'), url: httpUrl }),
  ],
  { error: 'type must be webhook or slack' },
)
export type Channel = z.infer<typeof Channel>

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

const Rule = z.strictObject({
  name: z.string({ error: 'is required' }).regex(NAME, 'must be letters, digits, ".", "_" or "-"'),
  when: When,
  notify: z.array(z.string().min(1), { error: 'must be a list of channel names' }).min(1, 'must name a channel'),
  stop: z.boolean({ error: 'must be true or false' }).optional(),
  filter: Filter.optional(),
})

const RulesFile = z
  .strictObject({
    channels: z.record(z.string().regex(NAME, 'channel names are letters, digits, ".", "_" or "-"'), Channel, {
      error: 'must map channel names to channels',
    }),
    rules: z.array(Rule, { error: 'must be a list of rules' }),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>()
    file.rules.forEach((rule, i) => {
      if (seen.has(rule.name))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `${rule.name} is named twice` })
      seen.add(rule.name)
      rule.notify.forEach((channel, j) => {
        if (!(channel in file.channels))
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'notify', j],
            message: `no channel named ${channel} (channels: ${Object.keys(file.channels).join(', ') || 'none'})`,
          })
      })
    })
  })

export interface AlertRule {
  name: string
  condition: Condition
  notify: string[]
  stop: boolean
  filter: RuleFilter
}

export interface AlertRules {
  source: string
  channels: Record<string, Channel>
  rules: AlertRule[]
}

const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': ['channels', 'rules'],
  rule: Object.keys(Rule.shape),
  when: Object.keys(WhenFields.shape),
  filter: Object.keys(Filter.shape),
}

function knownKeys(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return KNOWN_KEYS['']!
  const last = String(path[path.length - 1])
  if (path[0] === 'rules' && path.length === 2) return KNOWN_KEYS['rule']!
  return KNOWN_KEYS[last] ?? []
}

/** Pure: the file's text → its validated rules. `path` picks the format by extension. */
export function parseAlertRules(text: string, path: string): AlertRules {
  const result = parseSettingsFile(text, path, RulesFile, knownKeys)
  if (!result.ok) {
    const lines = result.problems
    throw new AlertRulesError(
      `LOUPE_ALERTS_FILE ${path}:${lines.length === 1 ? ` ${lines[0]}` : `\n    ${lines.join('\n    ')}`}`,
    )
  }
  return {
    source: path,
    channels: result.value.channels,
    rules: result.value.rules.map((r) => ({
      name: r.name,
      condition: r.when,
      notify: r.notify,
      stop: r.stop ?? false,
      filter: r.filter ?? {},
    })),
  }
}

/** A channel as the API and UI may show it: the URL's scheme and host only, and whether a secret is set. */
export function redactedChannel(name: string, c: Channel): { name: string; type: Channel['type']; target: string } {
  const url = new URL(c.url)
  return { name, type: c.type, target: `${url.protocol}//${url.host}/…` }
}
