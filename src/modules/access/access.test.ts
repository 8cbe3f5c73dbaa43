import { describe, expect, it } from 'vitest'
import type { Grant } from '../../shared/actor.js'
import {
  adminScope,
  assertNotDrafter,
  canGrantOn,
  canManageOrgan,
  canManageUser,
  canPlaceOrganUnder,
  isAdministrator,
  organsWithRole,
} from './access.js'

// gov ─┬─ dept ── inst
//      └─ other
// town (a second top-level organ)
const ORGANS = [
  { id: 'gov', parentId: null },
  { id: 'dept', parentId: 'gov' },
  { id: 'inst', parentId: 'dept' },
  { id: 'other', parentId: 'gov' },
  { id: 'town', parentId: null },
]

const admin = (organId: string, includeSubtree: boolean): Grant => ({
  role: 'admin',
  organId,
  includeSubtree,
})

describe('administration rules', () => {
  it('gives the operator at the command line every power', () => {
    const s = adminScope('all', ORGANS)
    expect(s.global).toBe(true)
    expect(canPlaceOrganUnder(s, null)).toBe(true)
    expect(canManageUser(s, null, 'anyone', [])).toBe(true)
  })

  it('makes an admin with subtree grants over every top-level organ a global administrator', () => {
    expect(adminScope([admin('gov', true), admin('town', true)], ORGANS).global).toBe(true)
    expect(adminScope([admin('gov', true)], ORGANS).global).toBe(false)
    expect(adminScope([admin('gov', false), admin('town', true)], ORGANS).global).toBe(false)
  })

  it('lets a subtree admin edit and add organs below their organ, and nowhere else', () => {
    const s = adminScope([admin('dept', true)], ORGANS)
    expect(['dept', 'inst'].map((id) => canManageOrgan(s, id))).toEqual([true, true])
    expect(['gov', 'other', 'town'].map((id) => canManageOrgan(s, id))).toEqual([false, false, false])
    expect(canPlaceOrganUnder(s, 'dept')).toBe(true)
    expect(canPlaceOrganUnder(s, 'inst')).toBe(true)
    expect(canPlaceOrganUnder(s, 'gov')).toBe(false)
    expect(canPlaceOrganUnder(s, null)).toBe(false)
  })

  it('lets an admin without the subtree flag edit only that organ and add nothing below it', () => {
    const s = adminScope([admin('dept', false)], ORGANS)
    expect(canManageOrgan(s, 'dept')).toBe(true)
    expect(canManageOrgan(s, 'inst')).toBe(false)
    expect(canPlaceOrganUnder(s, 'dept')).toBe(false)
    expect(canGrantOn(s, 'dept', false)).toBe(true)
    expect(canGrantOn(s, 'dept', true)).toBe(false)
  })

  it('gives no administrative power to any other role, even over a subtree', () => {
    for (const role of ['officer', 'handler', 'leader', 'office_head', 'supervisor'] as const) {
      const s = adminScope([{ role, organId: 'gov', includeSubtree: true }], ORGANS)
      expect(s.organs.size).toBe(0)
      expect(canManageOrgan(s, 'gov')).toBe(false)
      expect(canGrantOn(s, 'gov', false)).toBe(false)
    }
  })

  it('manages an account only when every grant it holds could have been granted by the admin', () => {
    const s = adminScope([admin('dept', true)], ORGANS)
    const officer = (organId: string, includeSubtree = false): Grant => ({
      role: 'officer',
      organId,
      includeSubtree,
    })
    expect(canManageUser(s, 'me', 'u1', [officer('dept'), officer('inst')])).toBe(true)
    expect(canManageUser(s, 'me', 'u2', [officer('dept'), officer('other')])).toBe(false)
    expect(canManageUser(s, 'me', 'u3', [officer('gov', true)])).toBe(false)
    expect(canManageUser(s, 'me', 'u4', [])).toBe(false)
    expect(canManageUser(adminScope([admin('gov', true), admin('town', true)], ORGANS), 'me', 'u4', [])).toBe(
      true,
    )
  })

  it('never lets an admin manage their own account', () => {
    expect(canManageUser(adminScope('all', ORGANS), 'me', 'me', [])).toBe(false)
    expect(canManageUser(adminScope([admin('gov', true)], ORGANS), 'me', 'me', [admin('gov', true)])).toBe(
      false,
    )
  })

  it('opens the administration pages to admins only', () => {
    const viewer = (grants: Grant[]) => ({
      userId: 'u',
      username: 'u',
      displayName: 'u',
      grants,
      mustChangePassword: false,
      sessionId: 's',
      csrfToken: 't',
    })
    expect(isAdministrator(viewer([admin('inst', false)]))).toBe(true)
    expect(isAdministrator(viewer([{ role: 'supervisor', organId: 'gov', includeSubtree: true }]))).toBe(
      false,
    )
    expect(isAdministrator(null)).toBe(false)
  })

  it('keeps organsWithRole expanding subtree grants as before', () => {
    const v = {
      userId: 'u',
      username: 'u',
      displayName: 'u',
      grants: [{ role: 'officer' as const, organId: 'dept', includeSubtree: true }],
      mustChangePassword: false,
      sessionId: 's',
      csrfToken: 't',
    }
    expect([...organsWithRole(v, ['officer'], ORGANS)].sort()).toEqual(['dept', 'inst'])
    expect(organsWithRole(v, ['leader'], ORGANS).size).toBe(0)
  })
})

describe('separation of duties', () => {
  it('refuses the drafter as approver and lets anybody else through', () => {
    expect(() => assertNotDrafter('u1', 'u1')).toThrow(
      expect.objectContaining({ code: 'SEPARATION_OF_DUTIES' }),
    )
    expect(() => assertNotDrafter('u2', 'u1')).not.toThrow()
    expect(() => assertNotDrafter('u2', null)).not.toThrow()
  })
})
