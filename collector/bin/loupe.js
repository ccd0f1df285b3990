#!/usr/bin/env node
// The `loupe` CLI: runs its TypeScript source through tsx, as the collector itself runs.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
