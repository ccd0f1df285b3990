/**
 * @module cli/help
 * The `--help` texts. The exit-code list is part of every one: scripts rely on it.
 */
import { COST_DIMENSIONS, TRACE_SORTS } from '@loupe/schema'
import { DEFAULT_URL, type HelpTopic } from './args.ts'

const EXIT_CODES = `Exit codes:
  0  ok
  1  a bug in loupe: it prints a stack trace; please report it
  2  usage error: unknown command or flag, or a bad value (the message names the flag)
  3  cannot reach the collector: connection refused, DNS failure or timeout
  4  the collector answered with an error status (printed with its message)
  5  the collector's answer did not match the API schema`

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
  loupe report cost [flags]   cost and tokens, grouped by model, service, agent, ...
  loupe traces [flags]        recent traces, filtered by cost, duration, errors, ...
  loupe help [command]        help on a command (or: loupe <command> --help)

Examples:
  loupe report cost --since 7d --by model,service
  loupe traces --since 1h --min-cost 0.5 --limit 20
  loupe report cost --since 30d --by day --format csv > cost.csv

Output (--format): table (default, for people), csv, json (for scripts). Data goes to
stdout, errors to stderr.

${CONNECTION}

${EXIT_CODES}
`

const REPORT = `loupe report: reports over a time range

Usage:
  loupe report cost [flags]   cost and tokens, grouped by dimensions

See loupe report cost --help.

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

const TRACES = `loupe traces: list traces, newest first

Usage:
  loupe traces [--since 1h] [--min-cost 0.5] [--limit 20] [--format table|csv|json] [flags]

Selection:
  --min-cost USD    only traces that cost at least this much (0.5 or '$0.50')
  --min-duration D  only traces that took at least this long (500ms, 2s, 1m)
  --errors          only traces with at least one failed span
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

const TEXTS: Record<HelpTopic, string> = { loupe: LOUPE, report: REPORT, 'report cost': REPORT_COST, traces: TRACES }

export function helpText(topic: HelpTopic): string {
  return TEXTS[topic]
}
