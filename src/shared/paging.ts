/**
 * Pagination shared by every list page and API (pure).
 */

// ─── pagination ────────────────────────────────────────────────────────────────────────────

export interface Pagination {
  page: number
  perPage: number
  /** Matching items (a lower bound when `totalIsLowerBound`). */
  total: number
  totalIsLowerBound: boolean
  /** Pages known to exist. */
  pageCount: number
  hasPrev: boolean
  hasNext: boolean
}

export function paginate(
  page: number,
  perPage: number,
  total: number,
  totalIsLowerBound: boolean,
  hasMore: boolean,
): Pagination {
  const pageCount = Math.max(1, Math.ceil(total / perPage))
  return {
    page,
    perPage,
    total,
    totalIsLowerBound,
    pageCount,
    hasPrev: page > 1,
    hasNext: hasMore || page < pageCount,
  }
}

/**
 * The result count as a sentence: "共 90 条"; a capped catalogue count "共 10000+ 条"; a search
 * engine's lower bound "约 300 条".
 */
export function formatCount(p: Pick<Pagination, 'total' | 'totalIsLowerBound'>, approx: boolean): string {
  if (!p.totalIsLowerBound) {
    return `共 ${p.total} 条`
  }
  return approx ? `约 ${p.total} 条` : `共 ${p.total}+ 条`
}

/**
 * The page numbers to link: first, last, and a window around the current page; `null` marks a
 * gap (rendered as an ellipsis).
 */
export function pageWindow(p: Pick<Pagination, 'page' | 'pageCount'>, radius = 2): Array<number | null> {
  const last = Math.max(p.pageCount, p.page)
  const want = new Set<number>([1, last])
  for (let i = p.page - radius; i <= p.page + radius; i++) {
    if (i >= 1 && i <= last) {
      want.add(i)
    }
  }
  const sorted = [...want].sort((a, b) => a - b)
  const out: Array<number | null> = []
  let prev = 0
  for (const n of sorted) {
    if (n - prev > 1) {
      out.push(null)
    }
    out.push(n)
    prev = n
  }
  return out
}
