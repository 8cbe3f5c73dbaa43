/**
 * Validation of organ codes (pure).
 * - 统一社会信用代码 (unified social credit code), 18 characters, GB 32100-2015.
 * - 组织机构代码 (organization code), 9 characters (8 + check), GB 11714-1997.
 */

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY' // GB 32100: no I, O, S, V, Z
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

export type OrganCodeCheck =
  | { ok: true; type: 'uscc' | 'org9'; code: string; orgCode: string }
  | {
      ok: false
      reason: string
      /** The check character the code should have had, if computable. */ expected?: string
    }

/** The GB 11714 check character for the first 8 characters of an organization code. */
export function orgCodeCheckChar(body8: string): string | null {
  if (!/^[0-9A-Z]{8}$/.test(body8)) {
    return null
  }
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const ch = body8.charCodeAt(i)
    const v = ch <= 57 ? ch - 48 : ch - 55 // '0'..'9' → 0..9, 'A'..'Z' → 10..35
    sum += v * (ORG_WEIGHTS[i] as number)
  }
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

/** The GB 32100 check character for the first 17 characters of a USCC. */
export function usccCheckChar(body17: string): string | null {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(body17[i] ?? '?')
    if (v < 0) {
      return null
    }
    sum += v * (USCC_WEIGHTS[i] as number)
  }
  const c = (31 - (sum % 31)) % 31
  return USCC_CHARSET[c] ?? null
}

/** Normalises (trims, upper-cases, drops the hyphen of `12345678-9`) and validates either kind of code. */
export function checkOrganCode(raw: string): OrganCodeCheck {
  const code = raw.trim().toUpperCase().replace(/[\s-]/g, '')
  if (code.length === 18) {
    const bad = [...code].findIndex((ch) => !USCC_CHARSET.includes(ch))
    if (bad >= 0) {
      return {
        ok: false,
        reason: `第 ${bad + 1} 位字符“${code[bad]}”不是统一社会信用代码允许的字符（不含 I、O、S、V、Z）`,
      }
    }
    const expected = usccCheckChar(code.slice(0, 17)) as string
    if (code[17] !== expected) {
      return {
        ok: false,
        reason: `统一社会信用代码校验位错误：第 18 位应为“${expected}”，实为“${code[17]}”`,
        expected,
      }
    }
    return { ok: true, type: 'uscc', code, orgCode: code.slice(8, 17) }
  }
  if (code.length === 9) {
    if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) {
      return { ok: false, reason: '组织机构代码应为 8 位数字或大写字母加 1 位校验码（数字或 X）' }
    }
    const expected = orgCodeCheckChar(code.slice(0, 8)) as string
    if (code[8] !== expected) {
      return {
        ok: false,
        reason: `组织机构代码校验码错误：第 9 位应为“${expected}”，实为“${code[8]}”`,
        expected,
      }
    }
    return { ok: true, type: 'org9', code, orgCode: code }
  }
  return {
    ok: false,
    reason: `机构代码应为 18 位统一社会信用代码或 9 位组织机构代码，实为 ${code.length} 位`,
  }
}

/** Builds a valid USCC from a 17-character body (tests, demo data). */
export function completeUscc(body17: string): string {
  const c = usccCheckChar(body17)
  if (!c) {
    throw new Error(`invalid USCC body ${body17}`)
  }
  return body17 + c
}

/** Builds a valid organization code from an 8-character body (tests, demo data). */
export function completeOrgCode(body8: string): string {
  const c = orgCodeCheckChar(body8)
  if (!c) {
    throw new Error(`invalid organization code body ${body8}`)
  }
  return body8 + c
}
