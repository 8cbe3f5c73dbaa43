import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../db/database.js'
import type { AppDeps } from '../../../shared/deps.js'
import { fixedClock } from '../../../shared/clock.js'
import { auditKeyring, installAuditKeyring, verifyAuditChain } from '../../audit/index.js'
import { createTestDb, TEST_DIALECTS } from '../../../../test/db.js'
import { buildOrgan } from '../../../../test/factories.js'
import { testConfig } from '../../../../test/http.js'
import { importAuditGaps, importBatchEntries } from '../../../../test/import-audit.js'
import { createSearchIndex } from '../search/index.js'
import { packagedCalendarProvider } from '../../../shared/calendar/provider.js'
import type { ImportRecord } from './import-fields.js'
import { importItems } from './item-import.service.js'
import { oneOffFieldCipher } from '../../privacy/index.js'

// Issue 7 §3: each batch of an import and its audit entry commit together, so an import stopped
// between batches (or inside one) leaves every visible item audited and nothing half-written.

const CLI = { id: null, name: 'cli' }

function rows(n: number): ImportRecord[] {
  return Array.from({ length: n }, (_, k) => ({
    line: k + 2,
    values: { 名称: `导入测试通知${k + 1}`, 发布日期: `2021-03-${String((k % 28) + 1).padStart(2, '0')}` },
  }))
}

describe.each(TEST_DIALECTS)('import batches and their audit entries (%s)', (dialect) => {
  let db: Db
  let deps: AppDeps

  beforeAll(async () => {
    db = await createTestDb(dialect)
    deps = {
      config: testConfig(),
      db,
      clock: fixedClock('2026-11-27T02:00:00Z'),
      search: createSearchIndex(db.dialect),
      calendar: packagedCalendarProvider(),
      personalData: oneOffFieldCipher(),
    }
  })
  afterAll(async () => {
    await db.close()
  })

  const countOf = async (table: 'item' | 'item_revision' | 'audit_log') =>
    Number(
      (
        await db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    )

  it('gives every batch one entry naming its lines and doc_no range, committed with its rows', async () => {
    const organ = await buildOrgan(db, { name: '测试市人民政府' })
    const s = await importItems(deps, CLI, organ.id, rows(10), { sourceName: 'gen.csv', batchSize: 4 })
    expect(s.imported).toBe(10)
    const entries = await importBatchEntries(db.kysely, organ.id)
    expect(entries.map((e) => [e.batch, e.firstLine, e.lastLine, e.imported])).toEqual([
      [1, 2, 5, 4],
      [2, 6, 9, 4],
      [3, 10, 11, 2],
    ])
    expect(await importAuditGaps(db.kysely, organ.id)).toMatchObject({
      items: 10,
      uncovered: [],
      emptyRanges: [],
    })
  })

  it('when the audit cannot be written in batch 3, batches 1–2 stay with their entries and batch 3 leaves nothing', async () => {
    const organ = await buildOrgan(db, { name: '测试市人民政府' })
    const before = {
      items: await countOf('item'),
      revisions: await countOf('item_revision'),
      audit: await countOf('audit_log'),
    }
    const keys = auditKeyring()
    let batches = 0
    try {
      await expect(
        importItems(deps, CLI, organ.id, rows(10), {
          sourceName: 'gen.csv',
          batchSize: 3,
          // After batch 2 the trail stops accepting entries: batch 3 inserts its rows, then its
          // audit entry fails, and the rows must go with it.
          onProgress: () => {
            batches += 1
            if (batches === 2) {
              installAuditKeyring(undefined)
            }
          },
        }),
      ).rejects.toMatchObject({ code: 'AUDIT_KEY_MISSING' })
    } finally {
      installAuditKeyring(keys)
    }
    expect(await countOf('item')).toBe(before.items + 6)
    expect(await countOf('item_revision')).toBe(before.revisions + 6)
    expect(await countOf('audit_log')).toBe(before.audit + 2)
    const entries = await importBatchEntries(db.kysely, organ.id)
    expect(entries.map((e) => [e.firstLine, e.lastLine])).toEqual([
      [2, 4],
      [5, 7],
    ])
    expect(await importAuditGaps(db.kysely, organ.id)).toMatchObject({
      items: 6,
      uncovered: [],
      emptyRanges: [],
    })
    // Nothing of batch 3 is searchable either.
    const hits = await deps.search.search(db.kysely, {
      q: '导入测试通知8',
      filters: { organIds: [organ.id] },
      limit: 10,
      offset: 0,
    })
    expect(hits.total).toBe(0)
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
  })

  it('when the file cannot be read further after batch 2, the committed batches keep their entries', async () => {
    const organ = await buildOrgan(db, { name: '测试市人民政府' })
    async function* failing(): AsyncGenerator<ImportRecord> {
      yield* rows(7)
      throw new Error('read error after line 8')
    }
    await expect(
      importItems(deps, CLI, organ.id, failing(), { sourceName: 'gen.csv', batchSize: 3 }),
    ).rejects.toThrow('read error after line 8')
    expect(await importAuditGaps(db.kysely, organ.id)).toMatchObject({
      items: 6,
      entries: 2,
      uncovered: [],
      emptyRanges: [],
    })
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
  })

  it('refuses records without any data row (nothing written, nothing audited)', async () => {
    const organ = await buildOrgan(db, { name: '测试市人民政府' })
    await expect(importItems(deps, CLI, organ.id, [], { sourceName: 'empty.csv' })).rejects.toMatchObject({
      code: 'IMPORT_FILE_INVALID',
    })
    expect(await importBatchEntries(db.kysely, organ.id)).toEqual([])
  })
})
