import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../app.js'
import { createDb, type Db } from '../../../db/database.js'
import type { Grant } from '../../../shared/actor.js'
import { systemClock } from '../../../shared/clock.js'
import type { AppDeps } from '../../../shared/deps.js'
import type { Role } from '../../users/user.table.js'
import { createTestDb, TEST_DIALECTS, pgSchemaUrl } from '../../../../test/db.js'
import { buildItem, buildOrgan, buildUser } from '../../../../test/factories.js'
import { testConfig } from '../../../../test/http.js'
import {
  CHECKLIST,
  createItem,
  EMPTY_ITEM_FORM,
  finalReview,
  firstReview,
  submitItem,
} from '../items/index.js'
import { createSearchIndex } from '../search/index.js'
import { packagedCalendarProvider } from '../../../shared/calendar/provider.js'
import { oneOffFieldCipher } from '../../privacy/index.js'

/**
 * Two app instances over one PostgreSQL schema, each with its own connection pool, page cache and
 * read cache — what two app processes behind a load balancer are. (In one test process so that
 * the test can reach into both; nothing is shared between them but the database.)
 */
describe.skipIf(!TEST_DIALECTS.includes('postgres'))(
  'public pages with two app processes on one PostgreSQL',
  () => {
    let dbA: Db
    let dbB: Db
    let depsA: AppDeps
    let appA: FastifyInstance
    let appB: FastifyInstance

    beforeAll(async () => {
      dbA = await createTestDb('postgres')
      const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(dbA.kysely)).rows[0]?.s
      const url = pgSchemaUrl(schema ?? '')
      dbB = createDb({ kind: 'postgres', url: url })
      depsA = {
        config: testConfig(),
        db: dbA,
        clock: systemClock,
        search: createSearchIndex('postgres'),
        calendar: packagedCalendarProvider(),
        personalData: oneOffFieldCipher(),
      }
      appA = await buildApp(depsA, { logger: false })
      appB = await buildApp(
        {
          config: testConfig(),
          db: dbB,
          clock: systemClock,
          search: createSearchIndex('postgres'),
          calendar: packagedCalendarProvider(),
          personalData: oneOffFieldCipher(),
        },
        { logger: false },
      )
    })
    afterAll(async () => {
      await appB.close()
      await dbB.close()
      await appA.close()
      await dbA.close()
    })

    async function actor(roles: Role[], organId: string) {
      const u = await buildUser(dbA, { roles: roles.map((role) => ({ role, organId })) })
      const grants: Grant[] = roles.map((role) => ({ role, organId, includeSubtree: false }))
      return { userId: u.id, username: u.username, grants }
    }
    const version = async (id: string) =>
      Number(
        (await dbA.kysely.selectFrom('item').select('version').where('id', '=', id).executeTakeFirstOrThrow())
          .version,
      )

    it('serves in B, within a second, an item published in A after B cached the page', async () => {
      const organ = await buildOrgan(dbA, { name: '双进程测试局' })
      const old = await buildItem(dbA, {
        organ_id: organ.id,
        index_no: `${organ.org_code}/2025-00001`,
        title: '早先公开的通知',
      })
      const listUrl = `/organs/${organ.code}/catalogue`
      const get = (app: FastifyInstance, url: string) => app.inject({ method: 'GET', url })

      // B makes the list and item pages and keeps them.
      expect((await get(appB, listUrl)).body).toContain('共 1 条')
      expect((await get(appB, `/items/${old.id}`)).body).toContain('早先公开的通知')
      // B answers from its page cache: a write that bypasses the change triggers stays unseen there.
      await dbA.kysely.connection().execute(async (conn) => {
        await sql`SET session_replication_role = replica`.execute(conn)
        await conn.updateTable('item').set({ title: '绕过触发器的标题' }).where('id', '=', old.id).execute()
        await sql`SET session_replication_role = origin`.execute(conn)
      })
      expect((await get(appB, `/items/${old.id}`)).body).toContain('早先公开的通知')
      await dbA.kysely.updateTable('item').set({ title: '早先公开的通知' }).where('id', '=', old.id).execute()

      // A publishes through the real workflow: draft → 初审 → 复核 → published.
      const handler = await actor(['handler'], organ.id)
      const officer = await actor(['officer'], organ.id)
      const leader = await actor(['leader'], organ.id)
      const { id } = await createItem(depsA, handler, organ.id, {
        ...EMPTY_ITEM_FORM,
        title: '两个进程之间新公开的通知',
        summary: '测试两个进程之间的页面缓存',
        bodyHtml: '<p>正文</p>',
        formedDate: '2026-10-09',
        topic: '文化、广电、新闻出版\\广播、电影、电视',
        genre: '通知',
        art20Item: '11',
      })
      await submitItem(depsA, handler, id, await version(id))
      await firstReview(depsA, officer, id, {
        decision: 'approve',
        checklist: Object.fromEntries(CHECKLIST.map((q) => [q.key, { answer: 'no' as const, note: '' }])),
        comment: '',
        expectedVersion: await version(id),
      })
      await finalReview(depsA, leader, id, {
        decision: 'approve',
        comment: '',
        expectedVersion: await version(id),
      })

      const deadline = Date.now() + 3000
      let list = ''
      for (;;) {
        list = (await get(appB, listUrl)).body
        if (list.includes('两个进程之间新公开的通知') || Date.now() > deadline) {
          break
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(list).toContain('两个进程之间新公开的通知')
      expect(list).toContain('共 2 条')
      expect((await get(appB, `/items/${id}`)).body).toContain('两个进程之间新公开的通知')
    })

    it('shows in B an organ renamed in A on the pages B had cached', async () => {
      const organ = await buildOrgan(dbA, { name: '改名前的局' })
      await buildItem(dbA, { organ_id: organ.id, index_no: `${organ.org_code}/2025-00001` })
      const url = `/organs/${organ.code}/catalogue`
      expect((await appB.inject({ method: 'GET', url })).body).toContain('改名前的局')
      await dbA.kysely.updateTable('organ').set({ name: '改名后的局' }).where('id', '=', organ.id).execute()
      expect((await appB.inject({ method: 'GET', url })).body).toContain('改名后的局')
    })
  },
)
