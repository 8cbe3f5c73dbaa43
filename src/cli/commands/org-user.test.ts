import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { TEST_DIALECTS, TEST_PG_URL, pgSchemaUrl } from '../../../test/db.js'
import { uniqueUscc } from '../../../test/factories.js'
import type { DialectName } from '../../db/dialect.js'
import { verifyPassword } from '../../modules/auth/index.js'
import { DomainError } from '../../shared/errors.js'
import { withDeps } from '../context.js'
import { registerOrg } from './org.js'
import { registerUser } from './user.js'

/** A DATABASE_URL for a fresh database of the dialect, and how to drop it. */
async function freshDatabaseUrl(dialect: DialectName): Promise<{ url: string; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-'))
    return {
      url: `sqlite:${join(dir, 'cli.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    }
  }
  const schema = `cli_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const run = async (q: string) => {
    const c = new pg.Client({ connectionString: TEST_PG_URL })
    await c.connect()
    await c.query(q)
    await c.end()
  }
  await run(`CREATE SCHEMA ${schema}`)
  const url = pgSchemaUrl(schema)
  return { url: url, drop: () => run(`DROP SCHEMA ${schema} CASCADE`) }
}

/** Runs `gongkai <args>` in this process; returns what it printed. */
async function gongkai(...args: string[]): Promise<string> {
  const program = new Command().exitOverride()
  registerOrg(program)
  registerUser(program)
  const lines: string[] = []
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk))
    return true
  })
  try {
    await program.parseAsync(args, { from: 'user' })
  } finally {
    spy.mockRestore()
  }
  return lines.join('')
}

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p
  } catch (err) {
    if (err instanceof DomainError) {
      return err
    }
    throw err
  }
  throw new Error('expected the command to fail')
}

