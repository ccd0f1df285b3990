/**
 * @module cli/help
 * The `--help` texts. The exit-code list is part of every one: scripts rely on it.
 */
import { ALERT_STATES, CHECK_IDS, COST_DIMENSIONS, DRIFT_FEATURES, SUBJECT_KINDS, TRACE_SORTS } from '@loupe/schema'
import { DEFAULT_URL, type HelpTopic } from './args.ts'

const EXIT_CODES = `Exit codes:
  0  ok
  1  a bug in loupe: it prints a stack trace; please report it
  2  usage error: unknown command or flag, or a bad value (the message names the flag)
  3  cannot reach the collector: connection refused, DNS failure or timeout
  4  the collector answered with an error status (printed with its message)
  5  the collector's answer did not match the API schema
  6  --fail-on: the report printed, and a check or feature met the threshold (the
     reason is on stderr)`

const CONNECTION = `Connection:
  --url URL         the collector (default: $LOUPE_URL or ${DEFAULT_URL})
  --api-key KEY     sent as "Authorization: Bearer KEY" (default: $LOUPE_API_KEY)
  --timeout DUR     give up after this long (default: 30s)`

const RANGE = `Time range (default: the last 24 hours):
  --since DUR       from DUR ago until now: 90s, 30m, 24h, 7d, 2w
  --from TIME       start: ISO-8601 (2025-01-31T09:00:00Z), epoch ms, or a duration ago (2d)
  --to TIME         end, exclusive (default: now)`

const FILTERS = `Filters:
  --service NAME    --agent NAME    --model NAME    --provider NAME
  --user ID         --session ID`

const LOUPE = `loupe: query a Loupe collector over its HTTP API

Usage:
  loupe report cost [flags]        cost and tokens, grouped by model, service, agent, ...
  loupe report readiness [flags]   the production-readiness checklist, per agent
  loupe report drift [flags]       latency, tokens, cost, steps and errors against a reference
  loupe traces [flags]             recent traces, filtered by cost, duration, errors, ...
  loupe prices MODEL [flags]       what the collector charges for a model, and from which table
  loupe alerts [flags]             the alerts that fired, with each channel's delivery status
  loupe help [command]             help on a command (or: loupe <command> --help)

Examples:
  loupe report cost --since 7d --by model,service
  loupe traces --since 1h --min-cost 0.5 --limit 20
  loupe report cost --since 30d --by day --format csv > cost.csv
  loupe report readiness --agent planner --fail-on fail   # a CI gate: exit 6 on a failed check
  loupe alerts --since 1d --state firing

Output (--format): table (default, for people), csv, json (for scripts). Data goes to
stdout, errors to stderr.

${CONNECTION}

${EXIT_CODES}
`

const REPORT = `loupe report: reports over a time range

Usage:
  loupe report cost [flags]        cost and tokens, grouped by dimensions
  loupe report readiness [flags]   the production-readiness checklist, per service and agent
  loupe report drift [flags]       the current window against a reference window, per agent
                                   and model

See loupe report cost --help, loupe report readiness --help, loupe report drift --help.

${EXIT_CODES}
`

const REPORT_COST = `loupe report cost: cost and token usage, grouped

Usage:
  loupe report cost [--since 7d] [--by model,service] [--format table|csv|json] [flags]

Grouping:
  --by DIMS         comma list (default: model) of
                    ${COST_DIMENSIONS.join(', ')}

Output:
  --format FMT      table (default): one row per group, then the totals
                    csv: the collector's CSV export, as is
                    json: the API response ({groupBy, from, to, rows, totals})

${RANGE}

${FILTERS}

${CONNECTION}

${EXIT_CODES}
`

const REPORT_READINESS = `loupe report readiness: the production-readiness checklist, per service and agent

Usage:
  loupe report readiness [--since 7d] [--agent NAME] [--fail-on fail|warn]
                         [--format table|csv|json] [flags]

${fill(`Each agent is judged on ${CHECK_IDS.length} checks: ${CHECK_IDS.join(', ')}.`)}
A check is pass, warn, fail or unknown (nothing to judge it by in the range). Budgets, timeouts,
step limits and tool lists come from the collector's policy (LOUPE_POLICY_FILE).

Gate (default: none, exit 0 whatever the verdicts):
  --fail-on fail    exit 6 when any check failed
  --fail-on warn    exit 6 when any check failed or warned (unknown never trips the gate)
                    In CI: loupe report readiness --agent planner --fail-on fail

Output:
  --format FMT      table (default): one row per agent with its verdict and a column per
                    check, then each failing or warning check with its summary and example
                    traces
                    csv: one line per service, agent and check, with the verdict, the summary
                    and the figures as key=value;key=value
                    json: the API response ({from, to, tracesInRange, policy, agents})

${RANGE}

Filters:
  --service NAME    --agent NAME

${CONNECTION}

${EXIT_CODES}
`

