import type { AppDeps } from '../../shared/deps.js'
import { isDomainError } from '../../shared/errors.js'
import { loadCatalogueDemo, type CatalogueDemoReport } from './catalogue.demo.js'
import { createOrgan, findOrganByCode, hasAnyOrgan } from '../organs/index.js'
import { OPERATOR_ACTOR, ROLE_LABELS } from '../access/index.js'
import { createUser, getUserByUsername, grantRole } from '../users/index.js'
import type { UserWithGrants } from '../users/index.js'
import { DEMO_ACCOUNTS, DEMO_ORGANS, DEMO_PASSWORD, demoOrgan } from './demo.data.js'

/** What `loadDemo` did; a second run reports nothing created. */
export interface DemoReport {
  organsCreated: string[]
  usersCreated: string[]
  grantsAdded: number
  /** Every demo account, for printing (DEMO ONLY). */
  accounts: Array<{ username: string; password: string; displayName: string; roles: string }>
  /** The demo disclosure items (catalogue.demo.ts). */
  catalogue: CatalogueDemoReport
}

async function findUser(deps: AppDeps, username: string): Promise<UserWithGrants | null> {
  try {
    return await getUserByUsername(deps, username)
  } catch (err) {
    if (isDomainError(err) && err.code === 'USER_NOT_FOUND') {
      return null
    }
    throw err
  }
}

/**
 * Loads the demo installation (demo.data.ts) through the ordinary services, so every organ,
 * account and grant is validated and written to the audit trail like any other; then the demo
 * disclosure items (catalogue.demo.ts). Idempotent:
 * what exists already (organs by code, accounts by user name, grants by role and organ) is left
 * as it is, including passwords an operator has since changed.
 */
export async function loadDemo(deps: AppDeps): Promise<DemoReport> {
  const report: Omit<DemoReport, 'catalogue'> = {
    organsCreated: [],
    usersCreated: [],
    grantsAdded: 0,
    accounts: [],
  }
  const idByKey = new Map<string, string>()

  // Parents come before children in DEMO_ORGANS.
  for (const o of DEMO_ORGANS) {
    const existing = await findOrganByCode(deps.db.kysely, o.code)
    if (existing) {
      idByKey.set(o.key, existing.id)
      continue
    }
    const parentId = o.parentKey ? idByKey.get(o.parentKey) : null
    if (parentId === undefined) {
      throw new Error(`demo organ ${o.key} listed before its parent ${String(o.parentKey)}`)
    }
    const created = await createOrgan(deps, OPERATOR_ACTOR, {
      name: o.name,
      shortName: o.shortName,
      kind: o.kind,
      parentId,
      code: o.code,
      sortOrder: o.sortOrder,
      officeName: o.office.name,
      officeAddress: o.office.address,
      officePostcode: o.office.postcode,
      officeHours: o.office.hours,
      officePhone: o.office.phone,
      officeFax: o.office.fax,
      officeEmail: o.office.email,
      officeWeb: o.office.web,
    })
    idByKey.set(o.key, created.id)
    report.organsCreated.push(o.name)
  }

  for (const a of DEMO_ACCOUNTS) {
    const wanted = a.grants.map((g) => ({
      role: g.role,
      organId: idByKey.get(g.organKey) as string,
      includeSubtree: g.subtree,
    }))
    const user = await findUser(deps, a.username)
    if (!user) {
      await createUser(deps, OPERATOR_ACTOR, {
        username: a.username,
        displayName: a.displayName,
        password: DEMO_PASSWORD,
        grants: wanted,
        // Demo accounts keep the published password so visitors can look around at once.
        mustChangePassword: false,
      })
      report.usersCreated.push(a.username)
      report.grantsAdded += wanted.length
    } else {
      for (const g of wanted) {
        if (!user.grants.some((h) => h.role === g.role && h.organId === g.organId)) {
          await grantRole(deps, OPERATOR_ACTOR, user.id, g)
          report.grantsAdded += 1
        }
      }
    }
    report.accounts.push({
      username: a.username,
      password: DEMO_PASSWORD,
      displayName: a.displayName,
      roles: a.grants
        .map((g) => `${ROLE_LABELS[g.role]} @ ${demoOrgan(g.organKey).name}${g.subtree ? '（含下级）' : ''}`)
        .join('；'),
    })
  }

  // Disclosure items of the demo departments, drafted and reviewed by the demo accounts above.
  const catalogue = await loadCatalogueDemo(deps, {
    organIds: Object.fromEntries(DEMO_ORGANS.map((o) => [o.key, idByKey.get(o.key)])),
  })
  return { ...report, catalogue }
}

/** True when the database holds no organ yet (a fresh installation). */
export async function isEmptyInstallation(deps: AppDeps): Promise<boolean> {
  return !(await hasAnyOrgan(deps.db.kysely))
}
