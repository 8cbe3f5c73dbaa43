import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ORGANS } from '../../src/modules/demo/index.js'

const CLI = fileURLToPath(new URL('../../bin/gongkai.js', import.meta.url))

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

/** Runs `gongkai start` until it says it is serving; returns the process and what it printed. */
async function start(dbPath: string, port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'start', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: `sqlite:${dbPath}`, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gongkai start did not come up:\n${out}`)), 60_000)
    const check = setInterval(() => {
      if (out.includes('serving')) {
        clearInterval(check)
        clearTimeout(timer)
        resolve()
      }
    }, 100)
    child.once('exit', (code) => {
      clearInterval(check)
      clearTimeout(timer)
      reject(new Error(`gongkai start exited with ${code}:\n${out}`))
    })
  })
  return { child, output: () => out }
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  return exited
}

describe('gongkai start (what `npm start` runs)', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-start-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates the database, loads the demo data once, serves the home page, and stops cleanly', async () => {
    const db = join(dir, 'gongkai.db')
    const port = await freePort()
    const first = await start(db, port)
    try {
      expect(first.output()).toContain('demo data loaded')
      expect(first.output()).toContain('admin')
      const home = await fetch(`http://127.0.0.1:${port}/`)
      expect(home.status).toBe(200)
      const html = await home.text()
      for (const o of DEMO_ORGANS) {
        expect(html, o.name).toContain(o.name)
      }
    } finally {
      expect(await stop(first.child)).toBe(0)
    }

    const second = await start(db, port)
    try {
      expect(second.output()).not.toContain('demo data')
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200)
    } finally {
      await stop(second.child)
    }
  })
})
