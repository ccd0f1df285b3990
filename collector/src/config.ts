/**
 * @module config
 * Environment → validated `Config`, once at boot. A bad value stops start-up with a message that
 * names the variable.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import { AlertRulesError, parseAlertRules, type AlertRules } from './alerts/rules.ts'
import type { DetectorConfig } from './detect/types.ts'
import { loadPolicy, PolicyError } from './readiness/policy.ts'
import { DEFAULT_TOOL_TIMEOUT_MS, type Policy } from './readiness/types.ts'
import type { LiveOptions } from './settle/settler.ts'
import type { StorageTarget } from './store/clickhouse.ts'

const port = z.coerce.number().int().min(0).max(65535)
const positiveInt = z.coerce.number().int().positive()

const Env = z.object({
  LOUPE_HOST: z.string().min(1).default('127.0.0.1'),
  LOUPE_HTTP_PORT: port.default(4318),
  LOUPE_GRPC_PORT: port.default(4317),
  LOUPE_DATA_DIR: z.string().min(1).default('./data'),
  CLICKHOUSE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:8123' })
    .optional(),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier (letters, digits, underscore)')
    .default('loupe'),
  LOUPE_RETENTION_DAYS: positiveInt.max(36500).default(30),
  LOUPE_API_KEYS: z.string().optional(),
  LOUPE_PRICES_FILE: z.string().min(1).optional(),
  LOUPE_MAX_BODY_BYTES: positiveInt.default(16 * 1024 * 1024),
  LOUPE_BATCH_MAX_SPANS: positiveInt.default(10_000),
  LOUPE_QUEUE_MAX_SPANS: positiveInt.default(200_000),
  LOUPE_SETTLE_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  LOUPE_MAX_SETTLE_BACKLOG: positiveInt.default(100_000),
  LOUPE_DETECTORS: z.string().optional(),
  LOUPE_BATCH_LINGER_MS: z.coerce.number().int().min(0).max(10_000).default(50),
  LOUPE_POLICY_FILE: z.string().min(1).optional(),
  LOUPE_BUDGET_USD: z.coerce.number().positive().optional(),
  LOUPE_TOOL_TIMEOUT_MS: positiveInt.default(DEFAULT_TOOL_TIMEOUT_MS),
  LOUPE_LIVE_REFRESH_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  LOUPE_LIVE_WINDOW_SPANS: z.coerce.number().int().min(100).max(1_000_000).default(2000),
  LOUPE_LIVE_MEMORY_MB: positiveInt.max(1_000_000).default(256),
  LOUPE_ALERTS_FILE: z.string().min(1).optional(),
  LOUPE_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://loupe.example.com' })
    .optional(),
  LOUPE_ALERTS_WINDOWED_MS: z.coerce.number().int().min(1000).max(3_600_000).default(10_000),
  LOUPE_ALERTS_SCHEDULED_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
})

export interface Config {
  host: string
  httpPort: number
  grpcPort: number
  storage: StorageTarget
  database: string
  retentionDays: number
  /** API key → project; null when auth is off and everything goes to `default`. */
  apiKeys: Map<string, string> | null
  pricesFile: string | null
  maxBodyBytes: number
  /** A trace quiet this long is settled (agent names inherited across all its spans). */
  settleMs: number
  /** Past this many traces overdue for settling, OTLP requests get 429 until settling catches up. */
  maxSettleBacklog: number
  /** Loop-detector thresholds that differ from the defaults (LOUPE_DETECTORS, JSON). */
  detectors: Partial<DetectorConfig>
  batch: { maxBatchSpans: number; maxQueueSpans: number; lingerMs: number; maxConcurrentInserts: number }
  /** The readiness policy: defaults ← LOUPE_BUDGET_USD/LOUPE_TOOL_TIMEOUT_MS ← LOUPE_POLICY_FILE. */
  policy: Policy
  /** Running traces followed in memory (settle/settler.ts); null when LOUPE_LIVE_REFRESH_MS is 0. */
  live: LiveOptions | null
  /** The alert rules (LOUPE_ALERTS_FILE); null when none are configured. */
  alertRules: AlertRules | null
  /** The UI's address in alert links (LOUPE_PUBLIC_URL); null: the collector's own, once it listens. */
  publicUrl: string | null
  /** How often windowed alert rules are checked, and readiness and drift rules. */
  alertsWindowedMs: number
  alertsScheduledMs: number
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/**
 * `cwd` resolves a relative LOUPE_DATA_DIR and LOUPE_POLICY_FILE: npm runs workspace scripts
 * inside the workspace, so main passes INIT_CWD, the directory where the user typed `npm start`.
 * `readFile` reads the policy file (injected for tests); a missing or bad file is a ConfigError.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  cwd = process.cwd(),
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = Env.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  const e = parsed.data
  return {
    host: e.LOUPE_HOST,
    httpPort: e.LOUPE_HTTP_PORT,
    grpcPort: e.LOUPE_GRPC_PORT,
    storage: e.CLICKHOUSE_URL
      ? { kind: 'server', url: e.CLICKHOUSE_URL, username: e.CLICKHOUSE_USER, password: e.CLICKHOUSE_PASSWORD }
      : { kind: 'embedded', path: resolve(cwd, e.LOUPE_DATA_DIR) },
    database: e.CLICKHOUSE_DATABASE,
    retentionDays: e.LOUPE_RETENTION_DAYS,
    apiKeys: e.LOUPE_API_KEYS === undefined ? null : parseApiKeys(e.LOUPE_API_KEYS),
    pricesFile: e.LOUPE_PRICES_FILE ?? null,
    maxBodyBytes: e.LOUPE_MAX_BODY_BYTES,
    settleMs: e.LOUPE_SETTLE_MS,
    maxSettleBacklog: e.LOUPE_MAX_SETTLE_BACKLOG,
    detectors: e.LOUPE_DETECTORS === undefined ? {} : parseDetectorConfig(e.LOUPE_DETECTORS),
    batch: {
      maxBatchSpans: e.LOUPE_BATCH_MAX_SPANS,
      maxQueueSpans: Math.max(e.LOUPE_QUEUE_MAX_SPANS, e.LOUPE_BATCH_MAX_SPANS),
      lingerMs: e.LOUPE_BATCH_LINGER_MS,
      maxConcurrentInserts: 2,
    },
    policy: readPolicy(
      e.LOUPE_POLICY_FILE === undefined ? null : resolve(cwd, e.LOUPE_POLICY_FILE),
      e.LOUPE_BUDGET_USD ?? null,
      e.LOUPE_TOOL_TIMEOUT_MS,
      readFile,
    ),
    alertRules: e.LOUPE_ALERTS_FILE === undefined ? null : readAlertRules(resolve(cwd, e.LOUPE_ALERTS_FILE), readFile),
    publicUrl: e.LOUPE_PUBLIC_URL ?? null,
    alertsWindowedMs: e.LOUPE_ALERTS_WINDOWED_MS,
    alertsScheduledMs: e.LOUPE_ALERTS_SCHEDULED_MS,
    live:
      e.LOUPE_LIVE_REFRESH_MS === 0
        ? null
        : {
            refreshMs: e.LOUPE_LIVE_REFRESH_MS,
            windowSpans: e.LOUPE_LIVE_WINDOW_SPANS,
            memoryBytes: e.LOUPE_LIVE_MEMORY_MB * 1024 * 1024,
          },
  }
}

function readPolicy(
  path: string | null,
  budgetUsd: number | null,
  toolTimeoutMs: number,
  readFile: (path: string) => string,
): Policy {
  try {
    return loadPolicy(path, { budgetUsd, toolTimeoutMs }, readFile)
  } catch (err) {
    if (err instanceof PolicyError) throw new ConfigError(`invalid configuration:\n  ${err.message}`)
    throw err
  }
}

function readAlertRules(path: string, readFile: (path: string) => string): AlertRules {
  let text: string
  try {
    text = readFile(path)
  } catch (err) {
    throw new ConfigError(
      `invalid configuration:\n  LOUPE_ALERTS_FILE ${path}: cannot read it (${(err as Error).message})`,
    )
  }
  try {
    return parseAlertRules(text, path)
  } catch (err) {
    if (err instanceof AlertRulesError) throw new ConfigError(`invalid configuration:\n  ${err.message}`)
    throw err
  }
}

const positive = z.number().positive()
/** Every threshold of DetectorConfig, each optional; unknown names are refused (a typo must not pass silently). */
const DetectorOverrides = z
  .strictObject({
    repeatWarning: positive,
    repeatCritical: positive,
    errorRunWarning: positive,
    errorRunCritical: positive,
    succeededRetryRun: positive,
    noProgressWarning: positive,
    noProgressCritical: positive,
    cycleMinPeriod: positive,
    cycleMaxPeriod: positive,
    cycleMinRepeats: positive,
    cycleCriticalRepeats: positive,
    nearDuplicateSimilarity: z.number().gt(0).lte(1),
    nearDuplicateMinWords: positive,
    nearDuplicateMaxHamming: z.number().int().min(0).max(64),
    nearDuplicateCriticalRun: positive,
    maxSteps: positive.nullable(),
    historyMedianFactor: positive,
    costWindow: positive,
    costNoveltyBelow: z.number().gt(0).lte(1),
    costWindowUsd: z.number().nonnegative(),
    costWindowTraceShare: z.number().gt(0).lte(1),
    costCriticalFactor: positive,
  })
  .partial()

