// The module folders of src/modules and the import zones that seal them (used by eslint.config.js
// and documented in docs/ARCHITECTURE.md). A module folder is src/modules/<m>/, or
// src/modules/catalogue/<sub>/ or src/modules/requests/<sub>/ for their sub-domains. From outside a folder only its
// index.ts may be imported (and routes.ts, by src/app.ts only); *.table.ts files are the schema,
// which src/db composes, so they are importable too.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const NESTED = new Set(['catalogue', 'requests'])

/** Folder paths relative to the repository root, e.g. 'src/modules/catalogue/items'. */
export function moduleFolders(root) {
  const base = join(root, 'src/modules')
  const out = []
  for (const m of readdirSync(base)) {
    const p = join(base, m)
    if (!statSync(p).isDirectory()) continue
    if (NESTED.has(m)) {
      for (const s of readdirSync(p)) {
        if (statSync(join(p, s)).isDirectory()) out.push(`src/modules/${m}/${s}`)
      }
    } else {
      out.push(`src/modules/${m}`)
    }
  }
  return out
}

/** Glob patterns for every source file outside `folder`. */
function outside(folder) {
  const parts = folder.split('/')
  const globs = []
  for (let i = 1; i < parts.length; i++) {
    const parent = parts.slice(0, i).join('/')
    globs.push(`${parent}/!(${parts[i]})/**/*`, `${parent}/*.{ts,tsx}`)
  }
  return globs
}

export function boundaryZones(root) {
  const zones = []
  for (const folder of moduleFolders(root)) {
    const abs = join(root, folder)
    zones.push({
      target: outside(folder),
      from: [`${abs}/**/*`],
      except: [`${abs}/{index,routes}.ts`, `${abs}/*.table.ts`],
      message: `enter ${folder}/ only through its index.ts`,
    })
    zones.push({
      target: ['src/!(app).ts', 'src/*/**/*'],
      from: [`${abs}/routes.ts`],
      message: 'a module’s routes.ts is registered by src/app.ts only',
    })
  }
  return zones
}
