import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

// Frozen in time: never import application code here.
// Materialised path of every organ: '/<root id>/<child id>/…/<own id>/'. Ancestors are read from
// an organ's own path; a subtree is the range [path, path with its last '/' replaced by '0'),
// which a plain B-tree index answers on both engines. On PostgreSQL the column uses the "C"
// collation so that the range compares bytes (a locale collation may ignore the '/').
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('organ')
    .addColumn('path', 'text', (c) => (dialect === 'postgres' ? c.modifyFront(sql`COLLATE "C"`) : c))
    .execute()
  const rows = await db.selectFrom('organ').select(['id', 'parent_id']).execute()
  const parentOf = new Map<string, string | null>(
    rows.map((r: { id: string; parent_id: string | null }) => [r.id, r.parent_id]),
  )
  const pathOf = new Map<string, string>()
  const compute = (id: string): string => {
    const known = pathOf.get(id)
    if (known) {
      return known
    }
    const chain: string[] = []
    let cur: string | null | undefined = id
    while (cur && !chain.includes(cur)) {
      chain.unshift(cur)
      cur = parentOf.get(cur)
    }
    const path = `/${chain.join('/')}/`
    pathOf.set(id, path)
    return path
  }
  for (const r of rows as Array<{ id: string }>) {
    await db
      .updateTable('organ')
      .set({ path: compute(r.id) })
      .where('id', '=', r.id)
      .execute()
  }
  await db.schema.createIndex('organ_path_idx').on('organ').column('path').execute()
}