/** LOUPE_DETECTORS: JSON of detector thresholds, e.g. {"repeatWarning": 4, "maxSteps": 200}. */
function parseDetectorConfig(text: string): Partial<DetectorConfig> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new ConfigError(`invalid configuration:\n  LOUPE_DETECTORS: not JSON (${(err as Error).message})`)
  }
  const parsed = DetectorOverrides.safeParse(json)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `LOUPE_DETECTORS.${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  return parsed.data as Partial<DetectorConfig>
}

/** `team-a:key1,team-b:key2` → key → project. */
function parseApiKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>()
  for (const entry of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(':')
    const project = entry.slice(0, colon).trim()
    const key = entry.slice(colon + 1).trim()
    if (colon <= 0 || key === '' || !/^[A-Za-z0-9_.-]+$/.test(project)) {
      throw new ConfigError(
        `invalid configuration:\n  LOUPE_API_KEYS: entry "${entry}" is not project:key (project of letters, digits, . _ -)`,
      )
    }
    if (keys.has(key)) throw new ConfigError('invalid configuration:\n  LOUPE_API_KEYS: the same key is given twice')
    keys.set(key, project)
  }
  if (keys.size === 0) throw new ConfigError('invalid configuration:\n  LOUPE_API_KEYS: no project:key entries')
  return keys
}
