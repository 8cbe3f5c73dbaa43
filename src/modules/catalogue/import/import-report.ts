import { createWriteStream, type WriteStream } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { CSV_BOM, csvRecord } from '../../../shared/csv.js'
import { REPORT_HEADER, reportRow, type ImportIssue } from './import-issues.js'

/**
 * The per-row import report (CSV: BOM, Chinese header, one record per issue, formula-guarded by
 * src/shared/csv.ts). The file is created with the first issue, so a failed import (a bad file, no
 * data rows, a run that stopped) leaves no empty report behind; a run that completes always leaves
 * one, with the header alone when nothing was found.
 */
export interface ImportReportFile {
  readonly path: string
  /** Issues written so far. */
  readonly rows: number
  write(issue: ImportIssue): void
  /**
   * Finishes the file. `completed`: the import ran to its end (a report is written even when
   * empty). Answers whether a report file now exists.
   */
  close(completed: boolean): Promise<boolean>
}

export function openImportReport(path: string): ImportReportFile {
  let out: WriteStream | null = null
  let rows = 0
  let failure: Error | null = null
  const header = CSV_BOM + csvRecord(REPORT_HEADER)
  return {
    path,
    get rows() {
      return rows
    },
    write(issue) {
      if (!out) {
        out = createWriteStream(path)
        out.on('error', (err) => {
          failure = err
        })
        out.write(header)
      }
      out.write(csvRecord(reportRow(issue)))
      rows += 1
    },
    async close(completed) {
      const stream = out
      if (stream) {
        await new Promise<void>((resolve, reject) => {
          stream.end(() => (failure ? reject(failure) : resolve()))
        })
        return true
      }
      if (completed) {
        await writeFile(path, header)
        return true
      }
      return false
    },
  }
}
