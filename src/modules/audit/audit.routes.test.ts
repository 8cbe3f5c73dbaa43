import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { truncate } from '../../../test/audit-attacker.js'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildOrgan, buildUser } from '../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'
import { fixedClock, systemClock } from '../../shared/clock.js'
import { writeCheckpoint } from './audit-checkpoint.service.js'
import { auditKeyring } from './audit-runtime.js'
import type { OrganRow } from '../organs/organ.table.js'
import type { Role } from '../users/user.table.js'
import { AUDIT_AUTO_VERIFY_MAX } from './audit-browser.service.js'
import { recordAudit } from './audit.service.js'
import { AUDIT_ACTION_LABELS } from './audit-labels.js'

/** Every action code written by a service (`grep -rhoE "action: '[a-z_.]+'" src`, item.* transitions). */
const WRITTEN_ACTIONS = [
  ...['auth.login', 'auth.login_failed', 'auth.locked', 'auth.logout'],
  ...['user.created', 'user.disabled', 'user.enabled', 'user.password_changed', 'user.password_reset'],
  ...['user.role_granted', 'user.role_revoked', 'organ.created', 'organ.updated', 'organ_text.updated'],
  ...['item.create', 'item.update', 'item.discard', 'item.submit', 'item.approve_first', 'item.return_first'],
  ...[
    'item.return_final',
    'item.publish',
    'item.withdraw',
    'item.set_validity',
    'item.revise',
    'item.imported',
  ],
  ...['attachment.added', 'attachment.removed'],
]

