import { describe, expect, it } from 'vitest'
import { replyPeriodsFor, REVISED_REGULATION_IN_FORCE } from './statutory-periods.js'

describe('statutory periods', () => {
  it('gives 20 + 20 working days from 2019-05-15 and the 2008 regulation’s 15 + 15 before', () => {
    expect(REVISED_REGULATION_IN_FORCE).toBe('2019-05-15')
    expect(replyPeriodsFor('2019-05-15')).toEqual({
      replyWorkingDays: 20,
      extensionWorkingDays: 20,
      basis: '条例第三十三条',
    })
    expect(replyPeriodsFor('2019-05-14')).toEqual({
      replyWorkingDays: 15,
      extensionWorkingDays: 15,
      basis: '2008年条例第二十四条',
    })
  })
})
