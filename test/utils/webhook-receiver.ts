/**
 * @module test/utils/webhook-receiver
 * A local webhook receiver on 127.0.0.1 that records what it is sent and answers as told: accept,
 * fail the first n requests, or hang. It can also be reserved and started later (a receiver that
 * is down at first), and it checks Loupe's signature the way the README tells receivers to.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  atMs: number
  headers: Record<string, string>
  body: string
  /** the status it answered; null when it hung */
  answered: number | null
}

export interface Receiver {
  url: string
  received: Received[]
  /** bodies of the requests it accepted (2xx), parsed */
  accepted: () => unknown[]
  /** starts listening (a receiver made with `down: true`) */
  up: () => Promise<void>
  close: () => Promise<void>
}

export interface ReceiverBehaviour {
  /** answer 500 to this many requests first */
  failFirst?: number
  /** never answer */
  hang?: boolean
  /** reserve the port but do not listen until `up()` */
  down?: boolean
}

export async function startReceiver(behaviour: ReceiverBehaviour = {}): Promise<Receiver> {
  const received: Received[] = []
  const hanging: ServerResponse[] = []
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r: Received = {
        atMs: Date.now(),
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString('utf8'),
        answered: null,
      }
      received.push(r)
      if (behaviour.hang) {
        hanging.push(res)
        return
      }
      const failing = received.length <= (behaviour.failFirst ?? 0)
      r.answered = failing ? 500 : 200
      res.writeHead(r.answered, { 'content-type': 'text/plain' }).end(failing ? 'not now' : 'ok')
    })
  }
  let server: Server = createServer(handle)
  await listen(server, 0)
  const port = (server.address() as AddressInfo).port
  if (behaviour.down) await close(server, [])
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    accepted: () => received.filter((r) => r.answered === 200).map((r) => JSON.parse(r.body) as unknown),
    up: async () => {
      server = createServer(handle)
      await listen(server, port)
    },
    close: () => close(server, hanging),
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
}

function close(server: Server, hanging: ServerResponse[]): Promise<void> {
  for (const res of hanging) res.destroy()
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

/** The receiver's check: the signature over timestamp.body with the secret, within a 5-minute window. */
export function signatureValid(secret: string, r: Received, nowMs = Date.now()): boolean {
  const timestamp = r.headers['x-loupe-timestamp'] ?? ''
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > 300) return false
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex')}`
  const given = r.headers['x-loupe-signature'] ?? ''
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))
}
