import { randomInt } from 'node:crypto'
import { z } from 'zod'
import { ROLES, type Role } from './user.table.js'

/** A role grant as the console lists it, with its organ's name and code. */
export interface GrantView {
  id: string
  role: Role
  organId: string
  organName: string
  organCode: string
  includeSubtree: boolean
}

/** A staff account with its grants (never its password hash). */
export interface UserWithGrants {
  id: string
  username: string
  displayName: string
  disabled: boolean
  mustChangePassword: boolean
  lockedUntil: string | null
  lastLoginAt: string | null
  createdAt: string
  grants: GrantView[]
}

/** Chinese labels of the user form's fields (form labels, CLI error lines). */
export const USER_FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  displayName: '姓名',
  password: '初始密码',
  role: '角色',
  organId: '机关',
  includeSubtree: '含下级机关',
}

/**
 * User names: 3–32 characters, lower-case letters, digits, '.', '_' and '-', starting with a
 * letter. Lower case only, because log-in compares names exactly.
 */
export const usernameSchema = z
  .string({ error: '请填写用户名' })
  .trim()
  .min(3, { error: '用户名至少 3 个字符' })
  .max(32, { error: '用户名不能超过 32 个字符' })
  .regex(/^[a-z][a-z0-9._-]*$/, {
    error: '用户名只能由小写字母、数字和“.”“_”“-”组成，并以字母开头',
  })

export const displayNameSchema = z
  .string({ error: '请填写姓名' })
  .trim()
  .min(1, { error: '请填写姓名' })
  .max(50, { error: '姓名不能超过 50 个字' })

export const roleSchema = z.enum(ROLES, { error: '请选择角色' })

/** A grant to give: the role, the organ, and whether it covers the organ's subtree. */
export interface GrantInput {
  role: Role
  organId: string
  includeSubtree: boolean
}

export const grantInputSchema = z.object({
  role: roleSchema,
  organId: z.string({ error: '请选择机关' }).trim().min(1, { error: '请选择机关' }),
  includeSubtree: z.boolean().default(false),
})

const PASSWORD_SETS = [
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  'abcdefghijkmnopqrstuvwxyz',
  '23456789',
  '-!#%+=?@',
] as const

/**
 * A random temporary password that meets the policy: 14 characters from all four classes
 * (no look-alike characters), about 80 bits of entropy.
 */
export function generatePassword(): string {
  const chars: string[] = PASSWORD_SETS.map((set) => set[randomInt(set.length)] as string)
  const all = PASSWORD_SETS.join('')
  while (chars.length < 14) {
    chars.push(all[randomInt(all.length)] as string)
  }
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[chars[i], chars[j]] = [chars[j] as string, chars[i] as string]
  }
  return chars.join('')
}
