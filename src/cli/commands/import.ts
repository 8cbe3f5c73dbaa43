import { SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import { basename } from 'node:path'
import { getOrganByCode } from '../../modules/organs/index.js'
import {
  openImportReport,
  REASON_LABELS,
  reportRow,
  type ImportIssue,
} from '../../modules/catalogue/import/index.js'
import {
  importItems,
  openImportFile,
  type ImportProgress,
  type ImportSummary,
} from '../../modules/catalogue/import/index.js'
import { CLI_ACTOR, say, withDeps } from '../context.js'

/** Rejections printed on the terminal; all of them (and every warning) go to the report file. */
const PRINTED_REJECTIONS = 100

function pct(n: number, of: number): string {
  return of === 0 ? '—' : `${((n / of) * 100).toFixed(2)}%`
}

/** Progress on stderr: a bar on a terminal, a plain line every ~10% (or 5,000 rows) otherwise. */
function progressReporter(total: number | null): { update(p: ImportProgress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        stream: process.stderr,
        format:
          '导入 [{bar}] {percentage}% | {value}/{total} 行 | 已导入 {imported} | 拒绝 {rejected} | 剩余 {eta_formatted}',
        hideCursor: true,
      },
      undefined,
    )
    bar.start(total ?? 0, 0, { imported: 0, rejected: 0 })
    return {
      update: (p) => {
        if (total === null) {
          bar.setTotal(p.read)
        }
        bar.update(p.read, { imported: p.imported, rejected: p.rejected })
      },
      stop: () => bar.stop(),
    }
  }
  const step = total ? Math.max(1000, Math.ceil(total / 10)) : 5000
  let next = step
  return {
    update: (p) => {
      if (p.read >= next) {
        next = p.read + step
        process.stderr.write(
          `已处理 ${p.read}${total ? `/${total}` : ''} 行：已导入 ${p.imported}，拒绝 ${p.rejected}\n`,
        )
      }
    },
    stop: () => undefined,
  }
}

function printSummary(s: ImportSummary, reportPath: string): void {
  const secs = (s.durationMs / 1000).toFixed(1)
  say(`${s.dryRun ? '试运行（未写入任何数据）' : '导入完成'}：${s.source}`)
  say(
    `  读取 ${s.read} 行，${s.dryRun ? '可导入' : '已导入'} ${s.imported} 行，拒绝 ${s.rejected} 行，提示 ${s.warnings} 条`,
  )
  say(`  用时 ${secs} 秒，${s.rowsPerSecond} 行/秒`)
  const dn = s.docNumbers
  say(
    `  文号：${dn.present} 条，规范化 ${dn.normalised} 条（${pct(dn.normalised, dn.present)}）；` +
      `标准 ${dn.byKind.standard}，令 ${dn.byKind.order}，公告 ${dn.byKind.announcement}，无法识别 ${dn.byKind.unparsed}`,
  )
  if (!s.dryRun) {
    say(`  索引号：沿用原索引号 ${s.indexNumbers.kept} 条，新编 ${s.indexNumbers.assigned} 条`)
  }
  const byReason = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${REASON_LABELS[k] ?? k} ${n}`)
      .join('，')
  if (s.rejected > 0) {
    say(`  拒绝原因：${byReason(s.rejectedByReason)}`)
  }
  if (s.warnings > 0) {
    say(`  提示：${byReason(s.warningsByReason)}`)
  }
  if (s.ignoredColumns.length > 0) {
    say(`  未识别的列（已忽略）：${s.ignoredColumns.join('，')}`)
  }
  say(`  逐行报告：${reportPath}`)
}

export function registerImport(program: Command): void {
  const imp = program.command('import').description('import data from older systems')
  imp
    .command('items')
    .description('import catalogue items (.csv, .xlsx or .jsonl) as published items of an organ')
    .argument('<file>', 'the file to import')
    .requiredOption('--organ <code>', "the publishing organ's code (统一社会信用代码 or 组织机构代码)")
    .option('--dry-run', 'validate and report without writing anything')
    .option('--report <path>', 'where to write the per-row report (CSV)')
    .option('--batch <n>', 'rows per transaction', (v) => Number.parseInt(v, 10), 1000)
    .action(
      async (file: string, opts: { organ: string; dryRun?: boolean; report?: string; batch: number }) => {
        const reportPath =
          opts.report ?? `import-report-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.csv`
        // Created with the first issue: a failed import leaves no empty report (issue 8 §1.7).
        const report = openImportReport(reportPath)
        let printed = 0
        let completed = false
        const onIssue = (i: ImportIssue) => {
          report.write(i)
          if (i.severity === 'error' && printed < PRINTED_REJECTIONS) {
            printed += 1
            process.stderr.write(
              `第 ${i.line} 行 [${reportRow(i)[1]}] ${i.message}${i.value ? `（${i.value}）` : ''}\n`,
            )
          }
        }
        try {
          const summary = await withDeps(async (deps) => {
            const organ = await getOrganByCode(deps.db.kysely, opts.organ)
            const input = await openImportFile(file)
            const progress = progressReporter(input.total)
            try {
              return await importItems(
                deps,
                { id: CLI_ACTOR.actorId, name: CLI_ACTOR.actorName },
                organ.id,
                input.records,
                {
                  dryRun: opts.dryRun === true,
                  batchSize: opts.batch,
                  sourceName: basename(file),
                  total: input.total,
                  onIssue,
                  onProgress: (p) => progress.update(p),
                },
              )
            } finally {
              progress.stop()
            }
          })
          completed = true
          if (summary.rejected > printed) {
            process.stderr.write(`……其余 ${summary.rejected - printed} 行拒绝原因见报告。\n`)
          }
          printSummary(summary, reportPath)
        } finally {
          const written = await report.close(completed)
          if (!completed && written) {
            process.stderr.write(`导入未完成；已发现的问题见报告：${reportPath}\n`)
          }
        }
      },
    )
}
