import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, TEST_DIALECTS } from '../../../test/db.js'
import { buildOrgan, uniqueUscc } from '../../../test/factories.js'
import { testConfig } from '../../../test/http.js'
import type { Db } from '../../db/database.js'
import type { AppDeps } from '../../shared/deps.js'
import { systemClock } from '../../shared/clock.js'
import { DomainError } from '../../shared/errors.js'
import { verifyAuditChain } from '../audit/index.js'
import { createSearchIndex } from '../catalogue/search/index.js'
import { packagedCalendarProvider } from '../../shared/calendar/provider.js'
import { OPERATOR_ACTOR, type AdminActor } from '../access/index.js'
import { completeOrgCode } from './organ-code.js'
import { listOrganTree } from './organ-tree.service.js'
import { createOrgan, updateOrgan } from './organ.service.js'
import { oneOffFieldCipher } from '../privacy/index.js'

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p
  } catch (err) {
    if (err instanceof DomainError) {
      return err
    }
    throw err
  }
  throw new Error('expected a DomainError, but the call succeeded')
}

/** A USCC with a deliberately wrong check character, and the right one. */
function wrongUscc(): { code: string; expected: string } {
  const good = uniqueUscc()
  const expected = good.slice(17)
  const wrong = expected === '0' ? '1' : '0'
  return { code: good.slice(0, 17) + wrong, expected }
}

function staff(id: string, grants: AdminActor['grants']): AdminActor {
  return { id, name: `staff-${id.slice(0, 4)}`, grants }
}

