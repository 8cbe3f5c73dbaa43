#!/usr/bin/env node
// `npm test`: type check, lint, format check, then every test on SQLite and, when a PostgreSQL
// server answers, on PostgreSQL too. Set TEST_PG_URL to choose the server; REQUIRE_PG=1 (CI)
// turns "no PostgreSQL" into a failure instead of a notice.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import pg from 'pg'

const pgUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const extra = process.argv.slice(2)

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  if (r.status !== 0) {
    process.stderr.write(`\n✗ ${cmd} ${args.join(' ')} failed\n`)
    process.exit(r.status ?? 1)
  }
}

async function pgReachable() {
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 })
  try {
    await c.connect()
    await c.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await c.end().catch(() => {})
  }
}

if (!process.env.SKIP_STATIC_CHECKS) {
  run('npx', ['tsc', '--noEmit'])
  run('npx', ['eslint', '.', '--max-warnings', '0'])
  run('npx', ['prettier', '--check', '.', '--log-level', 'warn'])
  // No import cycles, type-only imports included (docs/ARCHITECTURE.md, "Boundaries").
  run('npx', ['madge', '--circular', '--extensions', 'ts,tsx', '--ts-config', 'tsconfig.json', 'src'])
}
const hasPg = await pgReachable()
if (!hasPg && process.env.REQUIRE_PG === '1') {
  process.stderr.write(`PostgreSQL is required (REQUIRE_PG=1) but did not answer at ${pgUrl}\n`)
  process.exit(1)
}
const dialects = process.env.TEST_DIALECTS ?? (hasPg ? 'sqlite,postgres' : 'sqlite')
if (!hasPg) {
  process.stdout.write(
    `\n*** PostgreSQL did not answer at ${pgUrl}: running the tests on SQLite ONLY. ***\n\n`,
  )
}
run('npx', ['vitest', 'run', ...extra], { TZ: 'UTC', TEST_DIALECTS: dialects, TEST_PG_URL: pgUrl })
process.stdout.write(`\nTests passed on: ${dialects.split(',').join(' and ')}\n`)
if (!hasPg) {
  process.stdout.write(
    `*** SQLite ONLY: no PostgreSQL answered at ${pgUrl}, so the PostgreSQL half was NOT run (see README, Tests). ***\n`,
  )
}
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(chromium) && !process.env.CI) {
  process.stdout.write(
    `*** Browser tests were SKIPPED: ${chromium} not found (apt-get install -y chromium). ***\n`,
  )
}
