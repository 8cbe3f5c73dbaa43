import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

// Frozen in time: never import application code here.
// SQLite: a title-only FTS5 table next to item_fts. The "title hits newest first" tier used an
// FTS5 column filter (`title : …`) on item_fts, which walks every hit of the term in title AND
// body: 20–80 ms on 1,000,000 items for terms common in bodies but absent from titles
// (docs/benchmarks.md), against < 0.3 ms on a title-only table. Titles are a few percent of the
// indexed text, so the extra index is small. PostgreSQL has its title-only column already
// (2026-11-28T0530_search_title).
//
// Backfill: the titles of published items (what item_fts holds), tokenised by the copy of the
// search tokeniser below as it was when this migration was written (search-text.ts).

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}])+/gu

/** Character bigrams of CJK runs plus each run's last character; other letter/digit runs whole. */
function indexText(text: string): string {
  const out: string[] = []
  for (const m of text.normalize('NFKC').toLowerCase().matchAll(RUN)) {
    if (!CJK.test(m[0])) {
      out.push(m[0])
      continue
    }
    const cs = Array.from(m[0])
    for (let i = 0; i + 1 < cs.length; i++) {
      out.push(`${cs[i]}${cs[i + 1]}`)
    }
    out.push(cs[cs.length - 1] ?? '')
  }
  return out.join(' ')
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') {
    return
  }
  await sql`CREATE VIRTUAL TABLE item_title_fts USING fts5(title, content='', contentless_delete=1, tokenize='ascii')`.execute(
    db,
  )
  let after = -1
  for (;;) {
    const rows = await sql<{ doc_no: number; title: string }>`
      SELECT doc_no, title FROM item WHERE status = 'published' AND doc_no > ${after} ORDER BY doc_no LIMIT 2000`.execute(
      db,
    )
    if (rows.rows.length === 0) {
      break
    }
    for (let i = 0; i < rows.rows.length; i += 200) {
      const values = rows.rows.slice(i, i + 200).map((r) => sql`(${r.doc_no}, ${indexText(r.title)})`)
      await sql`INSERT INTO item_title_fts (rowid, title) VALUES ${sql.join(values)}`.execute(db)
    }
    after = Number(rows.rows[rows.rows.length - 1]?.doc_no)
  }
}