describe.each(TEST_DIALECTS)('organ administration service (%s)', (dialect) => {
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

  async function auditOf(targetId: string) {
    return db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute()
  }

  it('adds an organ with its disclosure office details and records who did it', async () => {
    const parent = await buildOrgan(db, { kind: 'government' })
    const code = uniqueUscc()
    const organ = await createOrgan(deps, OPERATOR_ACTOR, {
      name: '张店区广播电视局',
      shortName: '区广电局',
      code: code.toLowerCase(),
      parentId: parent.id,
      officeName: '区广电局办公室',
      officeAddress: '张店区人民西路 1 号',
      officePostcode: '255000',
      officeHours: '工作日 8:30—12:00',
      officePhone: '0533-2181234',
      officeFax: '0533-2181235',
      officeEmail: 'gk@example.gov.cn',
      officeWeb: 'https://www.example.gov.cn/',
    })
    expect(organ).toMatchObject({
      name: '张店区广播电视局',
      shortName: '区广电局',
      kind: 'department',
      parentId: parent.id,
      code,
      codeType: 'uscc',
      orgCode: code.slice(8, 17),
      version: 1,
    })
    expect(organ.office).toMatchObject({ postcode: '255000', email: 'gk@example.gov.cn' })
    const audit = await auditOf(organ.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'organ.created', actor_name: 'cli', organ_id: organ.id })
    expect(JSON.parse(audit[0]!.summary)).toMatchObject({ after: { name: '张店区广播电视局', code } })
  })

  it('accepts a 9-character organization code with its hyphen', async () => {
    const body = String(10_000_000 + Math.floor(Math.random() * 89_999_999))
    const full = completeOrgCode(body)
    const organ = await createOrgan(deps, OPERATOR_ACTOR, {
      name: '九位代码测试局',
      code: `${full.slice(0, 8)}-${full.slice(8)}`,
    })
    expect(organ).toMatchObject({ code: full, codeType: 'org9', orgCode: full, kind: 'government' })
  })

  it('refuses a code with a wrong check character and names the character it should be', async () => {
    const { code, expected } = wrongUscc()
    const err = await rejection(createOrgan(deps, OPERATOR_ACTOR, { name: '校验位错误局', code }))
    expect(err.code).toBe('ORGAN_CODE_INVALID')
    expect(err.fields?.code?.[0]).toContain(`第 18 位应为“${expected}”`)
    expect(err.message).toContain(`第 18 位应为“${expected}”`)
    const org9 = completeOrgCode('12345678')
    const wrong9 = org9.slice(0, 8) + (org9[8] === '1' ? '2' : '1')
    const err9 = await rejection(createOrgan(deps, OPERATOR_ACTOR, { name: '校验位错误局', code: wrong9 }))
    expect(err9.fields?.code?.[0]).toContain(`第 9 位应为“${org9[8]}”`)
    const rows = await db.kysely.selectFrom('organ').select('id').where('name', '=', '校验位错误局').execute()
    expect(rows).toHaveLength(0)
  })

  it('refuses a code already used by another organ, naming that organ', async () => {
    const holder = await buildOrgan(db, { name: '已有代码局' })
    const err = await rejection(createOrgan(deps, OPERATOR_ACTOR, { name: '重复代码局', code: holder.code }))
    expect(err.code).toBe('ORGAN_CODE_TAKEN')
    expect(err.fields?.code).toEqual(['该机构代码已被“已有代码局”使用'])
  })

  it('reports every wrong field at once, in Chinese', async () => {
    const { code, expected } = wrongUscc()
    const err = await rejection(
      createOrgan(deps, OPERATOR_ACTOR, {
        name: '',
        code,
        kind: 'ministry',
        officePostcode: '25500',
        officePhone: 'call us',
        officeEmail: 'not-an-email',
        officeWeb: 'javascript:alert(1)',
        sortOrder: 'x',
      }),
    )
    expect(err.code).toBe('REQUEST_INVALID')
    expect(err.fields).toMatchObject({
      name: ['机关名称至少 2 个字'],
      kind: ['请选择机关类型'],
      officePostcode: ['邮政编码应为 6 位数字'],
      officeEmail: ['电子邮箱格式不正确'],
      officeWeb: ['网址应以 http:// 或 https:// 开头'],
      sortOrder: ['排序号须为 0 至 99999 的整数'],
    })
    expect(err.fields?.officePhone?.[0]).toContain('咨询电话应为号码')
    expect(err.fields?.code?.[0]).toContain(`应为“${expected}”`)
  })

  it('refuses a parent that does not exist', async () => {
    const err = await rejection(
      createOrgan(deps, OPERATOR_ACTOR, { name: '无上级局', code: uniqueUscc(), parentId: 'no-such-organ' }),
    )
    expect(err.code).toBe('ORGAN_PARENT_INVALID')
    expect(err.fields?.parentId).toEqual(['所选上级机关不存在'])
  })

  it('updates an organ under optimistic locking and audits only what changed', async () => {
    const organ = await createOrgan(deps, OPERATOR_ACTOR, { name: '待修改局', code: uniqueUscc() })
    const input = { name: '已修改局', code: organ.code, kind: organ.kind, officePhone: '0533-1234567' }
    const updated = await updateOrgan(deps, OPERATOR_ACTOR, organ.id, 1, input)
    expect(updated).toMatchObject({ name: '已修改局', version: 2, office: { phone: '0533-1234567' } })
    const stale = await rejection(
      updateOrgan(deps, OPERATOR_ACTOR, organ.id, 1, { ...input, name: '覆盖局' }),
    )
    expect(stale.code).toBe('CONFLICT')
    const audit = await auditOf(organ.id)
    expect(audit.map((a) => a.action)).toEqual(['organ.created', 'organ.updated'])
    expect(JSON.parse(audit[1]!.summary)).toEqual({
      name: '已修改局',
      changed: {
        name: { before: '待修改局', after: '已修改局' },
        officePhone: { before: null, after: '0533-1234567' },
      },
    })
  })

  it('refuses to move an organ under itself or one of its descendants', async () => {
    const top = await buildOrgan(db, { kind: 'government' })
    const child = await buildOrgan(db, { parentId: top.id })
    const input = { name: top.name, code: top.code, kind: top.kind }
    const self = await rejection(updateOrgan(deps, OPERATOR_ACTOR, top.id, 1, { ...input, parentId: top.id }))
    const below = await rejection(
      updateOrgan(deps, OPERATOR_ACTOR, top.id, 1, { ...input, parentId: child.id }),
    )
    expect(self.fields?.parentId).toEqual(['上级机关不能是本机关或其下级机关'])
    expect(below.code).toBe('ORGAN_PARENT_INVALID')
  })

  it('lets a department administrator work only inside the subtree granted to them', async () => {
    const gov = await buildOrgan(db, { kind: 'government' })
    const dept = await buildOrgan(db, { parentId: gov.id })
    const sibling = await buildOrgan(db, { parentId: gov.id })
    const subtreeAdmin = staff('a1000000-0000-4000-8000-000000000000', [
      { role: 'admin', organId: dept.id, includeSubtree: true },
    ])
    const plainAdmin = staff('a2000000-0000-4000-8000-000000000000', [
      { role: 'admin', organId: sibling.id, includeSubtree: false },
    ])
    const officer = staff('a3000000-0000-4000-8000-000000000000', [
      { role: 'officer', organId: gov.id, includeSubtree: true },
    ])
    const inst = await createOrgan(deps, subtreeAdmin, {
      name: '所属事业单位甲',
      code: uniqueUscc(),
      parentId: dept.id,
      kind: 'institution',
    })
    expect(inst.parentId).toBe(dept.id)
    for (const [actor, parentId] of [
      [subtreeAdmin, sibling.id],
      [subtreeAdmin, null],
      [plainAdmin, sibling.id],
      [officer, gov.id],
    ] as const) {
      const err = await rejection(
        createOrgan(deps, actor, { name: '越权新增局', code: uniqueUscc(), parentId }),
      )
      expect(err.code).toBe('FORBIDDEN')
    }
    const edited = await updateOrgan(deps, plainAdmin, sibling.id, 1, {
      name: '兄弟局（改）',
      code: sibling.code,
      parentId: gov.id,
    })
    expect(edited.name).toBe('兄弟局（改）')
    const escape = await rejection(
      updateOrgan(deps, subtreeAdmin, inst.id, 1, { name: inst.name, code: inst.code, parentId: sibling.id }),
    )
    expect(escape.code).toBe('FORBIDDEN')
    const foreign = await rejection(
      updateOrgan(deps, subtreeAdmin, gov.id, 1, { name: '改上级', code: gov.code }),
    )
    expect(foreign.code).toBe('FORBIDDEN')
  })

  it('lists the tree in order with depths, and the audit chain stays intact', async () => {
    const gov = await createOrgan(deps, OPERATOR_ACTOR, {
      name: '树根政府',
      code: uniqueUscc(),
      sortOrder: 1,
    })
    const b = await createOrgan(deps, OPERATOR_ACTOR, {
      name: '乙局',
      code: uniqueUscc(),
      parentId: gov.id,
      sortOrder: '2',
    })
    const a = await createOrgan(deps, OPERATOR_ACTOR, {
      name: '甲局',
      code: uniqueUscc(),
      parentId: gov.id,
      sortOrder: 1,
    })
    const inst = await createOrgan(deps, OPERATOR_ACTOR, {
      name: '甲局所属中心',
      code: uniqueUscc(),
      parentId: a.id,
      kind: 'institution',
    })
    const tree = await listOrganTree(db.kysely)
    const mine = tree.filter((t) => [gov.id, a.id, b.id, inst.id].includes(t.organ.id))
    expect(mine.map((t) => [t.organ.name, t.depth])).toEqual([
      ['树根政府', 0],
      ['甲局', 1],
      ['甲局所属中心', 2],
      ['乙局', 1],
    ])
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
  })
})
