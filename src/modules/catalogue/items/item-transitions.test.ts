import { describe, expect, it } from 'vitest'
import type { Role } from '../../users/user.table.js'
import { allowedActions, nextStatus, refusal, type TransitionSubject } from './item-transitions.js'

const draft: TransitionSubject = {
  status: 'draft',
  draftedBy: 'drafter',
  editorIds: ['drafter'],
  submittedBy: null,
  firstReviewerId: null,
  disclosureMode: 'proactive',
  hasOpenRevision: false,
}
const inFirst: TransitionSubject = { ...draft, status: 'first_review', submittedBy: 'drafter' }
const inFinal: TransitionSubject = { ...inFirst, status: 'final_review', firstReviewerId: 'reviewer' }
const published: TransitionSubject = { ...inFinal, status: 'published' }

const actor = (userId: string, ...roles: Role[]) => ({ userId, roles: new Set(roles) })

describe('item lifecycle rules', () => {
  it('walks draft → first_review → final_review → published', () => {
    expect(nextStatus('submit')).toBe('first_review')
    expect(nextStatus('approve_first')).toBe('final_review')
    expect(nextStatus('approve_final')).toBe('published')
    expect(nextStatus('return_first')).toBe('draft')
    expect(nextStatus('return_final')).toBe('draft')
    expect(nextStatus('withdraw')).toBe('withdrawn')
  })

  it('lets a 承办人 or 信息员 draft and submit, and nobody else', () => {
    expect(allowedActions(draft, actor('h', 'handler'))).toEqual(['edit', 'submit', 'discard'])
    expect(allowedActions(draft, actor('o', 'officer'))).toEqual(['edit', 'submit', 'discard'])
    expect(allowedActions(draft, actor('l', 'leader'))).toEqual([])
    expect(refusal(draft, actor('s', 'supervisor'), 'submit')?.code).toBe('FORBIDDEN')
  })

  it('gives the first review to a 信息员 who neither drafted nor submitted the item', () => {
    expect(allowedActions(inFirst, actor('o2', 'officer'))).toEqual(['approve_first', 'return_first'])
    expect(refusal(inFirst, actor('drafter', 'officer'), 'approve_first')?.code).toBe('SEPARATION_OF_DUTIES')
    const submittedByOther = { ...inFirst, submittedBy: 'o3' }
    expect(refusal(submittedByOther, actor('o3', 'officer'), 'return_first')?.code).toBe(
      'SEPARATION_OF_DUTIES',
    )
    expect(refusal(inFirst, actor('h', 'handler'), 'approve_first')?.code).toBe('FORBIDDEN')
    expect(refusal(inFirst, actor('l', 'leader'), 'approve_first')?.code).toBe('FORBIDDEN')
  })

  it('gives final approval to the 分管领导, never the drafter or the first reviewer', () => {
    expect(allowedActions(inFinal, actor('l', 'leader'))).toEqual(['approve_final', 'return_final'])
    expect(refusal(inFinal, actor('drafter', 'leader', 'officer'), 'approve_final')?.code).toBe(
      'SEPARATION_OF_DUTIES',
    )
    expect(refusal(inFinal, actor('reviewer', 'leader', 'officer'), 'approve_final')?.code).toBe(
      'SEPARATION_OF_DUTIES',
    )
    expect(refusal(inFinal, actor('o', 'officer'), 'approve_final')?.code).toBe('FORBIDDEN')
  })

  it('refuses every editor of the content under review, not only its drafter', () => {
    const edited = { ...inFirst, editorIds: ['drafter', 'editor'] }
    expect(refusal(edited, actor('editor', 'officer'), 'approve_first')?.code).toBe('SEPARATION_OF_DUTIES')
    expect(refusal(edited, actor('editor', 'officer'), 'return_first')?.code).toBe('SEPARATION_OF_DUTIES')
    const final = { ...edited, status: 'final_review' as const, firstReviewerId: 'reviewer' }
    expect(refusal(final, actor('editor', 'leader'), 'approve_final')?.code).toBe('SEPARATION_OF_DUTIES')
    expect(refusal(final, actor('other', 'leader'), 'approve_final')).toBeNull()
  })

  it('refuses actions from the wrong state', () => {
    expect(refusal(draft, actor('o2', 'officer'), 'approve_first')?.code).toBe('ITEM_INVALID_TRANSITION')
    expect(refusal(inFirst, actor('l', 'leader'), 'approve_final')?.code).toBe('ITEM_INVALID_TRANSITION')
    expect(refusal(published, actor('o', 'officer'), 'edit')?.code).toBe('ITEM_INVALID_TRANSITION')
    expect(refusal({ ...published, status: 'withdrawn' }, actor('o', 'officer'), 'withdraw')?.code).toBe(
      'ITEM_INVALID_TRANSITION',
    )
  })

  it('sends only 主动公开 items to review', () => {
    expect(refusal({ ...draft, disclosureMode: 'withheld' }, actor('o', 'officer'), 'submit')?.code).toBe(
      'ITEM_NOT_PROACTIVE',
    )
    expect(refusal({ ...draft, disclosureMode: 'on_request' }, actor('o', 'officer'), 'edit')).toBeNull()
  })

  it('lets a published item be withdrawn, re-validated or revised, one revision at a time', () => {
    expect(allowedActions(published, actor('o', 'officer'))).toEqual(['withdraw', 'set_validity', 'revise'])
    expect(allowedActions(published, actor('l', 'leader'))).toEqual(['withdraw', 'set_validity'])
    expect(allowedActions(published, actor('h', 'handler'))).toEqual(['revise'])
    expect(refusal({ ...published, hasOpenRevision: true }, actor('h', 'handler'), 'revise')?.code).toBe(
      'ITEM_REVISION_OPEN',
    )
    expect(allowedActions({ ...published, status: 'withdrawn' }, actor('o', 'officer'))).toEqual([])
  })
})
