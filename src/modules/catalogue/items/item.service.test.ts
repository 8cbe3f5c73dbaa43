import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../db/database.js'
import type { AppDeps } from '../../../shared/deps.js'
import type { Grant } from '../../../shared/actor.js'
import type { Clock } from '../../../shared/clock.js'
import { DomainError } from '../../../shared/errors.js'
import { verifyAuditChain } from '../../audit/index.js'
import type { Role } from '../../users/user.table.js'
import { createTestDb, TEST_DIALECTS } from '../../../../test/db.js'
import { buildOrgan, buildUser } from '../../../../test/factories.js'
import { testConfig } from '../../../../test/http.js'
import { EMPTY_ITEM_FORM, CHECKLIST, type Checklist, type ItemFormValues } from './item.js'
import {
  createItem,
  finalReview,
  firstReview,
  getItemDetail,
  listItemsForConsole,
  setItemValidity,
  startRevision,
  submitItem,
  updateDraft,
  withdrawItem,
  type ItemActor,
} from './item.service.js'
import { findItemById, listRevisionsOfItem } from './item.repository.js'
import { createSearchIndex } from '../search/index.js'
import { addAttachment } from '../attachments/index.js'
import { PDF } from '../../../../test/fixtures/files.js'
import { packagedCalendarProvider } from '../../../shared/calendar/provider.js'
import { oneOffFieldCipher } from '../../privacy/index.js'

/** Every checklist question answered 否. */
export const CLEAR_CHECKLIST: Checklist = Object.fromEntries(
  CHECKLIST.map((q) => [q.key, { answer: 'no' as const, note: '' }]),
)

/** A clock that moves one second forward at every reading (orders events within a test). */
function tickingClock(start: string): Clock {
  let t = new Date(start).getTime()
  return {
    now: () => {
      t += 1000
      return new Date(t)
    },
  }
}

function form(over: Partial<ItemFormValues> = {}): ItemFormValues {
  return {
    ...EMPTY_ITEM_FORM,
    title: '关于开展2026年广电惠民服务活动的通知',
    summary: '部署全区广播电视惠民服务工作',
    bodyHtml: '<p>各镇（街道）：为做好广电惠民服务……</p><script>alert(1)</script>',
    docNumber: '张广电发[2026] 12号',
    formedDate: '2026-10-09',
    topic: '文化、广电、新闻出版\\广播、电影、电视',
    genre: '通知',
    art20Item: '11',
    keyAreas: ['公共文化服务'],
    ...over,
  }
}

