import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { buildOrgan } from '../factories.js'

const CLI = fileURLToPath(new URL('../../bin/gongkai.js', import.meta.url))

function gongkai(databaseUrl: string, ...args: string[]): { status: number | null; out: string } {
  // FILES_DIR left unset: attachments live next to the database (`<database>.files`).
  const { FILES_DIR: _unset, ...env } = process.env
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

describe('gongkai backup and restore (CLI processes)', () => {
  let dir: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-backup-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('backs up while the database is open elsewhere, refuses to restore until it is closed, then restores', async () => {
    const live = join(dir, 'live.db')
    const url = `sqlite:${live}`
    // This connection stands in for the running server (WAL mode, shared lock held).
    const server = createDb({ kind: 'sqlite', path: live })
    await migrateToLatest(server)
    await buildOrgan(server, { name: '备份前的机关' })

    const backup = gongkai(url, 'backup', join(dir, 'nightly.db'))
    expect(backup.out).toContain('nightly.db')
    expect(backup.status).toBe(0)

    await buildOrgan(server, { name: '备份后的机关' })
    const refused = gongkai(url, 'restore', join(dir, 'nightly.db'))
    expect(refused.status).not.toBe(0)
    expect(refused.out).toContain('RESTORE_DATABASE_IN_USE')
    await server.close()

    const restored = gongkai(url, 'restore', join(dir, 'nightly.db'))
    expect(restored.out).toContain('before-restore')
    expect(restored.status).toBe(0)

    const after = createDb({ kind: 'sqlite', path: live })
    const names = (await after.kysely.selectFrom('organ').select('name').execute()).map((r) => r.name)
    await after.close()
    expect(names).toEqual(['备份前的机关'])
  })

  it('refuses to restore a file that is not a Gongkai backup, in one plain line', () => {
    const r = gongkai(`sqlite:${join(dir, 'other.db')}`, 'restore', CLI)
    expect(r.status).not.toBe(0)
    expect(r.out).toContain('RESTORE_SOURCE_INVALID')
    expect(r.out).not.toMatch(/\n\s+at /)
    expect(existsSync(join(dir, 'other.db'))).toBe(false)
  })

  it('on PostgreSQL explains pg_dump and exits non-zero without touching the server', () => {
    const r = gongkai('postgres://gk:secret@127.0.0.1:1/none', 'backup', 'nightly.dump')
    expect(r.status).not.toBe(0)
    expect(r.out).toContain('pg_dump --format=custom')
    expect(r.out).toContain('BACKUP_UNSUPPORTED')
    expect(r.out).not.toContain('secret')
  })
})
