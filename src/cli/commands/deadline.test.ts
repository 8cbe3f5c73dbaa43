import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

describe('gongkai deadline (a real process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-deadline-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/gongkai.js', 'deadline', ...args], {
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'd.db')}`, AUDIT_KEY: 'ab'.repeat(32) },
      encoding: 'utf8',
      timeout: 60_000,
    })

  it('prints {"due", "explanation"} with --json and exits 0: 2026-09-25 is due 2026-10-29 across 国庆节', () => {
    const r = run('--received', '2026-09-25', '--json')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as { due: string; explanation: Array<{ date: string; reason: string }> }
    expect(out.due).toBe('2026-10-29')
    expect(out.explanation[0]).toMatchObject({ date: '2026-09-26' })
    expect(out.explanation.find((d) => d.date === '2026-10-10')).toMatchObject({ reason: 'make_up_day' })
  })

  it('prints the due date and each day in Chinese, with 补正, a consultation and an extension', () => {
    const r = run(
      '--received',
      '2024-01-31',
      '--correction-requested',
      '2024-02-02',
      '--corrected',
      '2024-02-05',
      '--consultation',
      '2024-02-19:2024-02-20',
      '--extension',
      '5',
    )
    expect(r.status).toBe(0)
    // 2024-03-08 without them (clock test); + 1 excluded (02-20; the day sent counts) + 5 extension days.
    expect(r.stdout).toContain('答复期限：2024-03-18')
    expect(r.stdout).toContain('2024-02-20 星期二 不计入：征求第三方或其他机关意见期间')
    expect(r.stdout).toContain('不计入：法定节假日（春节）')
  }, 60_000)

  it('exits 2 with a message for bad arguments and impossible sequences', () => {
    const bad = run('--received', '2024-02-30')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('--received must be a date')
    const twice = run('--received', '2024-01-31', '--extension', '5', '--extension', '5')
    expect(twice.status).toBe(2)
    expect(twice.stderr).toContain('CLOCK_EXTENSION_REPEATED')
    const over = run('--received', '2019-05-14', '--extension', '16')
    expect(over.status).toBe(2)
    expect(over.stderr).toContain('CLOCK_EXTENSION_OVER_MAXIMUM')
  }, 60_000)

  it('exits 3 naming the year when the calendar does not cover it (2035)', () => {
    const r = run('--received', '2035-03-01', '--json')
    expect(r.status).toBe(3)
    expect(r.stderr).toContain('2035')
    expect(r.stdout).toBe('')
  })
})
