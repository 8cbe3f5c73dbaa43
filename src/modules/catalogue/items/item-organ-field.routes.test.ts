import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../../test/db.js'
import { buildOrgan, buildUser, type BuiltUser } from '../../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../../test/http.js'
import type { OrganRow } from '../../organs/organ.table.js'
import { ITEM_ORGAN_SELECT_MAX } from './item-organ-choice.service.js'

function draftForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: '发布机构选择测试信息',
    summary: '测试发布机构的文本选择',
    bodyHtml: '<p>正文</p>',
    formedDate: '2026-10-09',
    topic: '综合政务\\政务公开',
    genre: '通知',
    art20Item: '',
    disclosureMode: 'proactive',
    scope: 'public',
    term: 'long',
    validity: 'valid',
    ...over,
  }
}

describe.each(TEST_DIALECTS)('the new-item form’s 发布机构 at scale (%s)', (dialect) => {
  let t: TestApp
  let city: OrganRow
  let bureau: OrganRow
  let outside: OrganRow
  let cityHandler: BuiltUser
  let oneOrganHandler: BuiltUser

  beforeAll(async () => {
    t = await createTestApp(dialect)
    city = await buildOrgan(t.db, { kind: 'government', name: '机构字段测试市人民政府' })
    // More organs under the city than a select offers.
    for (let i = 0; i <= ITEM_ORGAN_SELECT_MAX; i++) {
      await buildOrgan(t.db, { parentId: city.id, name: `机构字段测试市第${i + 1}局` })
    }
    bureau = await buildOrgan(t.db, {
      parentId: city.id,
      name: '机构字段测试市广播电视局',
      short_name: '市广电局',
    })
    outside = await buildOrgan(t.db, { kind: 'government', name: '机构字段测试外市人民政府' })
    cityHandler = await buildUser(t.db, { roles: [{ role: 'handler', organId: city.id, subtree: true }] })
    oneOrganHandler = await buildUser(t.db, { roles: [{ role: 'handler', organId: bureau.id }] })
  })
  afterAll(async () => {
    await t.close()
  })

  async function client(u: BuiltUser): Promise<TestClient> {
    const c = new TestClient(t.app)
    await c.login(u.username, u.password)
    await c.get('/console/items/new')
    return c
  }
  const titled = (title: string) =>
    t.db.kysely.selectFrom('item').select(['organ_id']).where('title', '=', title).execute()

  it('offers a text field with suggestions, not a select of every organ, to a drafter over many organs', async () => {
    const c = await client(cityHandler)
    const res = await c.get('/console/items/new')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<label for="f-organ"')
    expect(res.body).toContain(`<option value="${city.name}（${city.code}）"`)
    expect(res.body).not.toContain('name="organId"')
    expect(res.body).not.toContain('机构字段测试市第1局')
  })

  it('drafts for the organ typed by short name, and for a picked choice', async () => {
    const c = await client(cityHandler)
    const res = await c.post('/console/items/new', draftForm({ title: '按简称起草', organ: '市广电局' }))
    expect(res.statusCode).toBe(303)
    expect(await titled('按简称起草')).toEqual([{ organ_id: bureau.id }])
    const picked = await c.post(
      '/console/items/new',
      draftForm({ title: '按选项起草', organ: '机构字段测试市第', organPick: bureau.id }),
    )
    expect(picked.statusCode).toBe(303)
    expect(await titled('按选项起草')).toEqual([{ organ_id: bureau.id }])
  })

  it('re-shows the form with choices for an ambiguous organ, keeping the input and saving nothing', async () => {
    const c = await client(cityHandler)
    const res = await c.post(
      '/console/items/new',
      draftForm({ title: '歧义机关起草', organ: '机构字段测试市第1', formedDate: '2026-13-01' }),
    )
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('与“机构字段测试市第1”相符，请从下列选项中选择')
    expect(res.body).toContain('id="f-organ-error"')
    expect(res.body).toContain('name="organPick"')
    expect(res.body).toContain('形成或变更日期须为有效日期')
    expect(res.body).toContain('value="歧义机关起草"')
    expect(await titled('歧义机关起草')).toEqual([])
  })

  it('refuses an unknown organ and one the drafter does not draft for, in Chinese, saving nothing', async () => {
    const c = await client(cityHandler)
    const unknown = await c.post(
      '/console/items/new',
      draftForm({ title: '未知机关起草', organ: '查无此局' }),
    )
    expect(unknown.statusCode).toBe(422)
    expect(unknown.body).toContain('没有名称或代码含“查无此局”的发布机构')
    const foreign = await c.post(
      '/console/items/new',
      draftForm({ title: '外市机关起草', organ: outside.code }),
    )
    expect(foreign.statusCode).toBe(422)
    expect(foreign.body).toContain(`“${outside.name}”不在您可选择的范围内`)
    const empty = await c.post('/console/items/new', draftForm({ title: '未填机关起草', organ: '' }))
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('请填写发布机构名称或机构代码')
    expect(await titled('未知机关起草')).toEqual([])
    expect(await titled('外市机关起草')).toEqual([])
    expect(await titled('未填机关起草')).toEqual([])
  })

  it('keeps the plain choice for a drafter of one organ', async () => {
    const c = await client(oneOrganHandler)
    const res = await c.get('/console/items/new')
    expect(res.body).toContain(`<input type="hidden" name="organId" value="${bureau.id}"/>`)
    expect(res.body).not.toContain('name="organ"')
  })
})
