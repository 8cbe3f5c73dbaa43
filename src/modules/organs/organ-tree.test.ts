import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/database.js'
import { systemClock } from '../../shared/clock.js'
import { OPERATOR_ACTOR, type Grant } from '../../shared/actor.js'
import type { AppDeps } from '../../shared/deps.js'
import { createTestDb, TEST_DIALECTS } from '../../../test/db.js'
import { buildOrgan, uniqueUscc } from '../../../test/factories.js'
import { testConfig } from '../../../test/http.js'
import { createSearchIndex } from '../catalogue/search/index.js'
import { packagedCalendarProvider } from '../../shared/calendar/provider.js'
import { adminScope, canGrantOn, canManageOrgan, canPlaceOrganUnder } from '../access/index.js'
import { resolveOrganText, searchOrgans } from './organ-lookup.service.js'
import { createOrgan, updateOrgan } from './organ.service.js'
import {
  adminScopeFor,
  listOrgans,
  organAncestorIds,
  organLineage,
  organsCoveredByGrants,
} from './organ-tree.service.js'
import type { OrganRow } from './organ.table.js'
import { oneOffFieldCipher } from '../privacy/index.js'

/** Every organ's path is its parent's path plus its own id (the invariant the service keeps). */
async function expectPathsConsistent(db: Db): Promise<void> {
  const rows = await db.kysely.selectFrom('organ').select(['id', 'parent_id', 'path']).execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  for (const r of rows) {
    const parentPath = r.parent_id ? byId.get(r.parent_id)?.path : '/'
    expect(r.path, `path of ${r.id}`).toBe(`${parentPath}${r.id}/`)
  }
}

function form(name: string, parentId: string | null, code = uniqueUscc()) {
  return { name, code, parentId: parentId ?? '', kind: parentId ? 'department' : 'government' }
}

describe.each(TEST_DIALECTS)('organ paths and targeted tree reads (%s)', (dialect) => {
  let db: Db
  let deps: AppDeps
  beforeAll(async () => {
    db = await createTestDb(dialect)
    deps = {
      config: testConfig(),
      db,
      clock: systemClock,
      search: createSearchIndex(db.dialect),
      calendar: packagedCalendarProvider(),
      personalData: oneOffFieldCipher(),
    }
  })
  afterAll(async () => {
    await db.close()
  })

  it('gives an added organ the path of its parent plus its own id', async () => {
    const city = await createOrgan(deps, OPERATOR_ACTOR, form('路径测试市人民政府', null))
    const district = await createOrgan(deps, OPERATOR_ACTOR, form('路径测试区人民政府', city.id))
    const bureau = await createOrgan(deps, OPERATOR_ACTOR, form('路径测试区教育局', district.id))
    const row = await db.kysely
      .selectFrom('organ')
      .select('path')
      .where('id', '=', bureau.id)
      .executeTakeFirstOrThrow()
    expect(row.path).toBe(`/${city.id}/${district.id}/${bureau.id}/`)
    expect(await organAncestorIds(db.kysely, bureau.id)).toEqual([district.id, city.id])
    expect((await organLineage(db.kysely, bureau.id)).map((o) => o.name)).toEqual([
      '路径测试市人民政府',
      '路径测试区人民政府',
      '路径测试区教育局',
    ])
    await expectPathsConsistent(db)
  })

  it('moves an organ with its whole subtree, and the old branch no longer covers it', async () => {
    const a = await createOrgan(deps, OPERATOR_ACTOR, form('迁移甲区人民政府', null))
    const b = await createOrgan(deps, OPERATOR_ACTOR, form('迁移乙区人民政府', null))
    const dept = await createOrgan(deps, OPERATOR_ACTOR, form('迁移甲区文旅局', a.id))
    const inst = await createOrgan(deps, OPERATOR_ACTOR, form('迁移甲区图书馆', dept.id))
    const leaf = await createOrgan(deps, OPERATOR_ACTOR, form('迁移甲区图书馆分馆', inst.id))
    await updateOrgan(deps, OPERATOR_ACTOR, dept.id, 1, { ...form('迁移甲区文旅局', b.id, dept.code) })
    expect(await organAncestorIds(db.kysely, leaf.id)).toEqual([inst.id, dept.id, b.id])
    const grantOn = (organId: string): Grant[] => [{ role: 'officer', organId, includeSubtree: true }]
    const underA = await organsCoveredByGrants(db.kysely, grantOn(a.id))
    const underB = await organsCoveredByGrants(db.kysely, grantOn(b.id))
    expect([...underA.ids]).toEqual([a.id])
    expect([...underB.ids].sort()).toEqual([b.id, dept.id, inst.id, leaf.id].sort())
    await expectPathsConsistent(db)
  })

  it('refuses to move an organ under its own descendant and leaves every path as it was', async () => {
    const top = await createOrgan(deps, OPERATOR_ACTOR, form('环路测试区人民政府', null))
    const child = await createOrgan(deps, OPERATOR_ACTOR, form('环路测试区民政局', top.id))
    const grandchild = await createOrgan(deps, OPERATOR_ACTOR, form('环路测试区福利院', child.id))
    await expect(
      updateOrgan(deps, OPERATOR_ACTOR, top.id, 1, form('环路测试区人民政府', grandchild.id, top.code)),
    ).rejects.toMatchObject({ code: 'ORGAN_PARENT_INVALID' })
    expect(await organAncestorIds(db.kysely, grandchild.id)).toEqual([child.id, top.id])
    await expectPathsConsistent(db)
  })

  it('answers the administration rules from the organs asked about exactly as over the whole forest', async () => {
    const root = await buildOrgan(db, { kind: 'government', name: '范围测试市' })
    const mid = await buildOrgan(db, { parentId: root.id, name: '范围测试区' })
    const low = await buildOrgan(db, { parentId: mid.id, name: '范围测试局' })
    const side = await buildOrgan(db, { parentId: root.id, name: '范围测试旁区' })
    const all = (await listOrgans(db.kysely)).map((o) => ({ id: o.id, parentId: o.parentId }))
    const actors: Array<readonly Grant[] | 'all'> = [
      'all',
      [{ role: 'admin', organId: mid.id, includeSubtree: true }],
      [{ role: 'admin', organId: mid.id, includeSubtree: false }],
      [{ role: 'admin', organId: root.id, includeSubtree: true }],
      [{ role: 'officer', organId: root.id, includeSubtree: true }],
    ]
    for (const grants of actors) {
      const whole = adminScope(grants, all)
      for (const o of [root, mid, low, side] as OrganRow[]) {
        const part = await adminScopeFor(db.kysely, { id: 'x', name: 'x', grants }, [o.id])
        const label = `${JSON.stringify(grants)} on ${o.name}`
        expect(canManageOrgan(part, o.id), label).toBe(canManageOrgan(whole, o.id))
        expect(canPlaceOrganUnder(part, o.id), label).toBe(canPlaceOrganUnder(whole, o.id))
        expect(canGrantOn(part, o.id, true), label).toBe(canGrantOn(whole, o.id, true))
        expect(canPlaceOrganUnder(part, null), label).toBe(canPlaceOrganUnder(whole, null))
      }
    }
  })
})