describe.each(TEST_DIALECTS)('proactive disclosure workflow (%s)', (dialect) => {
  let db: Db
  let deps: AppDeps
  let organId: string
  let handler: ItemActor
  let officer: ItemActor
  let leader: ItemActor
  let supervisor: ItemActor

  async function staff(roles: Role[], organ = organId): Promise<ItemActor> {
    const u = await buildUser(db, { roles: roles.map((role) => ({ role, organId: organ })) })
    const grants: Grant[] = roles.map((role) => ({ role, organId: organ, includeSubtree: false }))
    return { userId: u.id, username: u.username, grants }
  }

  async function version(id: string): Promise<number> {
    return Number((await findItemById(db.kysely, id))!.version)
  }

  /** Drafts, reviews and publishes an item; returns its id. */
  async function publishOne(over: Partial<ItemFormValues> = {}): Promise<string> {
    const { id } = await createItem(deps, handler, organId, form(over))
    await submitItem(deps, handler, id, await version(id))
    await firstReview(deps, officer, id, {
      decision: 'approve',
      checklist: CLEAR_CHECKLIST,
      comment: '',
      expectedVersion: await version(id),
    })
    await finalReview(deps, leader, id, {
      decision: 'approve',
      comment: '',
      expectedVersion: await version(id),
    })
    return id
  }

  beforeAll(async () => {
    db = await createTestDb(dialect)
    deps = {
      config: testConfig(),
      db,
      clock: tickingClock('2026-10-20T02:00:00Z'),
      search: createSearchIndex(db.dialect),
      calendar: packagedCalendarProvider(),
      personalData: oneOffFieldCipher(),
    }
    const organ = await buildOrgan(db, { name: '张店区广播电视局' })
    organId = organ.id
    handler = await staff(['handler'])
    officer = await staff(['officer'])
    leader = await staff(['leader'])
    supervisor = await staff(['supervisor'])
  })
  afterAll(async () => {
    await db.close()
  })

  it('takes a draft from 承办人 through 信息员 and 分管领导 to publication with a 索引号', async () => {
    const { id } = await createItem(deps, handler, organId, form())
    const draft = await findItemById(db.kysely, id)
    expect(draft).toMatchObject({ status: 'draft', drafted_by: handler.userId, index_no: null })
    expect(draft!.body_html).not.toContain('<script')
    expect(draft!.doc_number).toBe('张广电发〔2026〕12号')
    expect(draft!.doc_number_raw).toBe('张广电发[2026] 12号')

    await submitItem(deps, handler, id, await version(id))
    expect((await findItemById(db.kysely, id))!.status).toBe('first_review')
    await firstReview(deps, officer, id, {
      decision: 'approve',
      checklist: CLEAR_CHECKLIST,
      comment: '',
      expectedVersion: await version(id),
    })
    expect((await findItemById(db.kysely, id))!.status).toBe('final_review')
    await finalReview(deps, leader, id, {
      decision: 'approve',
      comment: '同意',
      expectedVersion: await version(id),
    })

    const row = (await findItemById(db.kysely, id))!
    const organ = (await db.kysely
      .selectFrom('organ')
      .selectAll()
      .where('id', '=', organId)
      .executeTakeFirst())!
    expect(row).toMatchObject({
      status: 'published',
      published_date: '2026-10-20',
      first_reviewer_id: officer.userId,
      final_approver_id: leader.userId,
    })
    expect(Number(row.revision)).toBe(1)
    expect(row.index_no).toMatch(new RegExp(`^${organ.org_code}/2026-\\d{5}$`))
    const revisions = await listRevisionsOfItem(db.kysely, id)
    expect(revisions.map((r) => Number(r.revision))).toEqual([1])
    expect(JSON.parse(revisions[0]!.snapshot)).toMatchObject({ title: row.title, indexNo: row.index_no })

    const detail = await getItemDetail(deps, officer, id)
    expect(detail.reviews.map((r) => [r.stage, r.decision])).toEqual([
      ['first', 'approved'],
      ['final', 'approved'],
    ])
    expect(detail.reviews[0]!.checklist).toEqual(CLEAR_CHECKLIST)

    const actions = await db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', id)
      .orderBy('seq')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      'item.create',
      'item.submit',
      'item.approve_first',
      'item.publish',
    ])
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
  })

  it('keeps the paragraphs of a plain-text body typed into the form', async () => {
    const { id } = await createItem(
      deps,
      handler,
      organId,
      form({ bodyHtml: '各镇（街道）：\n\n为做好广电惠民服务，现通知如下。\n一、时间安排' }),
    )
    const detail = await getItemDetail(deps, handler, id)
    expect(detail.item.bodyHtml).toBe(
      '<p>各镇（街道）：</p>\n<p>为做好广电惠民服务，现通知如下。<br>一、时间安排</p>',
    )
  })

  it('indexes a published item so a 2-character query finds it', async () => {
    const id = await publishOne({ title: '张店区有线电视数字化整转工作方案' })
    const row = (await findItemById(db.kysely, id))!
    const hits = await deps.search.search(db.kysely, {
      q: '整转',
      filters: { organIds: [organId] },
      limit: 20,
      offset: 0,
    })
    expect(hits.docNos).toContain(Number(row.doc_no))
  })

  it('numbers publications of one organ consecutively within the year', async () => {
    const a = (await findItemById(db.kysely, await publishOne({ title: '甲' })))!
    const b = (await findItemById(db.kysely, await publishOne({ title: '乙' })))!
    expect(Number(b.index_serial)).toBe(Number(a.index_serial) + 1)
    expect(b.index_no!.slice(0, 15)).toBe(a.index_no!.slice(0, 15))
  })

  it('uses the USCC/YYYYMM format when the installation is set to it', async () => {
    const d2 = { ...deps, config: testConfig({ indexNumberFormat: 'uscc18-yearmonth' }) }
    const { id } = await createItem(d2, handler, organId, form())
    await submitItem(d2, handler, id, await version(id))
    await firstReview(d2, officer, id, {
      decision: 'approve',
      checklist: CLEAR_CHECKLIST,
      comment: '',
      expectedVersion: await version(id),
    })
    await finalReview(d2, leader, id, {
      decision: 'approve',
      comment: '',
      expectedVersion: await version(id),
    })
    expect((await findItemById(db.kysely, id))!.index_no).toMatch(/^[0-9A-Z]{18}\/202610-\d{5}$/)
  })

  it('refuses a 信息员 reviewing an item they drafted, and a first reviewer approving it finally', async () => {
    const { id } = await createItem(deps, officer, organId, form())
    await submitItem(deps, officer, id, await version(id))
    await expect(
      firstReview(deps, officer, id, {
        decision: 'approve',
        checklist: CLEAR_CHECKLIST,
        comment: '',
        expectedVersion: await version(id),
      }),
    ).rejects.toMatchObject({ code: 'SEPARATION_OF_DUTIES' })

    const both = await staff(['officer', 'leader'])
    await firstReview(deps, both, id, {
      decision: 'approve',
      checklist: CLEAR_CHECKLIST,
      comment: '',
      expectedVersion: await version(id),
    })
    await expect(
      finalReview(deps, both, id, { decision: 'approve', comment: '', expectedVersion: await version(id) }),
    ).rejects.toMatchObject({ code: 'SEPARATION_OF_DUTIES' })
    expect((await findItemById(db.kysely, id))!.status).toBe('final_review')
  })

  it('refuses a 信息员 who rewrote another’s draft reviewing it, at either stage', async () => {
    const officer2 = await staff(['officer', 'leader'])
    const { id } = await createItem(deps, officer, organId, form())
    await updateDraft(deps, officer2, id, await version(id), form({ bodyHtml: '信息员二改写的正文' }))
    expect((await findItemById(db.kysely, id))!.editors).toBe(
      JSON.stringify([officer.userId, officer2.userId]),
    )
    await submitItem(deps, officer, id, await version(id))
    await expect(
      firstReview(deps, officer2, id, {
        decision: 'approve',
        checklist: CLEAR_CHECKLIST,
        comment: '',
        expectedVersion: await version(id),
      }),
    ).rejects.toMatchObject({ code: 'SEPARATION_OF_DUTIES' })
    const officer3 = await staff(['officer'])
    await firstReview(deps, officer3, id, {
      decision: 'approve',
      checklist: CLEAR_CHECKLIST,
      comment: '',
      expectedVersion: await version(id),
    })
    await expect(
      finalReview(deps, officer2, id, {
        decision: 'approve',
        comment: '',
        expectedVersion: await version(id),
      }),
    ).rejects.toMatchObject({ code: 'SEPARATION_OF_DUTIES' })
    expect((await findItemById(db.kysely, id))!.status).toBe('final_review')
  })

  it('counts a staff member who attached a file to a draft among its editors, but not one who saved no change', async () => {
    const officer2 = await staff(['officer'])
    const officer3 = await staff(['officer'])
    const { id } = await createItem(deps, handler, organId, form())
    await updateDraft(deps, officer3, id, await version(id), form())
    await addAttachment(deps, officer2, id, { filename: '附件.pdf', bytes: PDF })
    expect((await findItemById(db.kysely, id))!.editors).toBe(
      JSON.stringify([handler.userId, officer2.userId]),
    )
    await submitItem(deps, handler, id, await version(id))
    const review = {
      decision: 'approve' as const,
      checklist: CLEAR_CHECKLIST,
      comment: '',
      expectedVersion: await version(id),
    }
    await expect(firstReview(deps, officer2, id, review)).rejects.toMatchObject({
      code: 'SEPARATION_OF_DUTIES',
    })
    await firstReview(deps, officer3, id, review)
  })

  it('refuses a drafter who is also 分管领导 approving their own item', async () => {
    const drafterLeader = await staff(['handler', 'leader'])
    const { id } = await createItem(deps, drafterLeader, organId, form())
    await submitItem(deps, drafterLeader, id, await version(id))
    await firstReview(deps, officer, id, {
      decision: 'approve',
      checklist: CLEAR_CHECKLIST,
      comment: '',
      expectedVersion: await version(id),
    })
    await expect(
      finalReview(deps, drafterLeader, id, {
        decision: 'approve',
        comment: '',
        expectedVersion: await version(id),
      }),
    ).rejects.toMatchObject({ code: 'SEPARATION_OF_DUTIES' })
  })

  it('requires every checklist question answered, and blocks approval on any 是', async () => {
    const { id } = await createItem(deps, handler, organId, form())
    await submitItem(deps, handler, id, await version(id))
    const partial = { state_secret: { answer: 'no' as const, note: '' } }
    const err = await firstReview(deps, officer, id, {
      decision: 'approve',
      checklist: partial,
      comment: '',
      expectedVersion: await version(id),
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DomainError)
    expect((err as DomainError).code).toBe('ITEM_CHECKLIST_INCOMPLETE')
    expect(Object.keys((err as DomainError).fields!)).toEqual(
      CHECKLIST.filter((q) => q.key !== 'state_secret').map((q) => `check_${q.key}`),
    )

    const withYes = { ...CLEAR_CHECKLIST, third_party: { answer: 'yes' as const, note: '含申请人身份证号' } }
    await expect(
      firstReview(deps, officer, id, {
        decision: 'approve',
        checklist: withYes,
        comment: '',
        expectedVersion: await version(id),
      }),
    ).rejects.toMatchObject({ code: 'ITEM_CHECKLIST_BLOCKS_PUBLICATION' })
    expect((await findItemById(db.kysely, id))!.status).toBe('first_review')

    await expect(
      firstReview(deps, officer, id, {
        decision: 'return',
        comment: '  ',
        expectedVersion: await version(id),
      }),
    ).rejects.toMatchObject({ code: 'REQUEST_INVALID' })
    await firstReview(deps, officer, id, {
      decision: 'return',
      checklist: withYes,
      comment: '请删去个人身份信息后再报',
      expectedVersion: await version(id),
    })
    const detail = await getItemDetail(deps, handler, id)
    expect(detail.item).toMatchObject({ status: 'draft', returnReason: '请删去个人身份信息后再报' })
    expect(detail.actions).toContain('edit')
  })

  it('refuses a stale save of a draft and keeps the first save', async () => {
    const { id } = await createItem(deps, handler, organId, form({ title: '原标题' }))
    const loadedByBoth = await version(id)
    await updateDraft(deps, handler, id, loadedByBoth, form({ title: '承办人修改的标题' }))
    const err = await updateDraft(deps, officer, id, loadedByBoth, form({ title: '信息员修改的标题' })).catch(
      (e: unknown) => e,
    )
    expect((err as DomainError).code).toBe('ITEM_CHANGED_CONCURRENTLY')
    expect((err as DomainError).userMessage).toContain('已被他人修改')
    const row = (await findItemById(db.kysely, id))!
    expect(row.title).toBe('承办人修改的标题')
    expect(Number(row.version)).toBe(loadedByBoth + 1)
  })

  it('rejects an invalid form with a message for every wrong field', async () => {
    const err = await createItem(
      deps,
      handler,
      organId,
      form({ title: ' ', topic: '不存在', formedDate: '2026-02-30', disclosureMode: 'withheld' }),
    ).catch((e: unknown) => e)
    expect(Object.keys((err as DomainError).fields!).sort()).toEqual(
      ['formedDate', 'title', 'topic', 'withheldReason'].sort(),
    )
  })

  it('keeps 依申请公开 and 不予公开 items on record, outside review and the Art. 26 clock', async () => {
    const { id } = await createItem(
      deps,
      handler,
      organId,
      form({ disclosureMode: 'withheld', withheldReason: '涉及第三方商业秘密（条例第十五条）' }),
    )
    await expect(submitItem(deps, handler, id, await version(id))).rejects.toMatchObject({
      code: 'ITEM_NOT_PROACTIVE',
    })
    const detail = await getItemDetail(deps, handler, id)
    expect(detail.clock).toBeNull()
    expect(detail.actions).not.toContain('submit')
    expect(detail.item.withheldReason).toBe('涉及第三方商业秘密（条例第十五条）')
  })

  it('revises a published item under the same 索引号, keeping its history', async () => {
    const id = await publishOne({ title: '张店区广播电视局机构职能' })
    const before = (await findItemById(db.kysely, id))!
    const { id: copyId } = await startRevision(deps, handler, id)
    await expect(startRevision(deps, officer, id)).rejects.toMatchObject({ code: 'ITEM_REVISION_OPEN' })
    // The published version stays public while the revision is reviewed.
    expect((await findItemById(db.kysely, id))!.status).toBe('published')

    await updateDraft(
      deps,
      handler,
      copyId,
      await version(copyId),
      form({ title: '张店区广播电视局机构职能（2026年修订）' }),
    )
    await submitItem(deps, handler, copyId, await version(copyId))
    await firstReview(deps, officer, copyId, {
      decision: 'approve',
      checklist: CLEAR_CHECKLIST,
      comment: '',
      expectedVersion: await version(copyId),
    })
    const result = await finalReview(deps, leader, copyId, {
      decision: 'approve',
      comment: '',
      expectedVersion: await version(copyId),
    })
    expect(result.id).toBe(id)
    expect(await findItemById(db.kysely, copyId)).toBeUndefined()
    const after = (await findItemById(db.kysely, id))!
    expect(after).toMatchObject({
      index_no: before.index_no,
      published_date: before.published_date,
      revised_date: '2026-10-20',
      title: '张店区广播电视局机构职能（2026年修订）',
      status: 'published',
    })
    expect(Number(after.revision)).toBe(2)
    const detail = await getItemDetail(deps, supervisor, id)
    expect(detail.revisions.map((r) => [r.revision, r.snapshot.title])).toEqual([
      [2, '张店区广播电视局机构职能（2026年修订）'],
      [1, '张店区广播电视局机构职能'],
    ])
    expect(detail.reviews.filter((r) => r.stage === 'final')).toHaveLength(2)
    const hits = await deps.search.search(db.kysely, { q: '修订', filters: {}, limit: 50, offset: 0 })
    expect(hits.docNos).toContain(Number(after.doc_no))
  })

  it('withdraws a published item: out of search and public lists, reason kept', async () => {
    const id = await publishOne({ title: '关于调整有线电视收视维护费的公示' })
    const row = (await findItemById(db.kysely, id))!
    const query = { q: '收视', filters: {}, limit: 50, offset: 0 }
    expect((await deps.search.search(db.kysely, query)).docNos).toContain(Number(row.doc_no))
    await expect(withdrawItem(deps, supervisor, id, await version(id), '错误')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await withdrawItem(deps, leader, id, await version(id), '公示内容有误，重新发布')
    expect(await findItemById(db.kysely, id)).toMatchObject({
      status: 'withdrawn',
      withdraw_reason: '公示内容有误，重新发布',
      index_no: row.index_no,
    })
    expect((await deps.search.search(db.kysely, query)).docNos).not.toContain(Number(row.doc_no))
  })

  it('marks a published item 已修订 with a link to its replacement, or 废止 with a date', async () => {
    const oldId = await publishOne({ title: '旧办法' })
    const newId = await publishOne({ title: '新办法' })
    const replacement = (await findItemById(db.kysely, newId))!
    await setItemValidity(deps, officer, oldId, {
      validity: 'revised',
      date: '',
      replacement: replacement.index_no!,
      expectedVersion: await version(oldId),
    })
    expect(await findItemById(db.kysely, oldId)).toMatchObject({ validity: 'revised', replaced_by_id: newId })
    await expect(
      setItemValidity(deps, officer, newId, {
        validity: 'revised',
        date: '',
        replacement: 'nope',
        expectedVersion: await version(newId),
      }),
    ).rejects.toMatchObject({ code: 'ITEM_REPLACEMENT_INVALID' })
    await setItemValidity(deps, leader, newId, {
      validity: 'repealed',
      date: '2026-10-19',
      replacement: '',
      expectedVersion: await version(newId),
    })
    expect(await findItemById(db.kysely, newId)).toMatchObject({
      validity: 'repealed',
      validity_date: '2026-10-19',
    })
  })

  it('hides other organs’ items (404) and refuses roles that may not act (403)', async () => {
    const other = await buildOrgan(db)
    const outsider = await staff(['officer', 'leader'], other.id)
    const { id } = await createItem(deps, handler, organId, form())
    await expect(getItemDetail(deps, outsider, id)).rejects.toMatchObject({ code: 'ITEM_NOT_FOUND' })
    await expect(submitItem(deps, outsider, id, await version(id))).rejects.toMatchObject({
      code: 'ITEM_NOT_FOUND',
    })
    await expect(createItem(deps, outsider, organId, form())).rejects.toMatchObject({
      code: 'ORGAN_NOT_FOUND',
    })
    await expect(createItem(deps, supervisor, organId, form())).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(submitItem(deps, supervisor, id, await version(id))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    expect((await getItemDetail(deps, supervisor, id)).actions).toEqual([])
  })

  it('shows the Art. 26 due date and flags late items in the console list', async () => {
    // formed 2026-09-10: due 20 working days later (2026-10-14, across 中秋, 国庆 and two make-up days); today is 10-20.
    const { id } = await createItem(
      deps,
      handler,
      organId,
      form({ title: '迟报的草稿', formedDate: '2026-09-10' }),
    )
    const list = await listItemsForConsole(deps, officer, { status: 'draft', page: 1 })
    const row = list.rows.find((r) => r.id === id)!
    expect(row.clock).toMatchObject({ dueDate: '2026-10-14', late: true })
    const fresh = await createItem(deps, handler, organId, form({ formedDate: '2026-10-19' }))
    const detail = await getItemDetail(deps, handler, fresh.id)
    expect(detail.clock).toMatchObject({ late: false, remaining: 19 })
    await expect(listItemsForConsole(deps, officer, { organId: 'elsewhere', page: 1 })).rejects.toMatchObject(
      {
        code: 'ORGAN_NOT_FOUND',
      },
    )
  })
})