describe.each(TEST_DIALECTS)('console audit browser (%s)', (dialect) => {
  let t: TestApp
  let gov: OrganRow
  let deptA: OrganRow
  let instA: OrganRow
  let deptB: OrganRow
  let pagedOrgan: OrganRow

  async function entry(
    at: string,
    organId: string | null,
    actorName: string,
    action: string,
    marker: string,
    extra: Record<string, unknown> = {},
    targetId: string | null = null,
  ): Promise<void> {
    await t.db.kysely.transaction().execute((trx) =>
      recordAudit(trx, fixedClock(at), {
        actorId: null,
        actorName,
        organId,
        action,
        targetType: 'item',
        targetId,
        summary: { marker, ...extra },
      }),
    )
  }

  beforeAll(async () => {
    t = await createTestApp(dialect)
    gov = await buildOrgan(t.db, { name: '某区人民政府', kind: 'government' })
    deptA = await buildOrgan(t.db, { name: '某区甲局', parentId: gov.id })
    instA = await buildOrgan(t.db, { name: '某区甲局中心', parentId: deptA.id, kind: 'institution' })
    deptB = await buildOrgan(t.db, { name: '某区乙局', parentId: gov.id })
    pagedOrgan = await buildOrgan(t.db, { name: '某区翻页局', parentId: gov.id })
    // 2026-03-01 23:59:59 in Beijing
    await entry(
      '2026-03-01T15:59:59.000Z',
      deptA.id,
      'alice',
      'organ.updated',
      'MK-E1',
      {
        changed: { office_phone: { before: '0533-1111111', after: '0533-2222222' } },
      },
      'T-1',
    )
    // 2026-03-02 00:00:00 in Beijing
    await entry('2026-03-01T16:00:00.000Z', instA.id, 'bob', 'item.published', 'MK-E2')
    await entry('2026-03-05T02:00:00.000Z', deptB.id, 'carol', 'item.published', 'MK-E3', {}, 'T-3')
    await entry('2026-03-02T03:00:00.000Z', null, 'alice', 'auth.login', 'MK-E4')
    await entry('2026-03-06T02:00:00.000Z', gov.id, 'dave', 'zzz.custom_thing', 'MK-E5', {
      title: '<script>alert(1)</script>',
      password: 'secret-value-9',
    })
    for (let i = 0; i < 60; i++) {
      await entry('2026-04-01T02:00:00.000Z', pagedOrgan.id, 'pager', 'item.published', `MK-P${i}-`)
    }
  })
  afterAll(async () => {
    await t.close()
  })

  async function clientAs(
    roles: Array<{ role: Role; organId?: string; subtree?: boolean }>,
  ): Promise<TestClient> {
    const u = await buildUser(t.db, { roles })
    const c = new TestClient(t.app)
    await c.login(u.username, u.password)
    return c
  }

  function rowsOf(body: string): number {
    // One row per entry (a change inside an entry is a nested table of its own).
    const tbody = /<tbody>([\s\S]*)<\/tbody>/.exec(body)?.[1] ?? ''
    return (tbody.match(/<tr data-seq="\d+">/g) ?? []).length
  }

  it('sends anonymous visitors to the log-in form', async () => {
    const res = await new TestClient(t.app).get('/console/audit?actor=alice')
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/login?next=%2Fconsole%2Faudit%3Factor%3Dalice')
  })

  it.each<Role | 'none'>(['officer', 'handler', 'leader', 'office_head', 'none'])(
    'refuses the audit log to a %s with 403',
    async (role) => {
      const c = await clientAs(role === 'none' ? [] : [{ role, organId: gov.id, subtree: true }])
      const res = await c.get('/console/audit')
      expect(res.statusCode).toBe(403)
      expect(res.body).toContain('您没有权限执行此操作。')
      expect(res.body).not.toContain('MK-E')
    },
  )

  it('shows a supervisor only the entries of their subtree, and no log-ins', async () => {
    const c = await clientAs([{ role: 'supervisor', organId: deptA.id, subtree: true }])
    const res = await c.get('/console/audit')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('MK-E1')
    expect(res.body).toContain('MK-E2')
    expect(res.body).not.toContain('MK-E3')
    expect(res.body).not.toContain('MK-E4')
    expect(res.body).not.toContain('MK-E5')
    expect(res.body).not.toContain('auth.login')
    expect(res.body).toContain('记录（共 2 条')
  })

  it('refuses a supervisor an organ filter outside their subtree', async () => {
    const c = await clientAs([{ role: 'supervisor', organId: deptA.id, subtree: true }])
    expect((await c.get(`/console/audit?organ=${deptB.id}`)).statusCode).toBe(403)
    expect((await c.get('/console/audit?organ=none')).statusCode).toBe(403)
  })

  it('shows an admin of one department only that department', async () => {
    const c = await clientAs([{ role: 'admin', organId: deptB.id }])
    const res = await c.get('/console/audit')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('MK-E3')
    expect(res.body).not.toContain('MK-E1')
    expect(res.body).not.toContain('MK-E4')
  })

  it('keeps log-ins from an admin of the root organ without its subtree (not a global administrator)', async () => {
    const c = await clientAs([{ role: 'admin', organId: gov.id }])
    const res = await c.get('/console/audit')
    expect(res.body).toContain('MK-E5')
    expect(res.body).not.toContain('MK-E1')
    expect(res.body).not.toContain('MK-E4')
    expect(res.body).not.toContain('value="none"')
  })

  it('shows a global administrator everything, including log-ins', async () => {
    const c = await clientAs([{ role: 'admin', organId: gov.id, subtree: true }])
    const res = await c.get('/console/audit?action=auth.login')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('MK-E4')
    expect(res.body).toContain('value="none"')
  })

  describe('filters (global administrator)', () => {
    let c: TestClient
    beforeAll(async () => {
      c = await clientAs([{ role: 'admin', organId: gov.id, subtree: true }])
    })

    it('filters by actor', async () => {
      const res = await c.get('/console/audit?actor=alice')
      expect(res.body).toContain('MK-E1')
      expect(res.body).toContain('MK-E4')
      expect(res.body).not.toContain('MK-E2')
      expect(rowsOf(res.body)).toBe(2)
    })

    it('filters by action prefix', async () => {
      const res = await c.get('/console/audit?action=organ.')
      expect(res.body).toContain('MK-E1')
      expect(rowsOf(res.body)).toBe(1)
    })

    it('filters by target id', async () => {
      const res = await c.get('/console/audit?target=T-3')
      expect(res.body).toContain('MK-E3')
      expect(rowsOf(res.body)).toBe(1)
    })

    it('filters by organ, and by entries that belong to no organ', async () => {
      const one = await c.get(`/console/audit?organ=${deptA.id}`)
      expect(one.body).toContain('MK-E1')
      expect(one.body).not.toContain('MK-E2')
      expect(rowsOf(one.body)).toBe(1)
      const none = await c.get('/console/audit?organ=none&actor=alice')
      expect(none.body).toContain('MK-E4')
      expect(rowsOf(none.body)).toBe(1)
    })

    it('filters by calendar dates in Beijing time, both ends included', async () => {
      const res = await c.get('/console/audit?from=2026-03-02&to=2026-03-02')
      expect(res.body).toContain('MK-E2')
      expect(res.body).toContain('MK-E4')
      expect(res.body).not.toContain('MK-E1')
      expect(rowsOf(res.body)).toBe(2)
      const day1 = await c.get('/console/audit?from=2026-03-01&to=2026-03-01')
      expect(day1.body).toContain('MK-E1')
      expect(rowsOf(day1.body)).toBe(1)
    })

    it('shows times in Beijing time', async () => {
      const res = await c.get('/console/audit?target=T-1')
      expect(res.body).toContain('2026-03-01 23:59:59')
    })

    it('labels known actions in Chinese and shows unknown ones raw', async () => {
      const res = await c.get('/console/audit?from=2026-03-01&to=2026-03-06')
      expect(res.body).toContain('修改机关')
      expect(res.body).toContain('<code>zzz.custom_thing</code>')
    })

    it('renders summaries escaped, a change as a 字段/修改前/修改后 table with Chinese field names, and hides secrets', async () => {
      const res = await c.get('/console/audit?from=2026-03-01&to=2026-03-06')
      expect(res.body).toContain('&lt;script>alert(1)&lt;/script>')
      expect(res.body).not.toContain('<script>alert(1)')
      expect(res.body).not.toContain('secret-value-9')
      expect(res.body).toContain(
        '<thead><tr><th scope="col">字段</th><th scope="col">修改前</th><th scope="col">修改后</th></tr></thead>',
      )
      expect(res.body).toContain(
        '<tr><th scope="row">联系电话</th><td>0533-1111111</td><td>0533-2222222</td></tr>',
      )
      expect(res.body).not.toContain('office_phone')
      // Unknown summary keys fall back to the raw key.
      expect(res.body).toContain('<span class="summary-key">marker</span>')
    })

    it('names every action code the platform writes in Chinese', async () => {
      const res = await c.get('/console/audit?from=2026-03-01&to=2026-03-06')
      expect(res.body).toContain('发布信息')
      expect(res.body).toContain('登录')
      for (const code of WRITTEN_ACTIONS) {
        expect(AUDIT_ACTION_LABELS[code], code).toMatch(/\p{Script=Han}/u)
      }
    })

    it('pages through long results and keeps the filters in the page links', async () => {
      const first = await c.get(`/console/audit?organ=${pagedOrgan.id}`)
      expect(rowsOf(first.body)).toBe(50)
      expect(first.body).toContain('记录（共 60 条，第 1/2 页）')
      expect(first.body).toContain(`href="/console/audit?organ=${pagedOrgan.id}&amp;page=2"`)
      const second = await c.get(`/console/audit?organ=${pagedOrgan.id}&page=2`)
      expect(rowsOf(second.body)).toBe(10)
      // newest first: the first ten entries written are on the last page
      expect(second.body).toContain('MK-P0-')
      expect(first.body).not.toContain('MK-P0-')
    })

    it('re-renders the form with 422 and field messages on bad filters, keeping the input', async () => {
      const bad = await c.get('/console/audit?from=2026-02-30&actor=alice')
      expect(bad.statusCode).toBe(422)
      expect(bad.body).toContain('请按“年-月-日”填写有效日期')
      expect(bad.body).toContain('value="alice"')
      const reversed = await c.get('/console/audit?from=2026-03-05&to=2026-03-01')
      expect(reversed.statusCode).toBe(422)
      expect(reversed.body).toContain('截止日期不能早于起始日期')
      const action = await c.get('/console/audit?action=DROP%20TABLE')
      expect(action.statusCode).toBe(422)
    })
  })

  it('reports the chain as intact, then names the first broken entry after a row is edited', async () => {
    const c = await clientAs([{ role: 'supervisor', organId: deptA.id, subtree: true }])
    const ok = await c.get('/console/audit')
    expect(ok.body).toContain('校验审计链：通过')
    const row = await t.db.kysely
      .selectFrom('audit_log')
      .select('seq')
      .where('organ_id', '=', deptB.id)
      .executeTakeFirstOrThrow()
    await t.db.kysely
      .updateTable('audit_log')
      .set({ summary: '{"marker":"forged"}' })
      .where('seq', '=', row.seq)
      .execute()
    const broken = await c.get('/console/audit')
    expect(broken.statusCode).toBe(200)
    expect(broken.body).toContain('校验审计链：未通过')
    expect(broken.body).toContain(`第 ${Number(row.seq)} 条记录起审计链断裂`)
  })
})

