import { createHash } from 'node:crypto'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError } from '../../../shared/errors.js'
import type { Actor } from '../../audit/index.js'
import { getOrganById } from '../../organs/index.js'
import type { Organ } from '../../organs/index.js'
import { indexNumbersInUse, itemIdentitiesOfOrgan } from '../items/index.js'
import { writeImportBatch, type BatchResult } from './import-batch.js'
import { mapColumns, type ColumnMapping, type ImportCell, type ImportRecord } from './import-fields.js'
import {
  countDocNumber,
  countReasons,
  emptyDocNumberStats,
  isIssue,
  rowIssue,
  type DocNumberStats,
  type ImportIssue,
} from './import-issues.js'
import {
  dedupeKey,
  duplicateIssue,
  indexTakenIssue,
  validateImportRow,
  type ValidImportRow,
} from './item-import.js'

/**
 * Import of catalogue items from an older system (条例 Art. 19 主动公开 items published before the
 * platform existed). Rows are validated first, in memory; valid rows are written in batches, each
 * batch in one transaction together with its 索引号 counters, search-index entries and its audit
 * entry (import-batch.ts), so an item is either fully there (row, index entry, revision snapshot,
 * audit entry) or not at all — also when the process is killed between batches. A batch the
 * database refuses is retried row by row, so one bad row never takes good rows down with it.
 */

export interface ImportProgress {
  read: number
  imported: number
  rejected: number
  /** Data rows in the file, when known in advance. */
  total: number | null
}

export interface ImportOptions {
  /** Validate and check against the database, write nothing. */
  dryRun?: boolean
  /** Called after each batch. */
  onProgress?: (p: ImportProgress) => void
  /** Called for every issue as it is found (for streaming a report). */
  onIssue?: (i: ImportIssue) => void
  /** Rows per transaction (default 1000). */
  batchSize?: number
  /** File name recorded as each item's source (`name:line`). */
  sourceName?: string
  total?: number | null
}

export interface ImportSummary {
  source: string
  dryRun: boolean
  read: number
  imported: number
  rejected: number
  warnings: number
  durationMs: number
  rowsPerSecond: number
  rejectedByReason: Record<string, number>
  warningsByReason: Record<string, number>
  /** 文号 of the imported (or, on a dry run, importable) rows. */
  docNumbers: DocNumberStats
  /** 索引号 kept from the file and newly assigned. */
  indexNumbers: { kept: number; assigned: number }
  ignoredColumns: string[]
  /** The first MAX_KEPT_ISSUES issues (all of them go to `onIssue`). */
  issues: ImportIssue[]
}

const MAX_KEPT_ISSUES = 100_000
const DEFAULT_BATCH = 1000

/** 53 bits of SHA-1: duplicate detection over millions of rows without keeping the keys. */
function keyHash(key: string): number {
  const d = createHash('sha1').update(key).digest()
  return d.readUIntBE(0, 6) * 32 + (d[6] as number) / 8
}

/** Today's calendar date in China time. */
function chinaToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

class ImportRun {
  readonly issues: ImportIssue[] = []
  read = 0
  imported = 0
  rejectedRows = 0
  warningCount = 0
  keptIndex = 0
  assignedIndex = 0
  readonly docNumbers = emptyDocNumberStats()
  readonly ignored = new Set<string>()
  /** keyHash(dedupeKey) → the line it was first seen on (0 = already in the database). */
  readonly seen = new Map<number, number>()
  /** 索引号 claimed by earlier rows of this run. */
  readonly claimedIndex = new Set<string>()
  private readonly mappings = new Map<string, ColumnMapping>()

  constructor(
    private readonly deps: AppDeps,
    private readonly actor: Actor,
    readonly organ: Organ,
    readonly opts: ImportOptions,
    readonly source: string,
  ) {}

  note(i: ImportIssue): void {
    if (i.severity === 'warning') {
      this.warningCount += 1
    }
    if (this.issues.length < MAX_KEPT_ISSUES) {
      this.issues.push(i)
    }
    this.opts.onIssue?.(i)
  }

  reject(issues: readonly ImportIssue[]): void {
    this.rejectedRows += 1
    for (const i of issues) {
      this.note(i)
    }
  }

  mappingFor(values: Record<string, ImportCell>): ColumnMapping {
    const headers = Object.keys(values)
    const sig = headers.join('\u0001')
    let m = this.mappings.get(sig)
    if (!m) {
      m = mapColumns(headers)
      this.mappings.set(sig, m)
      for (const h of m.ignored) {
        this.ignored.add(h)
      }
    }
    return m
  }

  progress(): void {
    this.opts.onProgress?.({
      read: this.read,
      imported: this.imported,
      rejected: this.rejectedRows,
      total: this.opts.total ?? null,
    })
  }

  /** Drops original 索引号 already used in the database or earlier in the file (with a warning). */
  async settleIndexNumbers(batch: Array<{ row: ValidImportRow }>): Promise<void> {
    const wanted = batch.map((b) => b.row.indexNoText).filter((x): x is string => x !== null)
    if (wanted.length === 0) {
      return
    }
    const taken = await indexNumbersInUse(this.deps.db.kysely, wanted)
    for (const b of batch) {
      const text = b.row.indexNoText
      if (text === null) {
        continue
      }
      if (taken.has(text) || this.claimedIndex.has(text)) {
        this.note(indexTakenIssue(b.row))
        b.row.indexNo = null
        b.row.indexNoText = null
      } else {
        this.claimedIndex.add(text)
      }
    }
  }