describe.each(TEST_DIALECTS)('organ lookup (%s)', (dialect) => {
  let db: Db
  let city: OrganRow
  let zhangdian: OrganRow
  let linzi: OrganRow
  beforeAll(async () => {
    db = await createTestDb(dialect)
    city = await buildOrgan(db, { kind: 'government', name: '查找市人民政府' })
    zhangdian = await buildOrgan(db, {
      parentId: city.id,
      name: '查找市张店区教育局',
      short_name: '区教育局',
    })
    linzi = await buildOrgan(db, { parentId: city.id, name: '查找市临淄区教育局', short_name: '区教育局' })
    await buildOrgan(db, { parentId: city.id, name: '查找市临淄区100%_局' })
  })
  afterAll(async () => {
    await db.close()
  })

  it('finds an organ by its code, with or without the suggestion label around it', async () => {
    expect(await resolveOrganText(db.kysely, zhangdian.code.toLowerCase())).toMatchObject({
      kind: 'found',
      organ: { id: zhangdian.id },
    })
    expect(await resolveOrganText(db.kysely, `查找市临淄区教育局（${linzi.code}）`)).toMatchObject({
      kind: 'found',
      organ: { id: linzi.id },
    })
    expect(await resolveOrganText(db.kysely, zhangdian.id)).toMatchObject({ kind: 'found' })
  })

  it('finds an organ by its unique full name', async () => {
    expect(await resolveOrganText(db.kysely, ' 查找市张店区教育局 ')).toMatchObject({
      kind: 'found',
      organ: { id: zhangdian.id },
    })
  })

  it('offers every matching organ when a name or short name is ambiguous', async () => {
    const byShort = await resolveOrganText(db.kysely, '区教育局')
    expect(byShort.kind).toBe('ambiguous')
    const ids = byShort.kind === 'ambiguous' ? byShort.choices.map((o) => o.id).sort() : []
    expect(ids).toEqual([zhangdian.id, linzi.id].sort())
    const partial = await resolveOrganText(db.kysely, '临淄')
    expect(partial.kind).toBe('ambiguous')
  })

  it('says unknown when nothing matches, and treats LIKE wildcards as text', async () => {
    expect(await resolveOrganText(db.kysely, '不存在的机关')).toEqual({ kind: 'unknown' })
    expect((await searchOrgans(db.kysely, '%')).length).toBe(1)
    expect((await searchOrgans(db.kysely, '_局')).map((o) => o.name)).toEqual(['查找市临淄区100%_局'])
    expect(await resolveOrganText(db.kysely, '   ')).toEqual({ kind: 'empty' })
  })

  it('keeps a lookup inside the reach it is given', async () => {
    const reach = { paths: [], ids: [zhangdian.id] }
    expect(await resolveOrganText(db.kysely, linzi.code, reach)).toMatchObject({ kind: 'outside' })
    expect(await resolveOrganText(db.kysely, '区教育局', reach)).toMatchObject({
      kind: 'found',
      organ: { id: zhangdian.id },
    })
    const cityReach = { paths: [`/${city.id}/`], ids: [] }
    expect((await searchOrgans(db.kysely, '教育局', { reach: cityReach })).length).toBe(2)
  })
})
