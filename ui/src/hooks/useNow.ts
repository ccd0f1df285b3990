/**
 * A clock that ticks once a second, for what counts up while a trace runs (its duration, the time
 * since its last span). One timer is shared by every subscriber, and it runs only while something
 * shows a running trace, so a settled page costs nothing.
 */
import { useSyncExternalStore } from 'react'

const TICK_MS = 1000

let now = Date.now()
let timer: ReturnType<typeof setInterval> | undefined
const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (timer === undefined) {
    // the first subscriber may have rendered a stale time: React re-reads it after subscribing
    now = Date.now()
    timer = setInterval(() => {
      now = Date.now()
      listeners.forEach((l) => l())
    }, TICK_MS)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer)
      timer = undefined
    }
  }
}

const snapshot = () => now

/** Epoch ms, updated every second. Render it only where something runs. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot)
}
