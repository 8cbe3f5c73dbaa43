import type { Kdb } from '../src/db/database.js'

/** What an `item.imported` entry says about the batch it commits with. */
export interface ImportBatchEntry {
  batch: number
  firstLine: number
  lastLine: number
  firstDocNo: number
  lastDocNo: number
  imported: number
}

/** The `item.imported` entries of an organ, oldest first. */
export async function importBatchEntries(db: Kdb, organId: string): Promise<ImportBatchEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('summary')
    .where('organ_id', '=', organId)
    .where('action', '=', 'item.imported')
    .orderBy('seq')
    .execute()
  return rows.map((r) => JSON.parse(r.summary) as ImportBatchEntry)
}

/**
 * The imported items of an organ (source set, status published) that no `item.imported` entry
 * covers, and the entries' doc_no ranges that hold no item: both empty when data and audit agree.
 */
export async function importAuditGaps(
  db: Kdb,
  organId: string,
): Promise<{ items: number; entries: number; uncovered: number[]; emptyRanges: ImportBatchEntry[] }> {
  const entries = await importBatchEntries(db, organId)
  const docNos = (
    await db
      .selectFrom('item')
      .select('doc_no')
      .where('organ_id', '=', organId)
      .where('source', 'is not', null)
      .where('status', '=', 'published')
      .execute()
  ).map((r) => Number(r.doc_no))
  const held = new Set(docNos)
  const covered = (d: number) => entries.some((e) => d >= e.firstDocNo && d <= e.lastDocNo)
  return {
    items: docNos.length,
    entries: entries.length,
    uncovered: docNos.filter((d) => !covered(d)),
    emptyRanges: entries.filter((e) => {
      let n = 0
      for (let d = e.firstDocNo; d <= e.lastDocNo; d++) {
        n += held.has(d) ? 1 : 0
      }
      return n !== e.imported
    }),
  }
}
