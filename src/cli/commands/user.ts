import type { Command } from 'commander'
import { getOrganByCode } from '../../modules/organs/index.js'
import { OPERATOR_ACTOR, ROLE_LABELS } from '../../modules/access/index.js'
import type { UserWithGrants } from '../../modules/users/index.js'
import { ROLES } from '../../modules/users/user.table.js'
import {
  createUser,
  getUserByUsername,
  listUsersWithGrants,
  resetPassword,
} from '../../modules/users/index.js'
import { DomainError, ValidationError } from '../../shared/errors.js'
import { say, withDeps } from '../context.js'

interface GrantArg {
  role?: string
  organ?: string
  subtree?: boolean
}

/** A role given by its key (officer) or its Chinese name (信息员). */
function roleKey(given: string): string {
  const byLabel = ROLES.find((r) => ROLE_LABELS[r] === given.trim())
  return byLabel ?? given.trim()
}

function grantsLine(u: UserWithGrants): string {
  if (u.grants.length === 0) {
    return '（无角色 no roles）'
  }
  return u.grants
    .map((g) => `${ROLE_LABELS[g.role]}(${g.role})@${g.organCode}${g.includeSubtree ? '+下级' : ''}`)
    .join(', ')
}

/**
 * Collects `--role R --organ CODE [--subtree]` groups in the order they were typed (commander
 * reports each occurrence as an event), so that several grants can be given at once.
 */
function collectGrants(cmd: Command): GrantArg[] {
  const grants: GrantArg[] = []
  cmd.on('option:role', (value: string) => {
    const last = grants.at(-1)
    if (last && last.role === undefined) {
      last.role = value
    } else {
      grants.push({ role: value })
    }
  })
  cmd.on('option:organ', (value: string) => {
    const last = grants.at(-1)
    if (last && last.organ === undefined) {
      last.organ = value
    } else {
      grants.push({ organ: value })
    }
  })
  cmd.on('option:subtree', () => {
    const last = grants.at(-1)
    if (!last) {
      throw new DomainError('REQUEST_INVALID', '--subtree must follow a --role/--organ pair')
    }
    last.subtree = true
  })
  return grants
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('staff accounts: add, list, reset a password')

  const add = user
    .command('add')
    .description('add a staff account; repeat "--role R --organ CODE [--subtree]" for each grant')
    .requiredOption('--username <u>', 'log-in name: lower-case letters, digits, . _ -')
    .requiredOption('--name <name>', 'display name, e.g. 张三')
    .option('--password <p>', 'initial password (checked against the policy); generated when omitted')
    .option('--role <role>', `role: ${ROLES.join(', ')} (or its Chinese name)`)
    .option('--organ <code>', 'code of the organ the role is granted on')
    .option('--subtree', 'the role also covers every organ below')
  const grants = collectGrants(add)
  add.action(async (opts: { username: string; name: string; password?: string }) => {
    for (const g of grants) {
      if (g.role === undefined || g.organ === undefined) {
        throw new DomainError(
          'REQUEST_INVALID',
          'every --role needs its --organ (and every --organ its --role)',
        )
      }
      if (!(ROLES as readonly string[]).includes(roleKey(g.role))) {
        const valid = ROLES.map((r) => `${r} (${ROLE_LABELS[r]})`).join(', ')
        throw new ValidationError(
          { role: ['请选择角色'] },
          `unknown --role "${g.role}"; valid roles: ${valid}`,
        )
      }
    }
    const created = await withDeps(async (deps) => {
      const resolved = []
      for (const g of grants) {
        const organ = await getOrganByCode(deps.db.kysely, g.organ as string)
        resolved.push({
          role: roleKey(g.role as string),
          organId: organ.id,
          includeSubtree: g.subtree === true,
        })
      }
      return createUser(deps, OPERATOR_ACTOR, {
        username: opts.username,
        displayName: opts.name,
        password: opts.password ?? null,
        grants: resolved,
      })
    })
    say(`已新增用户 (user added): ${created.user.username}（${created.user.displayName}）`)
    say(`  角色 (roles): ${grantsLine(created.user)}`)
    if (created.generated) {
      say(`  初始密码 (initial password): ${created.password}`)
    }
    say('  首次登录须修改密码 (must change the password at first log-in)')
  })

  user
    .command('list')
    .description('list every staff account with its roles')
    .action(async () => {
      const users = await withDeps((deps) => listUsersWithGrants(deps, OPERATOR_ACTOR))
      if (users.length === 0) {
        say('尚无用户 (no accounts yet): add one with `gongkai user add`')
        return
      }
      for (const u of users) {
        const state = [
          u.disabled ? '已停用 disabled' : '',
          u.mustChangePassword ? '待改密码 must change password' : '',
        ]
          .filter(Boolean)
          .join(', ')
        say(`${u.username}  ${u.displayName}  ${grantsLine(u)}${state ? `  [${state}]` : ''}`)
      }
    })

  user
    .command('reset-password')
    .description('set a temporary password (generated when omitted), end sessions')
    .argument('<username>', 'the account')
    .option('--password <p>', 'temporary password (checked against the policy)')
    .action(async (username: string, opts: { password?: string }) => {
      const result = await withDeps(async (deps) => {
        const u = await getUserByUsername(deps, username)
        return resetPassword(deps, OPERATOR_ACTOR, u.id, opts.password ?? null)
      })
      say(`已重置密码 (password reset): ${username}；登录会话已全部结束 (sessions ended)`)
      if (result.generated) {
        say(`  临时密码 (temporary password): ${result.password}`)
      }
      say('  下次登录须修改密码 (must change the password at next log-in)')
    })
}
