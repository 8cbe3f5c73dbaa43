import type { Insertable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type { AppDeps } from '../../../shared/deps.js'
import { newId } from '../../../shared/ids.js'
import type { SearchDoc } from '../../../shared/search-index.js'
import { actorFields, recordAudit, type Actor } from '../../audit/index.js'
import type { Organ } from '../../organs/index.js'
import type { ItemRevisionTable, NewItemRow } from '../catalogue.table.js'
import { formatIndexNumber } from '../classification/index.js'
import {
  insertImportedItems,
  keepIndexSerialsAbove,
  reserveItemDocNos,
  reserveItemIndexSerials,
} from '../items/index.js'
import type { ValidImportRow } from './item-import.js'

/**
 * One batch of an import, written in one transaction: its doc_no and 索引号 numbers, its item rows
 * and revision-1 snapshots, their search-index entries and the batch's `item.imported` audit entry
 * (条例 Art. 19 主动公开 items are published the moment they are written, so the audit trail must
 * hold them the moment they are visible). A crash anywhere leaves the batch entirely written,
 * audit entry included, or not at all.
 */

/** What the batch's audit entry says about the run it belongs to. */
export interface BatchContext {
  /** File name recorded as each item's source (`name:line`). */
  source: string
  /** 1, 2, 3 … in the run (a batch retried row by row gives one entry per row, same number). */
  batch: number
  /** Rows read and rejected in the run so far (the last entry holds the run's totals). */
  read: number
  rejected: number
}

export interface BatchResult {
  /** 索引号 kept from the file and newly assigned. */
  kept: number
  assigned: number
}

/** 00:00 on the publication day in China time (UTC+8), as an instant. */
function publishedInstant(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString()
}

/** What the search index holds for an item: title; summary, 文号 and body (as item.service.ts builds it). */
function searchDocOf(docNo: number, row: ValidImportRow): SearchDoc {
  const parts = [row.summary, row.docNumber?.normalised, row.docNumber?.raw, row.bodyText]
  return { docNo, title: row.title, body: parts.filter((p): p is string => !!p).join('\n') }
}

/** The revision-1 snapshot, in the shape item.service.ts keeps in item_revision. */
function snapshotOf(row: NewItemRow, r: ValidImportRow): string {
  return JSON.stringify({
    indexNo: row.index_no,
    revision: 1,
    title: row.title,
    summary: row.summary,
    bodyHtml: row.body_html,
    docNumberRaw: row.doc_number_raw,
    docNumber: row.doc_number,
    jointIssuers: r.jointIssuers,
    writtenDate: row.written_date,
    formedDate: row.formed_date,
    publishedDate: row.published_date,
    revisedDate: null,
    topic: row.topic,
    genre: row.genre,
    art20Item: null,
    art21Item: null,
    keyAreas: [],
    scope: row.scope,
    term: row.term,
    validity: row.validity,
    validityDate: null,
  })
}

/** The 前段码 that 索引号 issued for this organ begin with (both formats). */
function organPrefixes(organ: Organ): Set<string> {
  return new Set([organ.code, organ.orgCode])
}

/**
 * Writes `rows` as published items of `organ` with the batch's audit entry, all in one transaction.
 * The entry names the batch's line range and doc_no range, so every imported item is covered by
 * exactly one entry. @throws whatever the database or the audit trail refuses (nothing is written)
 */
export function writeImportBatch(
  deps: AppDeps,
  actor: Actor,
  organ: Organ,
  rows: readonly ValidImportRow[],
  batch: BatchContext,
): Promise<BatchResult> {
  const { db, clock, config, search } = deps
  const now = clock.now().toISOString()
  return db.kysely.transaction().execute(async (trx: Trx) => {
    const firstDocNo = await reserveItemDocNos(trx, rows.length)
    // New 索引号: per year of publication, in the file's row order.
    const needing = new Map<number, number>()
    const maxKept = new Map<number, number>()
    const prefixes = organPrefixes(organ)
    for (const r of rows) {
      if (r.indexNo === null) {
        const y = Number(r.publishedDate.slice(0, 4))
        needing.set(y, (needing.get(y) ?? 0) + 1)
      } else if (prefixes.has(r.indexNo.prefix)) {
        maxKept.set(r.indexNo.year, Math.max(maxKept.get(r.indexNo.year) ?? 0, r.indexNo.serial))
      }
    }
    // Serials issued later must not collide with the kept ones.
    for (const [year, serial] of maxKept) {
      await keepIndexSerialsAbove(db, trx, organ.id, year, serial)
    }
    const nextSerial = new Map<number, number>()
    for (const [year, count] of needing) {
      nextSerial.set(year, await reserveItemIndexSerials(trx, organ.id, year, count))
    }

    let kept = 0
    let assigned = 0
    const items: NewItemRow[] = []
    const revisions: Array<Insertable<ItemRevisionTable>> = []
    const docs: SearchDoc[] = []
    rows.forEach((r, i) => {
      const docNo = firstDocNo + i
      let indexNo: string
      let indexYear: number
      let indexSerial: number
      if (r.indexNo !== null && r.indexNoText !== null) {
        indexNo = r.indexNoText
        indexYear = r.indexNo.year
        indexSerial = r.indexNo.serial
        kept += 1
      } else {
        indexYear = Number(r.publishedDate.slice(0, 4))
        indexSerial = nextSerial.get(indexYear) as number
        nextSerial.set(indexYear, indexSerial + 1)
        indexNo = formatIndexNumber(config.indexNumberFormat, organ, r.publishedDate, indexSerial)
        assigned += 1
      }
      const dn = r.docNumber
      const item: NewItemRow = {
        id: newId(),
        doc_no: docNo,
        organ_id: organ.id,
        index_no: indexNo,
        index_year: indexYear,
        index_serial: indexSerial,
        title: r.title,
        summary: r.summary,
        body_html: r.bodyHtml,
        body_text: r.bodyText,
        doc_number_raw: dn?.raw ?? null,
        doc_number: dn?.normalised ?? null,
        doc_number_agency: dn?.agency ?? null,
        doc_number_year: dn?.year ?? null,
        doc_number_serial: dn?.serial ?? null,
        joint_issuers: JSON.stringify(r.jointIssuers),
        written_date: r.writtenDate,
        formed_date: r.writtenDate,
        published_date: r.publishedDate,
        published_year: Number(r.publishedDate.slice(0, 4)),
        published_at: publishedInstant(r.publishedDate),
        topic: r.topic,
        genre: r.genre,
        art20_item: null,
        art21_item: null,
        key_areas: '[]',
        disclosure_mode: 'proactive',
        withheld_reason: null,
        scope: 'public',
        term: 'long',
        validity: r.validity,
        validity_date: null,
        replaced_by_id: null,
        status: 'published',
        return_reason: null,
        withdraw_reason: null,
        drafted_by: null,
        first_reviewer_id: null,
        final_approver_id: null,
        sample: 0,
        source: `${batch.source}:${r.line}`,
        revision: 1,
        version: 1,
        created_at: now,
        updated_at: now,
      }
      items.push(item)
      revisions.push({
        id: newId(),
        item_id: item.id,
        revision: 1,
        snapshot: snapshotOf(item, r),
        note: `导入：${batch.source}:${r.line}`,
        created_by: actor.id,
        created_at: now,
      })
      docs.push(searchDocOf(docNo, r))
    })
    await insertImportedItems(db, trx, items, revisions)
    await search.upsert(trx, docs)
    const first = rows[0] as ValidImportRow
    const last = rows[rows.length - 1] as ValidImportRow
    await recordAudit(trx, clock, {
      ...actorFields(actor),
      organId: organ.id,
      action: 'item.imported',
      targetType: 'organ',
      targetId: organ.id,
      summary: {
        source: batch.source,
        batch: batch.batch,
        firstLine: first.line,
        lastLine: last.line,
        firstDocNo,
        lastDocNo: firstDocNo + rows.length - 1,
        imported: rows.length,
        indexNumbers: { kept, assigned },
        read: batch.read,
        rejected: batch.rejected,
      },
    })
    return { kept, assigned }
  })
}