const REPORT_DRIFT = `loupe report drift: has an agent changed? The current window against a reference window

Usage:
  loupe report drift [--since 1d] [--reference-from 8d --reference-to 1d] [--agent NAME]
                     [--alpha 0.05] [--fail-on drift] [--format table|csv|json] [flags]

Per agent and model, each feature is tested (KS, chi-square or two-proportion, p adjusted with
Benjamini-Hochberg) and drifted when significant and at least as large as its threshold:
${fill(`${DRIFT_FEATURES.join(', ')}.`)}

Windows:
  --since DUR       the current window: from DUR ago until now (default: the last 24 hours)
  --from TIME       start of the current window: ISO-8601, epoch ms, or a duration ago (2d)
  --to TIME         end of the current window, exclusive (default: now)
  --reference-from TIME
                    start of the reference window (default: 7 days before its end)
  --reference-to TIME
                    end of the reference window (default: the start of the current window);
                    the two windows must not overlap

Test:
  --alpha A         significance level, between 0 and 1 (default: 0.05)

Gate (default: none):
  --fail-on drift   exit 6 when any feature drifted

Output:
  --format FMT      table (default): one row per agent, model and feature, drifted first: the
                    test, samples, statistic, adjusted p, effect against its threshold, the
                    verdict (drifted, stable or insufficient data) and the medians ref → cur
                    csv: the same columns, with raw numbers
                    json: the API response ({current, reference, alpha, minSamples, groups})

Filters:
  --service NAME    --agent NAME    --model NAME

${CONNECTION}

${EXIT_CODES}
`

const TRACES = `loupe traces: list traces, newest first

Usage:
  loupe traces [--since 1h] [--min-cost 0.5] [--limit 20] [--format table|csv|json] [flags]

Selection:
  --min-cost USD    only traces that cost at least this much (0.5 or '$0.50')
  --min-duration D  only traces that took at least this long (500ms, 2s, 1m)
  --errors          only traces with at least one failed span
  --running         only traces still receiving spans (their figures so far)
  --search TEXT     text in span names, tool names, inputs or outputs
  --sort KEY        ${TRACE_SORTS.join(', ')} (default: startTime)
  --order ORDER     desc (default) or asc
  --limit N         at most N traces (default: 50, at most 1000)
  --cursor C        the next page: the cursor printed after the previous one

Output:
  --format FMT      table (default), csv (one line per trace), or json (the API
                    response, with nextCursor)

${RANGE}

${FILTERS}

${CONNECTION}

${EXIT_CODES}
`

/** Fills words into lines of at most `width` characters, for the lists that come from the schema. */
function fill(text: string, width = 95): string {
  const lines = ['']
  for (const word of text.split(/\s+/)) {
    const last = lines[lines.length - 1]!
    if (last === '') lines[lines.length - 1] = word
    else if (last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines.join('\n')
}

const PRICES = `loupe prices: the price the collector charges for a model

Usage:
  loupe prices MODEL [--at TIME] [--input-tokens N] [--format table|csv|json] [flags]

MODEL is a model name as spans carry it (openai/gpt-4o-2024-08-06 works). The answer names the
price-table entry it matches, its provider group and whether it came from the bundled table or
the collector's price file (LOUPE_PRICES_FILE), with its rates per million tokens: the base,
long-context tiers, announced price changes, peak hours, and the rates in force at --at. A
model no entry matches is unpriced: its spans carry tokens but no cost.

  --at TIME         when the call started: ISO-8601, epoch ms, or a duration ago (2d)
                    (default: now)
  --input-tokens N  the request's input tokens, cached included: shows the long-context
                    rate a large request pays

Output:
  --format FMT      table (default), csv (one line per rate set), or json (the API response)

${CONNECTION}

${EXIT_CODES}
`

const ALERTS = `loupe alerts: the alerts that fired, newest first, and where each was sent

Usage:
  loupe alerts [--since 1d] [--rule NAME] [--state firing|resolved] [--subject VALUE]
               [--limit N] [--format table|csv|json] [flags]

${fill(
  `Alerts come from the collector's rules file (LOUPE_ALERTS_FILE). Each is about a subject, one of ` +
    `${SUBJECT_KINDS.join(', ')}. A windowed rule's alert resolves when its subject falls back under the ` +
    `threshold. Each channel gets the firing, and any resolution, as a delivery: pending (with its tries so ` +
    `far and the next one's time), delivered, or failed (with the last error).`,
)}

Selection:
  --rule NAME       only this rule's alerts
  --state STATE     ${ALERT_STATES.join(' or ')}
  --subject VALUE   only alerts about this subject: a trace id, a user id, an agent, ...
  --limit N         at most N alerts (default: 100, at most 1000)

Output:
  --format FMT      table (default): one row per alert with its time, rule, state, subject,
                    value / threshold and message, then its deliveries one per line
                    csv: one line per alert, deliveries as channel/event=status;...
                    json: the API response ({from, to, alerts}), with every delivery's
                    attempts, last error and times

${RANGE.replace('Time range', 'Time range, of when alerts fired')}

${CONNECTION}

${EXIT_CODES}
`

const TEXTS: Record<HelpTopic, string> = {
  loupe: LOUPE,
  report: REPORT,
  'report cost': REPORT_COST,
  'report readiness': REPORT_READINESS,
  'report drift': REPORT_DRIFT,
  traces: TRACES,
  prices: PRICES,
  alerts: ALERTS,
}

export function helpText(topic: HelpTopic): string {
  return TEXTS[topic]
}