describe.each(TEST_DIALECTS)('console audit browser over a long chain (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => {
    await t.close()
  })

  it('verifies a chain longer than the automatic limit only when asked', async () => {
    const gov = await buildOrgan(t.db, { kind: 'government' })
    const u = await buildUser(t.db, { roles: [{ role: 'admin', organId: gov.id, subtree: true }] })
    const c = new TestClient(t.app)
    await c.login(u.username, u.password)
    // Pretend far more entries were issued than the chain holds: only verification can tell.
    await t.db.kysely
      .updateTable('counter')
      .set({ value: AUDIT_AUTO_VERIFY_MAX + 5 })
      .where('name', '=', 'audit_log.seq')
      .execute()
    const unasked = await c.get('/console/audit?actor=nobody')
    expect(unasked.statusCode).toBe(200)
    expect(unasked.body).toContain(`全平台共 ${AUDIT_AUTO_VERIFY_MAX + 5} 条审计记录`)
    expect(unasked.body).toContain('查看时不自动校验')
    expect(unasked.body).toContain('href="/console/audit?actor=nobody&amp;verify=1"')
    const asked = await c.get('/console/audit?actor=nobody&verify=1')
    expect(asked.body).toContain('校验审计链：未通过')
  })
})

describe.each(TEST_DIALECTS)('console audit browser: the anchors (%s)', (dialect) => {
  let t: TestApp
  let dir: string
  let file: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-anchor-page-'))
    file = join(dir, 'checkpoints.jsonl')
    t = await createTestApp(dialect)
    t.deps.config.audit = { ...t.deps.config.audit, checkpointFile: file }
  })
  afterAll(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('shows the newest checkpoint to a supervisor, and an alert once the chain is cut below it', async () => {
    const gov = await buildOrgan(t.db, { kind: 'government' })
    const u = await buildUser(t.db, { roles: [{ role: 'supervisor', organId: gov.id, subtree: true }] })
    const c = new TestClient(t.app)
    await c.login(u.username, u.password)
    const none = await c.get('/console/audit')
    expect(none.body).toContain('尚未写入锚点')

    const cp = await writeCheckpoint(t.db.kysely, file, auditKeyring(), systemClock)
    const shown = await c.get('/console/audit')
    expect(shown.body).toContain(`<dd>第 ${cp?.seq} 条记录</dd>`)
    expect(shown.body).toContain(`${cp?.hash.slice(0, 16)}…`)
    expect(shown.body).toContain(file)
    expect(shown.body).not.toContain('锚点校验未通过')

    await truncate(t.db, 1)
    const cut = await c.get('/console/audit')
    expect(cut.statusCode).toBe(200)
    expect(cut.body).toContain('锚点校验未通过：1 个锚点与审计链不符')
    expect(cut.body).toContain('truncation')
  })
})
