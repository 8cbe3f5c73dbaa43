/**
 * HTTP benchmark: the public catalogue list page and item pages against a static page of the
 * same bytes served by the same server process, in one run (autocannon, 10 connections), and the
 * server's RSS while serving. Server pinned to CPU 0 and load generator to CPU 1 when `taskset`
 * exists (2-core machine).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { prng } from './corpus.js'
import type { BenchQuery } from './search-bench.js'

export interface RouteResult {
  route: string
  bytes: number
  rps: number[]
  meanRps: number
  latencyP50: number
  latencyP99: number
  errors: number
  non2xx: number
}

export interface HttpReport {
  seconds: number
  connections: number
  rounds: number
  pinned: boolean
  routes: RouteResult[]
  ratios: Record<string, number>
  rssMiB: { afterStart: number; peakWhileServing: number }
}

const BENCH_DIR = new URL('./', import.meta.url).pathname
const hasTaskset = existsSync('/usr/bin/taskset')

function node(args: string[], cpu: number): { cmd: string; args: string[] } {
  const base = ['--import', 'tsx', ...args]
  return hasTaskset
    ? { cmd: 'taskset', args: ['-c', String(cpu), process.execPath, ...base] }
    : { cmd: process.execPath, args: base }
}

function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Math.round(Number(m[1]) / 1024) : 0
  } catch {
    return 0
  }
}

async function startServer(dbPath: string, port: number): Promise<{ child: ChildProcess; pid: number }> {
  const { cmd, args } = node([`${BENCH_DIR}http-server.ts`, dbPath, String(port)], 0)
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const pid = await new Promise<number>((resolve, reject) => {
    let buf = ''
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString()
      const m = /\{"ready":true,"pid":(\d+)\}/.exec(buf)
      if (m) {
        resolve(Number(m[1]))
      }
    })
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)))
  })
  return { child, pid }
}

function load(
  url: string,
  paths: string[],
  duration: number,
): { rps: number; latencyP50: number; latencyP99: number; errors: number; non2xx: number } {
  // The paths can exceed the argument size limit: hand them over in a file.
  const specFile = `${BENCH_DIR}out/load-spec-${process.pid}.json`
  writeFileSync(specFile, JSON.stringify({ url, paths, connections: 10, duration }))
  const { cmd, args } = node([`${BENCH_DIR}load-worker.ts`, specFile], 1)
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 })
  if (r.status !== 0) {
    throw new Error(`load worker failed: ${r.error?.message ?? r.stderr}`)
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ReturnType<typeof load>
}

export async function benchHttp(
  dbPath: string,
  seconds: number,
  log: (s: string) => void,
  queries: BenchQuery[] = [],
  /** Serve from this database instead (a PostgreSQL URL loaded by pg-bench from `dbPath`'s first `items`). */
  server?: { url: string; items: number },
): Promise<HttpReport> {
  const port = 3999
  const base = `http://127.0.0.1:${port}`
  const { child, pid } = await startServer(server?.url ?? dbPath, port)
  let peak = 0
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid))
  }, 250)
  try {
    const afterStart = rssMiB(pid)
    // Item references: 5,000 random published items, by id.
    const h = new Database(dbPath, { readonly: true })
    const max = Math.min(
      (h.prepare('SELECT max(doc_no) AS m FROM item').get() as { m: number }).m,
      server?.items ?? Number.MAX_SAFE_INTEGER,
    )
    const rnd = prng(5)
    const ids = Array.from({ length: 5000 }, () => 1 + Math.floor(rnd() * max))
    const itemPaths = (
      h
        .prepare(`SELECT id FROM item WHERE doc_no IN (${ids.join(',')}) AND status = 'published'`)
        .all() as Array<{
        id: string
      }>
    ).map((r) => `/items/${r.id}`)
    h.close()

    const get = async (url: string) => {
      const res = await fetch(base + url)
      return { status: res.status, body: await res.text() }
    }
    // The static twin of the list page: its first page, captured byte for byte.
    const cap = async (name: string, url: string) =>
      (await (await fetch(`${base}/__bench/capture?name=${name}&url=${encodeURIComponent(url)}`)).json()) as {
        status: number
        bytes: number
      }
    const list = await cap('catalogue', '/catalogue')
    // The static twin of the item pages: an item page of median size.
    const sizes: Array<{ path: string; bytes: number }> = []
    for (const p of itemPaths.slice(0, 101)) {
      const r = await get(p)
      if (r.status !== 200) {
        throw new Error(`${p} answered ${r.status}`)
      }
      sizes.push({ path: p, bytes: Buffer.byteLength(r.body) })
    }
    sizes.sort((a, b) => a.bytes - b.bytes)
    const median = sizes[Math.floor(sizes.length / 2)]!
    const item = await cap('item', median.path)
    log(`  list page ${list.bytes} bytes (status ${list.status}); median item page ${item.bytes} bytes`)
    if (list.status !== 200 || item.status !== 200) {
      throw new Error('could not capture the pages')
    }
    const searchPaths = queries.slice(0, 200).map((q) => `/search?q=${encodeURIComponent(q.q)}`)
    // The public pages keep whole pages in memory while the database is unchanged (SQLite); URLs
    // that differ only in an ignored parameter are cache misses, which measures making the page.
    const unique = 200_000
    const routes: Array<[string, string[], number]> = [
      ['static copy of /catalogue', ['/__bench/static/catalogue'], list.bytes],
      ['/catalogue (first page)', ['/catalogue'], list.bytes],
      ['/catalogue?page=2…50', Array.from({ length: 49 }, (_, i) => `/catalogue?page=${i + 2}`), list.bytes],
      [
        '/catalogue?page=1…50, uncached (unique URLs)',
        Array.from({ length: unique }, (_, i) => `/catalogue?page=${1 + (i % 50)}&v=${i}`),
        list.bytes,
      ],
      ['static copy of an item page', ['/__bench/static/item'], item.bytes],
      ['/items/:id (5,000 random items)', itemPaths, item.bytes],
      [
        '/items/:id, uncached (unique URLs)',
        Array.from({ length: unique }, (_, i) => `${itemPaths[i % itemPaths.length] ?? ''}?v=${i}`),
        item.bytes,
      ],
    ]
    if (searchPaths.length > 0) {
      routes.push(['/search?q= (bench queries)', searchPaths, 0])
      // The search page keeps the engine's answer per (query, filters, page) under the change
      // stamp; 2,000 (query, page 1–10) pairs picked at random are mostly first requests.
      routes.push([
        '/search?q=…&page=1…10, mostly uncached (2,000 pairs)',
        searchPaths.flatMap((p) => Array.from({ length: 10 }, (_, i) => `${p}&page=${i + 1}`)),
        0,
      ])
    }
    log('  warm-up')
    for (const [, paths] of routes) {
      load(base, paths, 2)
    }
    const rounds = 2
    const results = new Map<string, RouteResult>()
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? routes : [...routes].reverse()
      for (const [name, paths, bytes] of order) {
        const r = load(base, paths, seconds)
        log(`  ${name}: ${Math.round(r.rps)} req/s, p50 ${r.latencyP50} ms, p99 ${r.latencyP99} ms`)
        const prev = results.get(name)
        results.set(name, {
          route: name,
          bytes,
          rps: [...(prev?.rps ?? []), Math.round(r.rps)],
          meanRps: 0,
          latencyP50: Math.max(prev?.latencyP50 ?? 0, r.latencyP50),
          latencyP99: Math.max(prev?.latencyP99 ?? 0, r.latencyP99),
          errors: (prev?.errors ?? 0) + r.errors,
          non2xx: (prev?.non2xx ?? 0) + r.non2xx,
        })
      }
    }
    const out = routes.map(([name]) => {
      const r = results.get(name)!
      return { ...r, meanRps: Math.round(r.rps.reduce((a, b) => a + b, 0) / r.rps.length) }
    })
    const rps = (name: string) => out.find((r) => r.route === name)?.meanRps ?? 0
    const ratio = (a: string, b: string) => Math.round((rps(a) / Math.max(1, rps(b))) * 100) / 100
    return {
      seconds,
      connections: 10,
      rounds,
      pinned: hasTaskset,
      routes: out,
      ratios: {
        'catalogue first page / static': ratio('/catalogue (first page)', 'static copy of /catalogue'),
        'catalogue pages 2–50 / static': ratio('/catalogue?page=2…50', 'static copy of /catalogue'),
        'catalogue pages, uncached / static': ratio(
          '/catalogue?page=1…50, uncached (unique URLs)',
          'static copy of /catalogue',
        ),
        'item page / static': ratio('/items/:id (5,000 random items)', 'static copy of an item page'),
        'item page, uncached / static': ratio(
          '/items/:id, uncached (unique URLs)',
          'static copy of an item page',
        ),
        'search page / static list page': ratio('/search?q= (bench queries)', 'static copy of /catalogue'),
        'search page, mostly uncached / static list page': ratio(
          '/search?q=…&page=1…10, mostly uncached (2,000 pairs)',
          'static copy of /catalogue',
        ),
      },
      rssMiB: { afterStart, peakWhileServing: peak },
    }
  } finally {
    clearInterval(sampler)
    child.kill('SIGTERM')
  }
}
