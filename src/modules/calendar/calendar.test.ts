import { describe, expect, it } from 'vitest'
import { calendarDayOfRow, checkCalendarDayInput } from './calendar.js'

const GOOD = {
  date: '2027-02-08',
  kind: 'holiday',
  name: '春节',
  noticeNumber: '国办发明电〔2026〕9号',
  noticeDate: '2026-11-20',
}
const TODAY = '2026-12-03'

describe('checking an administrator-entered calendar day', () => {
  it('accepts a holiday from a notice, trimmed', () => {
    expect(checkCalendarDayInput({ ...GOOD, name: ' 春节 ' }, TODAY)).toEqual({
      ok: true,
      entry: {
        date: '2027-02-08',
        kind: 'holiday',
        name: '春节',
        noticeNumber: GOOD.noticeNumber,
        noticeDate: '2026-11-20',
      },
    })
  })

  it('refuses impossible dates through the strict parser, and dates outside 2007 to next year', () => {
    for (const date of ['2026-02-30', '2027-2-8', '2027/02/08', '']) {
      const r = checkCalendarDayInput({ ...GOOD, date }, TODAY)
      expect(r.ok, date).toBe(false)
      expect(!r.ok && r.fields.date, date).toBeTruthy()
    }
    expect(checkCalendarDayInput({ ...GOOD, date: '2029-01-01' }, TODAY)).toMatchObject({
      ok: false,
      fields: { date: ['只能录入 2007 年至 2027 年的日期（通知于上一年年底发布）'] },
    })
    expect(checkCalendarDayInput({ ...GOOD, date: '2006-10-01' }, TODAY).ok).toBe(false)
  })

  it('refuses an unknown kind, a make-up working day on a weekday, and a missing or future notice', () => {
    expect(checkCalendarDayInput({ ...GOOD, kind: 'vacation' }, TODAY)).toMatchObject({
      ok: false,
      fields: { kind: [expect.any(String)] },
    })
    // 2027-02-08 is a Monday: already a working day.
    expect(checkCalendarDayInput({ ...GOOD, kind: 'workday' }, TODAY)).toMatchObject({
      ok: false,
      fields: { kind: ['调休上班日应为周六或周日（周一至周五本为工作日）'] },
    })
    expect(checkCalendarDayInput({ ...GOOD, kind: 'workday', date: '2027-02-06' }, TODAY).ok).toBe(true)
    expect(checkCalendarDayInput({ ...GOOD, noticeNumber: ' ' }, TODAY)).toMatchObject({
      ok: false,
      fields: { noticeNumber: [expect.any(String)] },
    })
    expect(checkCalendarDayInput({ ...GOOD, noticeDate: '2026-12-04' }, TODAY)).toMatchObject({
      ok: false,
      fields: { noticeDate: ['通知日期不能晚于今天'] },
    })
    expect(checkCalendarDayInput({ ...GOOD, name: '' }, TODAY)).toMatchObject({
      ok: false,
      fields: { name: [expect.any(String)] },
    })
  })

  it('turns a stored entry into a calendar day (休息日 off, 调休上班 worked)', () => {
    expect(calendarDayOfRow({ date: '2027-02-08', kind: 'holiday', name: '春节' })).toEqual({
      date: '2027-02-08',
      name: '春节',
      isOffDay: true,
    })
    expect(calendarDayOfRow({ date: '2027-02-06', kind: 'workday', name: '春节' }).isOffDay).toBe(false)
  })
})
