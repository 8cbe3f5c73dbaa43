import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { createSearchIndex } from '../../src/modules/catalogue/search/index.js'
import { buildItem, buildOrgan } from '../factories.js'

const CLI = fileURLToPath(new URL('../../bin/gongkai.js', import.meta.url))

describe('gongkai search optimize (CLI process)', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-search-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('merges the FTS5 segments into one and keeps the items searchable', async () => {
    const path = join(dir, 'search.db')
    const db = createDb({ kind: 'sqlite', path })
    await migrateToLatest(db)
    const index = createSearchIndex('sqlite')
    const organ = await buildOrgan(db)
    const docNos: number[] = []
    for (let i = 0; i < 6; i++) {
      const item = await buildItem(db, { organ_id: organ.id, title: `分段合并${i}` })
      await index.upsert(db.kysely, [{ docNo: item.doc_no, title: item.title, body: '' }])
      docNos.push(item.doc_no)
    }
    const segments = () =>
      (db.sqlite!.prepare('SELECT count(DISTINCT segid) AS n FROM item_fts_idx').get() as { n: number }).n
    expect(segments()).toBeGreaterThan(1)
    await db.close()

    const r = spawnSync(process.execPath, [CLI, 'search', 'optimize'], {
      env: { ...process.env, DATABASE_URL: `sqlite:${path}` },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(`${r.stdout}${r.stderr}`).toContain('search index optimised')
    expect(r.status).toBe(0)

    const after = createDb({ kind: 'sqlite', path })
    expect(
      (after.sqlite!.prepare('SELECT count(DISTINCT segid) AS n FROM item_fts_idx').get() as { n: number }).n,
    ).toBe(1)
    const hits = await index.search(after.kysely, { q: '分段合并', filters: {}, limit: 20, offset: 0 })
    await after.close()
    expect(new Set(hits.docNos)).toEqual(new Set(docNos))
  })
})
