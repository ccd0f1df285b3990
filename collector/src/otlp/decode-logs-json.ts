/**
 * @module otlp/decode-logs-json
 * Decodes an OTLP/JSON `ExportLogsServiceRequest` into `OtlpLogsRequest`, by the same mapping as
 * the trace decoder (common-json.ts): lowerCamelCase or snake_case keys, hex ids (base64 of 8 or
 * 16 bytes accepted), 64-bit integers as strings or numbers, `severityNumber` as a number or its
 * name. Unknown keys are ignored; a known key of the wrong type is an error naming its path.
 */
import {
  anyValue,
  arrayField,
  attributes,
  decodeResource,
  decodeScope,
  enumValue,
  id,
  object,
  parseRequest,
  pick,
  str,
  uint32,
  uint64,
} from './common-json.ts'
import type { OtlpLogRecord, OtlpLogsRequest, OtlpResourceLogs, OtlpScopeLogs } from './types.ts'

export function decodeLogsRequestJson(body: Buffer): OtlpLogsRequest {
  const list = parseRequest(body, 'logs')
  return { resourceLogs: list.map((rl, i) => decodeResourceLogs(rl, `resourceLogs[${i}]`)) }
}

function decodeResourceLogs(v: unknown, path: string): OtlpResourceLogs {
  const o = object(v, path)
  const resource = decodeResource(o['resource'], `${path}.resource`)
  const scopeLogs = arrayField(o, 'scopeLogs', 'scope_logs', path)
  return { resource, scopeLogs: scopeLogs.map((sl, i) => decodeScopeLogs(sl, `${path}.scopeLogs[${i}]`)) }
}

function decodeScopeLogs(v: unknown, path: string): OtlpScopeLogs {
  const o = object(v, path)
  const scope = decodeScope(o['scope'], `${path}.scope`)
  const logRecords = arrayField(o, 'logRecords', 'log_records', path)
  return { scope, logRecords: logRecords.map((r, i) => decodeLogRecord(r, `${path}.logRecords[${i}]`)) }
}

/** SeverityNumber by name: SEVERITY_NUMBER_TRACE = 1, TRACE2 = 2 … FATAL4 = 24. */
const SEVERITY_NUMBER_NAMES: Record<string, number> = { SEVERITY_NUMBER_UNSPECIFIED: 0 }
for (const [i, level] of ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].entries()) {
  for (const [j, suffix] of ['', '2', '3', '4'].entries()) {
    SEVERITY_NUMBER_NAMES[`SEVERITY_NUMBER_${level}${suffix}`] = i * 4 + j + 1
  }
}

function decodeLogRecord(v: unknown, path: string): OtlpLogRecord {
  const o = object(v, path)
  return {
    timeUnixNano: uint64(pick(o, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`),
    observedTimeUnixNano: uint64(
      pick(o, 'observedTimeUnixNano', 'observed_time_unix_nano'),
      `${path}.observedTimeUnixNano`,
    ),
    severityNumber: enumValue(
      pick(o, 'severityNumber', 'severity_number'),
      SEVERITY_NUMBER_NAMES,
      `${path}.severityNumber`,
    ),
    severityText: str(pick(o, 'severityText', 'severity_text'), `${path}.severityText`),
    body: anyValue(o['body'], `${path}.body`, 0, 'a log body'),
    attributes: attributes(o['attributes'], `${path}.attributes`),
    flags: uint32(o['flags'], `${path}.flags`),
    traceId: id(pick(o, 'traceId', 'trace_id'), `${path}.traceId`),
    spanId: id(pick(o, 'spanId', 'span_id'), `${path}.spanId`),
    eventName: str(pick(o, 'eventName', 'event_name'), `${path}.eventName`),
  }
}
