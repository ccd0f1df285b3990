// `npm run dev`: the collector (embedded engine, :4318) and Vite's dev server (:5173, proxying
// /api and /v1 to the collector) together; Ctrl-C stops both.
import { spawn } from 'node:child_process'

const children = [
  spawn('npm', ['run', 'start', '-w', '@loupe/collector'], { stdio: 'inherit' }),
  spawn('npm', ['run', 'dev', '-w', '@loupe/ui'], { stdio: 'inherit' }),
]
const stop = () => {
  for (const c of children) c.kill('SIGINT')
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const c of children)
  c.on('exit', (code) => {
    if (code) {
      stop()
      process.exitCode = code
    }
  })
