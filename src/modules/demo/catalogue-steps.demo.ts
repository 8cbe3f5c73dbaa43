import type { AppDeps } from '../../shared/deps.js'
import type { Grant, Role } from '../../shared/actor.js'
import { packagedCalendar } from '../../shared/calendar/packaged.js'
import { fixedClock } from '../../shared/clock.js'
import { isDomainError } from '../../shared/errors.js'
import type { Organ } from '../organs/index.js'
import { getUserByUsername } from '../users/index.js'
import {
  CHECKLIST,
  createItem,
  currentItemVersion,
  EMPTY_ITEM_FORM,
  finalReview,
  firstReview,
  setItemValidity,
  startRevision,
  submitItem,
  updateDraft,
  withdrawItem,
  type Checklist,
  type ItemActor,
  type ItemFormValues,
} from '../catalogue/items/index.js'
import { attachDemoTables, hasDemoAttachment } from './attachments.demo.js'
import { demoText, type Planned } from './catalogue-entries.demo.js'

/*
 * One planned demo item taken through the ordinary item services (draft → 初审 with the checklist
 * → 复核 → published, and on to its final state), with the clock set to the item's own dates, so
 * 索引号, revisions, the search index and the audit trail are what staff would have produced.
 */

const CLEAR: Checklist = Object.fromEntries(
  CHECKLIST.map((q) => [q.key, { answer: 'no' as const, note: '' }]),
)

/** The demo's staff: the demo accounts where they exist, otherwise stand-ins (grants are per organ). */
export interface Cast {
  handler: string
  officer: string
  leader: string
}

export async function demoCast(deps: AppDeps): Promise<Cast> {
  const idOf = async (username: string, fallback: string) => {
    try {
      return (await getUserByUsername(deps, username)).id
    } catch (err) {
      if (isDomainError(err) && err.code === 'USER_NOT_FOUND') {
        return fallback
      }
      throw err
    }
  }
  return {
    handler: await idOf('handler', 'demo-handler'),
    officer: await idOf('officer', 'demo-officer'),
    leader: await idOf('leader', 'demo-leader'),
  }
}

function actorOn(userId: string, username: string, role: Role, organId: string): ItemActor {
  const grants: Grant[] = [{ role, organId, includeSubtree: false }]
  return { userId, username, grants }
}

/** Takes one planned item through the services to its final state, on its own dates. */
export async function runPlan(
  deps: AppDeps,
  p: Planned,
  organ: Organ,
  cast: Cast,
  docNumber: string | undefined,
): Promise<void> {
  const handler = actorOn(cast.handler, 'handler', 'handler', organ.id)
  const officer = actorOn(cast.officer, 'officer', 'officer', organ.id)
  const leader = actorOn(cast.leader, 'leader', 'leader', organ.id)
  const cal = packagedCalendar()
  // Drafted on the day the information was formed (or the next working day), reviewed in between.
  const draftDay = cal.nextWorkingDayOnOrAfter(p.formed)
  const at = (date: string, hour: number) => ({
    ...deps,
    clock: fixedClock(`${date}T${String(hour - 8).padStart(2, '0')}:00:00Z`),
  })
  const text = demoText(p.entry, organ.name, p.sample)
  const values: ItemFormValues = {
    ...EMPTY_ITEM_FORM,
    title: p.entry.title,
    summary: text.summary,
    bodyHtml: text.body,
    docNumber: docNumber ?? '',
    writtenDate: docNumber ? p.formed : '',
    formedDate: p.formed,
    topic: p.entry.topic,
    genre: p.entry.genre,
    art20Item: p.entry.art20 === null ? '' : String(p.entry.art20),
    keyAreas: p.entry.areas ?? [],
  }
  const { id } = await createItem(at(draftDay, 9), handler, organ.id, values, {
    sample: p.sample,
    source: p.key,
  })
  if (hasDemoAttachment(p.entry)) {
    await attachDemoTables(at(draftDay, 10), handler, id, p.entry, organ.name)
  }
  if (p.final === 'draft') {
    return
  }
  const version = (itemId = id) => currentItemVersion(deps, handler, itemId)
  const reviewDay = p.at > draftDay ? p.at : draftDay
  await submitItem(at(draftDay, 11), handler, id, await version())
  if (p.final === 'first_review') {
    return
  }
  if (p.final === 'returned') {
    await firstReview(at(reviewDay, 10), officer, id, {
      decision: 'return',
      checklist: { ...CLEAR, internal_process: { answer: 'yes', note: '征求意见稿属于过程性信息' } },
      comment: '该稿为征求意见稿，属于过程性信息；请定稿后再报，或改为公开征求意见的公告。',
      expectedVersion: await version(),
    })
    return
  }
  await firstReview(at(reviewDay, 10), officer, id, {
    decision: 'approve',
    checklist: CLEAR,
    comment: '',
    expectedVersion: await version(),
  })
  if (p.final === 'final_review') {
    return
  }
  await finalReview(at(p.at, 15), leader, id, {
    decision: 'approve',
    comment: '同意公开',
    expectedVersion: await version(),
  })
  const later = cal.addWorkingDays(p.at, 25).date
  switch (p.final) {
    case 'published':
      return
    case 'withdrawn':
      await withdrawItem(
        at(cal.addWorkingDays(p.at, 2).date, 9),
        officer,
        id,
        await version(),
        '清单内容有误，更正后另行发布',
      )
      return
    case 'expired':
      await setItemValidity(at(later, 9), officer, id, {
        validity: 'expired',
        date: later,
        replacement: '',
        expectedVersion: await version(),
      })
      return
    case 'revised':
    case 'revising': {
      const { id: copyId } = await startRevision(at(later, 9), handler, id)
      if (p.final === 'revising') {
        return
      }
      await updateDraft(at(later, 10), handler, copyId, await version(copyId), {
        ...values,
        title: `${p.entry.title.replace(/（2026年）$/, '')}（2026年修订）`,
        formedDate: later,
      })
      await submitItem(at(later, 11), handler, copyId, await version(copyId))
      const reviewed = cal.addWorkingDays(later, 1).date
      await firstReview(at(reviewed, 10), officer, copyId, {
        decision: 'approve',
        checklist: CLEAR,
        comment: '',
        expectedVersion: await version(copyId),
      })
      await finalReview(at(reviewed, 15), leader, copyId, {
        decision: 'approve',
        comment: '同意',
        expectedVersion: await version(copyId),
      })
      return
    }
  }
}
