import { ESLint } from 'eslint'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

// The lint is what seals the modules (docs/ARCHITECTURE.md, "Boundaries"): each case writes a
// deliberate breach into a real file's place and expects ESLint to refuse it.
const ROOT = fileURLToPath(new URL('..', import.meta.url))
let eslint: ESLint

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` })
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message)
}

describe('module boundaries', { timeout: 180_000 }, () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: ROOT })
  })

  it('refuses a service that imports the web layer', async () => {
    const ids = await ruleIds(
      'src/modules/catalogue/items/item-drafting.service.ts',
      "import { sendPage } from '../../../http/html.js'\nexport const x = sendPage\n",
    )
    expect(ids).toContain('no-restricted-imports')
  })

  it('refuses a service that imports the CLI', async () => {
    const ids = await ruleIds(
      'src/modules/site/site.service.ts',
      "import { withDeps } from '../../cli/context.js'\nexport const x = withDeps\n",
    )
    expect(ids).toContain('no-restricted-imports')
  })

  it('refuses an import of another module’s internal file, and of its repository', async () => {
    const internal = await ruleIds(
      'src/modules/site/site.service.ts',
      "import { presentEntry } from '../catalogue/public/public-presenters.js'\nexport const x = presentEntry\n",
    )
    expect(internal).toContain('import-x/no-restricted-paths')
    const repository = await ruleIds(
      'src/modules/console/console.service.ts',
      "import * as repo from '../catalogue/items/item.repository.js'\nexport const x = repo\n",
    )
    expect(repository).toContain('import-x/no-restricted-paths')
  })

  it('refuses an index.ts that re-exports a repository', async () => {
    const ids = await ruleIds(
      'src/modules/catalogue/items/index.ts',
      "export * from './item.repository.js'\n",
    )
    expect(ids).toContain('no-restricted-imports')
  })

  it('refuses a module’s routes.ts imported anywhere but src/app.ts', async () => {
    const ids = await ruleIds(
      'src/modules/console/console.service.ts',
      "import { siteRoutes } from '../site/routes.js'\nexport const x = siteRoutes\n",
    )
    expect(ids).toContain('import-x/no-restricted-paths')
  })

  it('refuses a database driver or an engine class outside src/db and the search engines', async () => {
    const driver = await ruleIds(
      'src/modules/site/site.service.ts',
      "import pg from 'pg'\nexport const x = pg\n",
    )
    expect(driver).toContain('no-restricted-imports')
    const sqlite = await ruleIds(
      'src/shared/ids.ts',
      "import Database from 'better-sqlite3'\nexport const x = Database\n",
    )
    expect(sqlite).toContain('no-restricted-imports')
    const engineClass = await ruleIds(
      'src/modules/catalogue/public/catalogue-public.service.ts',
      "import { SqliteAdapter } from 'kysely'\nexport const x = SqliteAdapter\n",
    )
    expect(engineClass).toContain('no-restricted-imports')
  })

  it('accepts the same imports through a module’s index.ts', async () => {
    const ids = await ruleIds(
      'src/modules/site/site.service.ts',
      "import { presentEntry } from '../catalogue/public/index.js'\nexport const x = presentEntry\n",
    )
    expect(ids.filter((id) => id.includes('restricted'))).toEqual([])
  })
})
