import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CLI = fileURLToPath(new URL('../../bin/gongkai.js', import.meta.url))
const KEY = 'ab'.repeat(32)

/** The environment of a fresh shell: no PUBLIC_URL, FILES_DIR or DATABASE_URL from this run. */
function cleanEnv(over: Record<string, string>): NodeJS.ProcessEnv {
  const { PUBLIC_URL: _p, FILES_DIR: _f, DATABASE_URL: _d, ...env } = process.env
  return { ...env, AUDIT_KEY: KEY, ...over }
}

function gongkai(cwd: string, env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: cleanEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

describe('the CLI fails closed on a bad configuration', { timeout: 120_000 }, () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-config-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses DATABASE_URL=mysql://x with exit 2, one line naming CONFIG_INVALID, and creates nothing', () => {
    const cwd = mkdtempSync(join(dir, 'mysql-'))
    const r = gongkai(cwd, { DATABASE_URL: 'mysql://x' }, 'migrate')
    expect(r.status).toBe(2)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('CONFIG_INVALID')
    expect(lines[0]).toContain('mysql://')
    expect(r.stderr).not.toContain('    at ')
    expect(readdirSync(cwd)).toEqual([])
  })

  it('refuses a SQLite path in a folder that does not exist with exit 2 and creates neither folder nor file', () => {
    const cwd = mkdtempSync(join(dir, 'typo-'))
    for (const args of [['migrate'], ['org', 'list'], ['demo']]) {
      const r = gongkai(cwd, { DATABASE_URL: `sqlite:${join(cwd, 'dta', 'gongkai.db')}` }, ...args)
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
      expect(r.stderr).toContain('CONFIG_INVALID')
      expect(r.stderr).toContain(`${join(cwd, 'dta')} does not exist`)
    }
    expect(readdirSync(cwd)).toEqual([])
    // A folder that exists is fine: the database file is created in it.
    const ok = gongkai(cwd, { DATABASE_URL: join(cwd, 'gongkai.db') }, 'migrate')
    expect(ok.status).toBe(0)
    expect(readdirSync(cwd)).toContain('gongkai.db')
  })

  it('prints the package version for --version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    const r = gongkai(dir, {}, '--version')
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toBe(pkg.version)
  })

  it('lists the valid values of an invalid --kind or --role, before opening any database', () => {
    const cwd = mkdtempSync(join(dir, 'values-'))
    const env = { DATABASE_URL: join(cwd, 'v.db') }
    const kind = gongkai(
      cwd,
      env,
      'org',
      'add',
      '--name',
      '某某局',
      '--code',
      '11370303004309380J',
      '--kind',
      'bureau',
    )
    expect(kind.status).toBe(1)
    expect(kind.stderr.trim().split('\n')).toHaveLength(1)
    expect(kind.stderr).toContain('unknown --kind "bureau"')
    for (const k of ['government', 'department', 'institution', 'other']) {
      expect(kind.stderr).toContain(k)
    }
    const role = gongkai(
      cwd,
      env,
      ...['user', 'add', '--username', 'wang.wu', '--name', '王五', '--role', 'emperor', '--organ', 'X'],
    )
    expect(role.status).toBe(1)
    expect(role.stderr).toContain('unknown --role "emperor"')
    for (const r of ['admin', 'officer', 'handler', 'leader', 'office_head', 'supervisor', '信息员']) {
      expect(role.stderr).toContain(r)
    }
    expect(readdirSync(cwd)).toEqual([])
  })
})

describe('gongkai serve on a non-default port without PUBLIC_URL', { timeout: 120_000 }, () => {
  let dir: string
  let child: ChildProcess | undefined
  let out = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-serve-url-'))
  })
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  })

  it('names the address it listens on in the sitemap, robots.txt and the API, prints one banner and one line per request', async () => {
    const port = await freePort()
    const proc = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
      env: cleanEnv({ DATABASE_URL: join(dir, 'serve.db'), HOST: '127.0.0.1', LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = proc
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()))
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gongkai serve did not come up:\n${out}`)), 60_000)
      const check = setInterval(() => {
        if (out.includes('serving')) {
          clearInterval(check)
          clearTimeout(timer)
          resolve()
        }
      }, 100)
      proc.once('exit', (code) => {
        clearInterval(check)
        clearTimeout(timer)
        reject(new Error(`gongkai serve exited with ${code}:\n${out}`))
      })
    })
    const base = `http://127.0.0.1:${port}`
    const robots = await (await fetch(`${base}/robots.txt`)).text()
    expect(robots).toContain(`Sitemap: ${base}/sitemap.xml`)
    const sitemap = await (await fetch(`${base}/sitemap.xml`)).text()
    expect(sitemap).toContain(`<loc>${base}/catalogue</loc>`)
    expect(sitemap).not.toContain(':3000')
    const api = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as {
      servers: Array<{ url: string }>
    }
    expect(api.servers[0]?.url).toBe(`${base}/api/v1`)
    await new Promise((resolve) => setTimeout(resolve, 300))

    expect(out.match(/serving/g)).toHaveLength(1)
    expect(out).toContain(`Gongkai 已启动 (serving): ${base}/`)
    expect(out).not.toContain('Server listening at')
    const requestLines = out.split('\n').filter((l) => / (GET|POST) \//.test(l))
    expect(requestLines).toHaveLength(3)
    expect(requestLines[0]).toMatch(/INFO.*GET \/robots\.txt 200 [\d.]+ ms$/)
  })
})
