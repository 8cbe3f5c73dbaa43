import type { Command } from 'commander'
import { ORGAN_KIND_LABELS } from '../../modules/organs/index.js'
import { createOrgan, getOrganByCode, listOrganTree } from '../../modules/organs/index.js'
import { ORGAN_KINDS } from '../../modules/organs/organ.table.js'
import { OPERATOR_ACTOR } from '../../modules/access/index.js'
import { DomainError, isDomainError, ValidationError } from '../../shared/errors.js'
import { say, withDeps } from '../context.js'

interface OrgAddOptions {
  name: string
  code: string
  parent?: string
  kind?: string
  shortName?: string
}

export function registerOrg(program: Command): void {
  const org = program.command('org').description('organs (行政机关): add and list')

  org
    .command('add')
    .description('add an organ; the code is checked (GB 32100 / GB 11714 check character)')
    .requiredOption('--name <name>', 'full name, e.g. 张店区广播电视局')
    .requiredOption('--code <code>', '18-character 统一社会信用代码 or 9-character 组织机构代码')
    .option('--parent <code>', 'code of the parent organ (omit for a top-level government)')
    .option(
      '--kind <kind>',
      `one of ${ORGAN_KINDS.join(', ')} (default: government at the top, else department)`,
    )
    .option('--short-name <name>', 'short name, e.g. 区广电局')
    .action(async (opts: OrgAddOptions) => {
      // Refused before the database is opened, naming every valid value.
      if (opts.kind && !(ORGAN_KINDS as readonly string[]).includes(opts.kind)) {
        const valid = ORGAN_KINDS.map((k) => `${k} (${ORGAN_KIND_LABELS[k]})`).join(', ')
        throw new ValidationError(
          { kind: ['请选择机关类型'] },
          `unknown --kind "${opts.kind}"; valid kinds: ${valid}`,
        )
      }
      const organ = await withDeps(async (deps) => {
        let parentId: string | null = null
        if (opts.parent) {
          try {
            parentId = (await getOrganByCode(deps.db.kysely, opts.parent)).id
          } catch (err) {
            if (isDomainError(err) && err.code === 'ORGAN_NOT_FOUND') {
              throw new DomainError('ORGAN_PARENT_INVALID', `no organ with code ${opts.parent} (--parent)`)
            }
            throw err
          }
        }
        return createOrgan(deps, OPERATOR_ACTOR, {
          name: opts.name,
          code: opts.code,
          parentId,
          kind: opts.kind,
          shortName: opts.shortName ?? null,
        })
      })
      say(`已新增机关 (organ added): ${organ.name}  ${organ.code}  ${ORGAN_KIND_LABELS[organ.kind]}`)
    })

  org
    .command('list')
    .description('list every organ, one a line with its code, indented by depth')
    .action(async () => {
      const tree = await withDeps((deps) => listOrganTree(deps.db.kysely))
      if (tree.length === 0) {
        say('尚无机关 (no organs yet): add one with `gongkai org add`')
        return
      }
      for (const { organ, depth } of tree) {
        say(`${'  '.repeat(depth)}${organ.code}  ${organ.name}  (${ORGAN_KIND_LABELS[organ.kind]})`)
      }
    })
}
