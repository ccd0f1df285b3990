/**
 * No rules file: says how to give Loupe one, so the page teaches rather than looking broken. The
 * example is the smallest useful file: one webhook, a loop rule and a cost rule that stops the agent.
 */
import { useState } from 'react'

const EXAMPLE = `channels:
  ops:
    type: webhook
    url: https://example.com/loupe-hook
    secret: change-me
rules:
  - name: loops
    when: { finding: { detector: repeated-tool-call, minSeverity: warning } }
    notify: [ops]
  - name: runaway-trace
    when: { traceCostUsd: 1.0 }
    notify: [ops]
    stop: true`

export function AlertsSetup() {
  const [copied, setCopied] = useState(false)
  return (
    <div className="state state-empty av-setup" data-testid="alerts-setup">
      <h2>No alert rules yet</h2>
      <p>
        Write the rules and their channels in a YAML or JSON file, and start the collector with{' '}
        <code>LOUPE_ALERTS_FILE</code> pointing at it. Loupe then posts to a webhook or Slack when a trace loops or
        passes a cost, a user&apos;s spend or an agent&apos;s error rate passes a limit over a window, a readiness check
        fails or a feature drifts.
      </p>
      <pre className="snippet">{`# alerts.yaml\n${EXAMPLE}`}</pre>
      <pre className="snippet">LOUPE_ALERTS_FILE=./alerts.yaml npm start</pre>
      <p className="av-muted">
        The file is checked at start: a bad field stops the collector and names its path. Every option is in{' '}
        <code>docs/alerts.md</code>.
      </p>
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(EXAMPLE)
          setCopied(true)
        }}
      >
        {copied ? 'Copied' : 'Copy the example'}
      </button>
    </div>
  )
}
