#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by function, self time by file, and
 * inclusive time by function (each stack counted once). Used with `npm run bench:ingest` and
 * BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the collector's main thread
 * goes under load (the profile whose name has `.0.` is the main thread).
 *
 * Usage: node scripts/profile-summary.mjs <file.cpuprofile> [top=40]
 */
import { readFileSync } from 'node:fs'

const [file, topArg] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: node scripts/profile-summary.mjs <file.cpuprofile> [top=40]\n')
  process.exit(2)
}
const top = Number(topArg ?? 40)
const profile = JSON.parse(readFileSync(file, 'utf8'))
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

// Self time per node: each sample is charged the time until the next one.
const self = new Map()
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
}

const shortUrl = (url) => url.replace(/^.*\/(node_modules\/|collector\/src\/)/, '$1')
const label = (frame) => `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`
const add = (map, key, t) => map.set(key, (map.get(key) ?? 0) + t)

const byFunction = new Map()
const byFile = new Map()
const inclusive = new Map()
let total = 0
for (const [id, t] of self) {
  const frame = byId.get(id).callFrame
  total += t
  add(byFunction, label(frame), t)
  add(byFile, shortUrl(frame.url) || frame.functionName, t)
  const seen = new Set()
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const key = label(byId.get(cur).callFrame)
    if (key.startsWith('(root)') || seen.has(key)) continue
    seen.add(key)
    add(inclusive, key, t)
  }
}

const print = (title, map, n) => {
  process.stdout.write(`--- ${title}\n`)
  for (const [key, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    process.stdout.write(
      `${(t / 1000).toFixed(0).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${key}\n`,
    )
  }
}
process.stdout.write(`total ${(total / 1e6).toFixed(2)} s sampled\n`)
print('self time by function', byFunction, top)
print('self time by file', byFile, 25)
print('inclusive time by function', inclusive, top)
