import { describe, expect, it } from 'vitest'
import { networkReason } from './client.ts'

const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause })
const coded = (code: string, message = `connect ${code}`) => Object.assign(new Error(message), { code })

describe('networkReason', () => {
  it.each([
    [fetchFailed(coded('ECONNREFUSED')), 'connection refused (is the collector running?)'],
    [fetchFailed(coded('ENOTFOUND')), 'host not found'],
    [fetchFailed(coded('EAI_AGAIN')), 'DNS lookup failed'],
    [fetchFailed(coded('UND_ERR_CONNECT_TIMEOUT')), 'the connection timed out'],
    [
      fetchFailed(Object.assign(new AggregateError([coded('ECONNREFUSED')]), {})),
      'connection refused (is the collector running?)',
    ],
    [fetchFailed(new Error('bad port')), 'bad port'],
    [fetchFailed(coded('CERT_HAS_EXPIRED', 'certificate has expired')), 'certificate has expired'],
    [new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'no answer within 2.5s'],
    [new TypeError('fetch failed'), 'fetch failed'],
    ['weird', 'weird'],
  ])('%s', (err, reason) => {
    expect(networkReason(err, 2500)).toBe(reason)
  })
})