describe.each(TEST_DIALECTS)('gongkai org and user commands (%s)', (dialect) => {
  let drop: () => Promise<void>
  const saved = process.env.DATABASE_URL
  const gov = uniqueUscc()
  const dept = uniqueUscc()
  beforeAll(async () => {
    const db = await freshDatabaseUrl(dialect)
    process.env.DATABASE_URL = db.url
    drop = db.drop
  })
  afterAll(async () => {
    process.env.DATABASE_URL = saved
    await drop()
  })

  it('adds organs under their parents and lists them indented by depth, with codes', async () => {
    expect(await gongkai('org', 'add', '--name', '测试区人民政府', '--code', gov.toLowerCase())).toContain(
      `已新增机关 (organ added): 测试区人民政府  ${gov}  人民政府`,
    )
    await gongkai(
      'org',
      'add',
      '--name',
      '测试区广播电视局',
      '--code',
      dept,
      '--parent',
      gov,
      '--short-name',
      '区广电局',
    )
    const inst = uniqueUscc()
    await gongkai(
      'org',
      'add',
      '--name',
      '测试区广电中心',
      '--code',
      inst,
      '--parent',
      dept,
      '--kind',
      'institution',
    )
    expect((await gongkai('org', 'list')).split('\n')).toEqual([
      `${gov}  测试区人民政府  (人民政府)`,
      `  ${dept}  测试区广播电视局  (政府部门)`,
      `    ${inst}  测试区广电中心  (所属事业单位)`,
      '',
    ])
  })

  it('refuses a wrong check character, naming the expected one, and an unknown parent', async () => {
    const good = uniqueUscc()
    const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0')
    const err = await failure(gongkai('org', 'add', '--name', '错码局', '--code', bad))
    expect(err.code).toBe('ORGAN_CODE_INVALID')
    expect(err.message).toContain(`第 18 位应为“${good.slice(17)}”`)
    const parent = await failure(
      gongkai('org', 'add', '--name', '孤儿局', '--code', uniqueUscc(), '--parent', '123'),
    )
    expect(parent.code).toBe('ORGAN_PARENT_INVALID')
    const taken = await failure(gongkai('org', 'add', '--name', '重复局', '--code', dept))
    expect(taken.code).toBe('ORGAN_CODE_TAKEN')
  })

  it('adds a user with several grants and a generated password, lists and resets it', async () => {
    const out = await gongkai(
      'user',
      'add',
      '--username',
      'li.si',
      '--name',
      '李四',
      '--role',
      'officer',
      '--organ',
      dept,
      '--subtree',
      '--role',
      '分管领导',
      '--organ',
      gov,
    )
    const password = /初始密码 \(initial password\): (\S+)/.exec(out)?.[1] ?? ''
    expect(password).not.toBe('')
    const hash = await withDeps(async (deps) => {
      const row = await deps.db.kysely
        .selectFrom('app_user')
        .select(['password_hash', 'must_change_password'])
        .where('username', '=', 'li.si')
        .executeTakeFirstOrThrow()
      expect(row.must_change_password).toBe(1)
      return row.password_hash
    })
    expect(await verifyPassword(password, hash)).toBe(true)
    const list = await gongkai('user', 'list')
    expect(list).toContain(`li.si  李四  `)
    expect(list).toContain(`信息员(officer)@${dept}+下级`)
    expect(list).toContain(`分管领导(leader)@${gov}`)
    const reset = await gongkai('user', 'reset-password', 'li.si', '--password', 'Temporary-Passw0rd')
    expect(reset).toContain('已重置密码 (password reset): li.si')
    expect(reset).not.toContain('Temporary-Passw0rd')
    const audit = await withDeps((deps) =>
      deps.db.kysely.selectFrom('audit_log').select(['action', 'actor_name']).orderBy('seq').execute(),
    )
    expect(audit.filter((a) => a.action.startsWith('user.')).map((a) => [a.action, a.actor_name])).toEqual([
      ['user.created', 'cli'],
      ['user.role_granted', 'cli'],
      ['user.role_granted', 'cli'],
      ['user.password_reset', 'cli'],
    ])
  })

  it('refuses a weak password, a role without an organ, and an unknown user', async () => {
    const weak = await failure(
      gongkai('user', 'add', '--username', 'wang.wu', '--name', '王五', '--password', 'weak'),
    )
    expect(weak.message).toContain('初始密码：密码至少 10 位')
    const half = await failure(
      gongkai('user', 'add', '--username', 'wang.wu', '--name', '王五', '--role', 'officer'),
    )
    expect(half.message).toContain('every --role needs its --organ')
    const bogus = await failure(
      gongkai('user', 'add', '--username', 'wang.wu', '--name', '王五', '--role', 'emperor', '--organ', gov),
    )
    expect(bogus.fields?.role).toEqual(['请选择角色'])
    expect((await failure(gongkai('user', 'reset-password', 'nobody'))).code).toBe('USER_NOT_FOUND')
  })
})

describe('the gongkai process', { timeout: 120_000 }, () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-proc-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/gongkai.js', ...args], {
      // A configured key, so that no first-run notice about a new key file shares stderr.
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, AUDIT_KEY: 'ab'.repeat(32) },
      encoding: 'utf8',
      timeout: 60_000,
    })

  it('adds and lists an organ through DATABASE_URL', () => {
    const code = uniqueUscc()
    const add = run('org', 'add', '--name', '进程测试政府', '--code', code)
    expect(add.status).toBe(0)
    const list = run('org', 'list')
    expect(list.stdout).toContain(`${code}  进程测试政府  (人民政府)`)
  })

  it('reports a wrong code as one plain line and a non-zero exit, without a stack', () => {
    const good = uniqueUscc()
    const r = run(
      'org',
      'add',
      '--name',
      '错码局',
      '--code',
      good.slice(0, 17) + (good.endsWith('0') ? '1' : '0'),
    )
    expect(r.status).not.toBe(0)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`第 18 位应为“${good.slice(17)}”`)
    expect(r.stderr).not.toContain('    at ')
  })
})