  /** Batches written (or attempted) so far; numbers each batch's audit entry. */
  private batches = 0

  /** One transaction: the rows and their audit entry (import-batch.ts). */
  private writeBatch(rows: readonly ValidImportRow[]): Promise<BatchResult> {
    return writeImportBatch(this.deps, this.actor, this.organ, rows, {
      source: this.source,
      batch: this.batches,
      read: this.read,
      rejected: this.rejectedRows,
    })
  }

  /** Writes a batch; if the database refuses it, writes its rows one by one and rejects only the failing ones. */
  async flush(batch: Array<{ row: ValidImportRow }>): Promise<void> {
    if (batch.length === 0) {
      return
    }
    await this.settleIndexNumbers(batch)
    const rows = batch.map((b) => b.row)
    if (this.opts.dryRun) {
      this.imported += rows.length
      for (const r of rows) {
        countDocNumber(this.docNumbers, r.docNumber)
      }
      return
    }
    this.batches += 1
    try {
      const r = await this.writeBatch(rows)
      this.count(rows, r)
    } catch (err) {
      if (rows.length === 1) {
        const row = rows[0] as ValidImportRow
        this.reject([rowIssue(row.line, 'write_failed', err instanceof Error ? err.message : String(err))])
        return
      }
      const failures: Array<{ row: ValidImportRow; message: string }> = []
      let last: unknown = err
      for (const row of rows) {
        try {
          this.count([row], await this.writeBatch([row]))
        } catch (e) {
          last = e
          failures.push({ row, message: e instanceof Error ? e.message : String(e) })
        }
      }
      // Every row refused for one and the same reason: the database is at fault (a missing
      // table, a full disk), not the data. Stop rather than reject the rest of the file row by row.
      if (failures.length === rows.length && new Set(failures.map((f) => f.message)).size === 1) {
        throw last
      }
      for (const f of failures) {
        this.reject([rowIssue(f.row.line, 'write_failed', f.message)])
      }
    }
  }

  private count(rows: readonly ValidImportRow[], r: { kept: number; assigned: number }): void {
    this.imported += rows.length
    this.keptIndex += r.kept
    this.assignedIndex += r.assigned
    for (const row of rows) {
      countDocNumber(this.docNumbers, row.docNumber)
    }
  }
}

/**
 * Imports catalogue rows as published items of an organ.
 *
 * `records` may be any (async) iterable — the file readers below, or generated rows (benchmark).
 * An `ImportIssue` in the stream (a line that could not be read at all) counts as a rejected row.
 * Each written batch has its `item.imported` audit entry, committed with it (its line and doc_no
 * ranges and the run's counts so far); a dry run writes nothing at all.
 * @throws DomainError IMPORT_FILE_INVALID when the records hold no data row at all
 */
export async function importItems(
  deps: AppDeps,
  actor: Actor,
  organId: string,
  records: Iterable<ImportRecord | ImportIssue> | AsyncIterable<ImportRecord | ImportIssue>,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now()
  const organ = await getOrganById(deps.db.kysely, organId)
  const source = opts.sourceName ?? 'import'
  const run = new ImportRun(deps, actor, organ, opts, source)
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH)
  const ctx = { organName: organ.name, today: chinaToday(deps.clock.now()) }

  for await (const it of itemIdentitiesOfOrgan(deps.db.kysely, organ.id)) {
    run.seen.set(keyHash(dedupeKey(it.title, it.publishedDate, it.docNumber)), 0)
  }

  const summarise = (): ImportSummary => {
    const durationMs = Math.round(performance.now() - started)
    return {
      source,
      dryRun: opts.dryRun === true,
      read: run.read,
      imported: run.imported,
      rejected: run.rejectedRows,
      warnings: run.warningCount,
      durationMs,
      rowsPerSecond: durationMs > 0 ? Math.round((run.read / durationMs) * 1000) : run.read,
      rejectedByReason: countReasons(run.issues, 'error'),
      warningsByReason: countReasons(run.issues, 'warning'),
      docNumbers: run.docNumbers,
      indexNumbers: { kept: run.keptIndex, assigned: run.assignedIndex },
      ignoredColumns: [...run.ignored],
      issues: run.issues,
    }
  }
  // A failure stops the run: batches committed before stay, each with its own audit entry; the
  // failing batch left nothing.
  let batch: Array<{ row: ValidImportRow }> = []
  for await (const rec of records) {
    run.read += 1
    if (isIssue(rec)) {
      run.reject([rec])
      continue
    }
    const result = validateImportRow(rec, run.mappingFor(rec.values), ctx)
    if (!result.ok) {
      run.reject(result.issues)
      continue
    }
    const h = keyHash(result.row.dedupeKey)
    const first = run.seen.get(h)
    if (first !== undefined) {
      run.reject([duplicateIssue(result.row, first === 0 ? null : first)])
      continue
    }
    run.seen.set(h, result.row.line)
    for (const w of result.warnings) {
      run.note(w)
    }
    batch.push({ row: result.row })
    if (batch.length >= batchSize) {
      await run.flush(batch)
      batch = []
      run.progress()
    }
  }
  await run.flush(batch)
  run.progress()
  if (run.read === 0) {
    throw new DomainError('IMPORT_FILE_INVALID', 'the file has no data rows', {
      userMessage: '导入文件中没有数据行。',
    })
  }
  return summarise()
}
