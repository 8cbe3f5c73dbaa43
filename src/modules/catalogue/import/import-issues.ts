import { FIELD_LABELS, type ImportField, type ImportRecord } from './import-fields.js'
import type { DocNumberKind, ParsedDocNumber } from '../classification/index.js'

/**
 * Problems found in an import file (pure): one issue per row and field, with a stable reason
 * key, its Chinese label, the counts a summary shows and the rows of the per-row report.
 */

export type IssueSeverity = 'error' | 'warning'

/** A problem with one row: an error rejects the row, a warning is reported and the row imported. */
export interface ImportIssue {
  line: number
  field: ImportField | 'row'
  severity: IssueSeverity
  /** Stable short reason key (for counting), e.g. 'date_invalid'. */
  reason: string
  /** Chinese explanation for the report. */
  message: string
  /** The offending value, cut to 100 characters. */
  value: string | null
}

/** Chinese labels of the reason keys, for summaries. */
export const REASON_LABELS: Record<string, string> = {
  title_missing: '缺少名称',
  title_too_long: '名称过长',
  published_date_missing: '缺少发布日期',
  date_invalid: '日期无法识别',
  body_too_long: '正文过长',
  summary_too_long: '内容概述过长',
  duplicate_in_file: '文件内重复',
  duplicate_existing: '已导入过',
  write_failed: '数据库写入失败',
  row_unreadable: '整行无法读取',
  doc_number_unparsed: '文号无法识别（保留原文）',
  doc_number_year_mismatch: '文号年份与成文日期不符',
  written_after_published: '成文日期晚于发布日期',
  published_in_future: '发布日期晚于今天',
  index_no_invalid: '索引号格式无效（已重新编号）',
  index_no_taken: '索引号已被占用（已重新编号）',
  topic_unknown: '主题分类不在目录中（已留空）',
  genre_unknown: '体裁不在目录中（已留空）',
  validity_unknown: '有效性无法识别（按有效处理）',
  body_scrape_error: '正文为抓取错误标记（已留空）',
  url_invalid: '原文链接无效（已忽略）',
}

export function cut(s: string | null): string | null {
  return s === null ? null : s.length > 100 ? `${s.slice(0, 100)}…` : s
}

export function issue(
  line: number,
  field: ImportField | 'row',
  severity: IssueSeverity,
  reason: string,
  value: string | null,
  detail?: string,
): ImportIssue {
  const label = REASON_LABELS[reason] ?? reason
  return { line, field, severity, reason, message: detail ? `${label}：${detail}` : label, value: cut(value) }
}

/** Builds an issue for a row the database refused or a line that could not be read at all. */
export function rowIssue(line: number, reason: string, detail?: string, value?: string | null): ImportIssue {
  return issue(line, 'row', 'error', reason, value ?? null, detail)
}

export interface DocNumberStats {
  /** Rows with a 文号. */
  present: number
  /** Of those, normalised (kind other than unparsed). */
  normalised: number
  byKind: Record<DocNumberKind, number>
}

export function emptyDocNumberStats(): DocNumberStats {
  return { present: 0, normalised: 0, byKind: { standard: 0, order: 0, announcement: 0, unparsed: 0 } }
}

export function countDocNumber(stats: DocNumberStats, p: ParsedDocNumber | null): void {
  if (!p) {
    return
  }
  stats.present += 1
  stats.byKind[p.kind] += 1
  if (p.kind !== 'unparsed') {
    stats.normalised += 1
  }
}

/** Counts of issues by reason key, errors and warnings separately. */
export function countReasons(
  issues: readonly ImportIssue[],
  severity: IssueSeverity,
): Record<string, number> {
  const out: Record<string, number> = {}
  for (const i of issues) {
    if (i.severity === severity) {
      out[i.reason] = (out[i.reason] ?? 0) + 1
    }
  }
  return out
}

/** True for a value that is an issue rather than a record. */
export function isIssue(x: ImportRecord | ImportIssue): x is ImportIssue {
  return 'reason' in x
}

/** The report's header and rows (Chinese column names; the CSV writer adds quoting). */
export const REPORT_HEADER = ['行号', '字段', '级别', '原因', '原值'] as const

export function reportRow(i: ImportIssue): [number, string, string, string, string] {
  return [i.line, FIELD_LABELS[i.field], i.severity === 'error' ? '拒绝' : '提示', i.message, i.value ?? '']
}
