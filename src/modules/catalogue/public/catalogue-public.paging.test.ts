import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../db/database.js'
import { createTestDb, TEST_DIALECTS } from '../../../../test/db.js'
import { buildItem, buildOrgan } from '../../../../test/factories.js'
import { listPublishedItems, type PublicFilter } from './catalogue-public.repository.js'

describe.each(TEST_DIALECTS)('catalogue list paging (%s)', (dialect) => {
  let db: Db
  let organA: string
  // Every published item of the view, in the view's order, worked out here independently.
  const all: Array<{ id: string; docNo: number; date: string; organ: string; topic: string }> = []
  beforeAll(async () => {
    db = await createTestDb(dialect)
    organA = (await buildOrgan(db)).id
    const organB = (await buildOrgan(db)).id
    for (let i = 0; i < 47; i++) {
      // Several items a day, so doc_no has to break the ties; some drafts that must never show.
      const date = `2024-0${1 + (i % 3)}-1${i % 4}`
      const organ = i % 2 === 0 ? organA : organB
      const topic = i % 5 === 0 ? '综合政务\\政务公开' : '国土资源、能源\\其他'
      const status = i % 9 === 4 ? 'draft' : 'published'
      const row = await buildItem(db, {
        organ_id: organ,
        doc_no: 1000 + ((i * 37) % 101),
        status,
        published_date: status === 'published' ? date : null,
        published_year: status === 'published' ? 2024 : null,
        topic,
      })
      if (status === 'published') {
        all.push({ id: row.id, docNo: row.doc_no, date, organ, topic })
      }
    }
  })
  afterAll(async () => {
    await db.close()
  })

  const newestFirst = (a: (typeof all)[number], b: (typeof all)[number]) =>
    a.date === b.date ? b.docNo - a.docNo : a.date < b.date ? 1 : -1

  it.each<[string, PublicFilter, (r: (typeof all)[number]) => boolean]>([
    ['the whole catalogue', {}, () => true],
    ['one organ', { organIds: [''] }, (r) => r.organ === organA],
    ['a year', { year: 2024 }, () => true],
    ['a topic', { topic: '综合政务' }, (r) => r.topic.startsWith('综合政务')],
  ])('pages %s at every offset exactly like the whole ordered view, both ways', async (_, f, keep) => {
    const filter = f.organIds ? { ...f, organIds: [organA] } : f
    const expected = all.filter(keep).sort(newestFirst)
    expect(expected.length).toBeGreaterThan(4)
    for (const [sort, order] of [
      ['new', expected],
      ['old', [...expected].reverse()],
    ] as const) {
      for (let offset = 0; offset <= expected.length; offset += 3) {
        const rows = await listPublishedItems(db.kysely, filter, sort, 4, offset)
        expect(rows.map((r) => r.id)).toEqual(order.slice(offset, offset + 4).map((r) => r.id))
      }
    }
  })
})
