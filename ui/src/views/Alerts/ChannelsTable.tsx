/**
 * The channels of the rules file, as the API shows them (scheme and host only, never the full URL
 * or the secret), each with a button that sends it one test message now and says inline whether
 * it arrived. Nothing is stored for a test.
 */
import type { ChannelView } from '@loupe/schema'
import { ApiError } from '../../api/client.ts'
import { useTestAlert } from '../../hooks/queries.ts'
import { testResultText } from '../../model/alerts-view.ts'

export function ChannelsTable({ channels }: { channels: readonly ChannelView[] }) {
  return (
    <div className="av-scroll">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Type</th>
            <th scope="col">Target</th>
            <th scope="col">Signed</th>
            <th scope="col">Test</th>
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => (
            <tr key={c.name} data-testid="alert-channel-row" data-channel={c.name}>
              <td>{c.name}</td>
              <td>{c.type}</td>
              <td className="mono">{c.target}</td>
              <td>{c.signed ? 'yes' : <span className="av-muted">no</span>}</td>
              <td>
                <SendTest channel={c.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function SendTest({ channel }: { channel: string }) {
  const test = useTestAlert()
  let result: { ok: boolean; text: string } | null = null
  if (test.isError)
    result = {
      ok: false,
      text: `✗ ${test.error instanceof ApiError ? test.error.message : String(test.error)}`,
    }
  else if (test.isSuccess) result = testResultText(test.data)
  return (
    <div className="av-test">
      <button
        type="button"
        disabled={test.isPending}
        aria-label={`Send test to ${channel}`}
        onClick={() => test.mutate({ channel })}
      >
        {test.isPending ? 'Sending…' : 'Send test'}
      </button>
      <span role="status" aria-live="polite" data-testid="channel-test-result">
        {result && <span className={result.ok ? 'av-test-ok' : 'av-test-fail'}>{result.text}</span>}
      </span>
    </div>
  )
}
