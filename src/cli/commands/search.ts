import type { Command } from 'commander'
import { say, withDeps } from '../context.js'

/** `gongkai search optimize`: full-text index maintenance (see SearchIndex.optimize). */
export function registerSearch(program: Command): void {
  const search = program.command('search').description('full-text search index maintenance')
  search
    .command('optimize')
    .description(
      'compact the search index after large imports (SQLite: merge the FTS5 segments; PostgreSQL: ANALYZE)',
    )
    .action(async () => {
      const started = Date.now()
      await withDeps((deps) => deps.search.optimize(deps.db.kysely))
      say(`搜索索引已优化 (search index optimised) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    })
}
