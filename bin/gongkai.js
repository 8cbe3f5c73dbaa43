#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npx gongkai` works right after
// `npm install` with no build step to remember.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
