#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npx gongkai` works right after
// `npm install` with no build step to remember. The project's tsconfig.json is named
// explicitly: run from another folder, tsx would otherwise compile the pages' TSX without it.
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
await import('../src/cli.ts')
