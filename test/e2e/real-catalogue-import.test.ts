import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../src/db/database.js'
import type { AppDeps } from '../../src/shared/deps.js'
import { importItems, openImportFile } from '../../src/modules/catalogue/import/index.js'
import { createSearchIndex } from '../../src/modules/catalogue/search/index.js'
import { packagedCalendarProvider } from '../../src/shared/calendar/provider.js'
import { fixedClock } from '../../src/shared/clock.js'
import { createTestDb, TEST_DIALECTS } from '../db.js'
import { buildOrgan } from '../factories.js'
import { testConfig } from '../http.js'
import { sharedDataPath } from '../shared-data.js'
import { oneOffFieldCipher } from '../../src/modules/privacy/index.js'

/** The real 32k-row catalogue in the shared data (absent on some machines; see test/shared-data.ts). */
const CATALOGUE = sharedDataPath('gov-policy-catalogue/catalogue_merged.csv')

describe.skipIf(!existsSync(CATALOGUE)).each(TEST_DIALECTS)(
  'the real catalogue_merged.csv (%s)',
  (dialect) => {
    let db: Db
    let deps: AppDeps

    beforeAll(async () => {
      db = await createTestDb(dialect)
      deps = {
        config: testConfig(),
        db,
        clock: fixedClock('2026-11-27T02:00:00Z'),
        search: createSearchIndex(dialect),
        calendar: packagedCalendarProvider(),
        personalData: oneOffFieldCipher(),
      }
    })
    afterAll(async () => {
      await db.close()
    })

    it(
      'imports 31,293 of 32,147 rows, reports the dirty ones, and normalises its 文号',
      { timeout: 300_000 },
      async () => {
        const organ = await buildOrgan(db, { name: '测试市人民政府' })
        const file = await openImportFile(CATALOGUE)
        expect(file.total).toBe(32_147)
        const s = await importItems(deps, { id: null, name: 'cli' }, organ.id, file.records, {
          sourceName: 'catalogue_merged.csv',
        })
        expect(s).toMatchObject({ read: 32_147, imported: 31_293, rejected: 854 })
        expect(s.rejectedByReason).toEqual({ duplicate_in_file: 802, published_date_missing: 52 })
        expect(s.warningsByReason).toEqual({
          doc_number_year_mismatch: 380,
          written_after_published: 56,
          doc_number_unparsed: 1,
        })
        expect(s.docNumbers.present).toBe(24_788)
        expect(s.docNumbers.normalised / s.docNumbers.present).toBeGreaterThan(0.9999)
        const count = await db.kysely
          .selectFrom('item')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('organ_id', '=', organ.id)
          .where('status', '=', 'published')
          .executeTakeFirst()
        expect(Number(count?.n)).toBe(31_293)
        const hits = await deps.search.search(db.kysely, {
          q: '广电',
          filters: { organIds: [organ.id] },
          limit: 20,
          offset: 0,
        })
        expect(hits.total).toBeGreaterThan(0)
      },
    )
  },
)
