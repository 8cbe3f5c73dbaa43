/**
 * Deterministic synthetic catalogue for the benchmark: real titles from the gov-policy catalogue,
 * varied with organ and year prefixes, and bodies cut from the LawRefBook law corpus.
 * Same seed → same items, in the same order (doc_no 1…N), on every run and every engine.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { completeUscc } from '../src/modules/organs/index.js'
import { GENRES, TOPIC_VALUES } from '../src/modules/catalogue/classification/index.js'

/** Bump when anything below changes the generated items; a stored corpus of another version is rebuilt. */
export const GENERATOR_VERSION = 'gk-bench-3'

/** The shared real-world data (titles, law texts): `GONGKAI_SHARED_DATA`, else `../shared/data` beside the checkout. */
export const DATA_DIR =
  process.env.GONGKAI_SHARED_DATA ?? fileURLToPath(new URL('../../shared/data', import.meta.url))
const TITLES_CSV = `${DATA_DIR}/gov-policy-catalogue/catalogue_merged.csv`
const LAWS_GZ = `${DATA_DIR}/law-corpus-lawrefbook/laws.jsonl.gz`

/** A small fast PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else {
          quoted = false
        }
      } else {
        field += c
      }
    } else if (c === '"') {
      quoted = true
    } else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') {
        i++
      }
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else {
      field += c
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

export interface SourceTitle {
  title: string
  publishDate: string | null
  docNumber: string | null
}

export function loadTitles(): SourceTitle[] {
  const rows = parseCsv(readFileSync(TITLES_CSV, 'utf8'))
  const header = rows[0] ?? []
  const col = (name: string) => header.indexOf(name)
  const [t, p, d] = [col('title'), col('publish_date'), col('doc_number')]
  return rows
    .slice(1)
    .map((r) => ({
      title: (r[t] ?? '').trim(),
      publishDate: /^\d{4}-\d{2}-\d{2}$/.test(r[p] ?? '') ? (r[p] ?? null) : null,
      docNumber: (r[d] ?? '').trim() || null,
    }))
    .filter((r) => r.title.length >= 4)
}

/** All law bodies as one text (paragraphs separated by blank lines), Markdown headings flattened. */
export function loadLawPool(): string {
  const lines = gunzipSync(readFileSync(LAWS_GZ)).toString('utf8').split('\n')
  const parts: string[] = []
  for (const line of lines) {
    if (line.trim() === '') {
      continue
    }
    const doc = JSON.parse(line) as { body?: string }
    const body = (doc.body ?? '').replace(/^#+\s*/gm, '').replace(/<!--.*?-->/g, '')
    parts.push(body)
  }
  return parts.join('\n\n')
}

const REGIONS = [
  '张店区',
  '淄川区',
  '博山区',
  '临淄区',
  '周村区',
  '桓台县',
  '高青县',
  '沂源县',
  '历下区',
  '市中区',
  '槐荫区',
  '天桥区',
  '历城区',
  '长清区',
  '章丘区',
  '济阳区',
  '莱芜区',
  '钢城区',
  '平阴县',
  '商河县',
  '市南区',
  '市北区',
  '黄岛区',
  '崂山区',
  '李沧区',
  '城阳区',
  '即墨区',
  '胶州市',
  '平度市',
  '莱西市',
  '奎文区',
  '潍城区',
  '寒亭区',
  '坊子区',
  '青州市',
  '诸城市',
  '寿光市',
  '安丘市',
  '高密市',
  '昌邑市',
]
const DEPARTMENTS = [
  '人民政府办公室',
  '发展和改革局',
  '教育和体育局',
  '科学技术局',
  '工业和信息化局',
  '公安分局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源和社会保障局',
  '自然资源局',
  '生态环境分局',
  '住房和城乡建设局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '商务局',
  '文化和旅游局',
  '卫生健康局',
  '退役军人事务局',
  '应急管理局',
  '审计局',
  '市场监督管理局',
  '统计局',
  '医疗保障局',
  '行政审批服务局',
  '广播电视局',
  '信访局',
]

export interface BenchOrgan {
  id: string
  name: string
  code: string
  orgCode: string
}

/** 40 regions × 28 departments = 1,120 organs with valid USCCs and deterministic ids. */
export function benchOrgans(): BenchOrgan[] {
  const out: BenchOrgan[] = []
  let n = 0
  for (const region of REGIONS) {
    for (const dept of DEPARTMENTS) {
      n++
      const code = completeUscc(`11370300${String(n).padStart(9, '0')}`)
      out.push({
        id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        name: `${region}${dept}`,
        code,
        orgCode: code.slice(8, 17),
      })
    }
  }
  return out
}

export interface BenchItem {
  id: string
  docNo: number
  organ: BenchOrgan
  title: string
  bodyText: string
  bodyHtml: string
  docNumber: string | null
  publishedDate: string
  year: number
  indexNo: string
  indexSerial: number
  topic: string
  genre: string
  art20Item: number | null
  validity: 'valid' | 'expired' | 'repealed'
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function uuidFor(docNo: number, rnd: () => number): string {
  const hex = (n: number, w: number) => Math.floor(n).toString(16).padStart(w, '0').slice(-w)
  return `${hex(rnd() * 0xffffffff, 8)}-${hex(rnd() * 0xffff, 4)}-4${hex(rnd() * 0xfff, 3)}-a${hex(rnd() * 0xfff, 3)}-${hex(docNo, 12)}`
}

/** Yields items doc_no 1…n. Body length is uniform in 200–800 characters (mean ≈ 500). */
export function* generateItems(n: number, seed = 20261128): Generator<BenchItem> {
  const rnd = prng(seed)
  const titles = loadTitles()
  const pool = loadLawPool()
  const organs = benchOrgans()
  const serials = new Map<string, number>()
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
  for (let docNo = 1; docNo <= n; docNo++) {
    const src = pick(titles)
    const organ = pick(organs)
    const year = src.publishDate
      ? Number(src.publishDate.slice(0, 4)) + Math.floor(rnd() * 3) - 1
      : 2008 + Math.floor(rnd() * 18)
    const y = Math.min(2025, Math.max(2008, year))
    const r = rnd()
    const about = src.title.indexOf('关于')
    let title: string
    if (r < 0.45 && about > 0 && about <= 24) {
      title = organ.name + src.title.slice(about) // the organ as issuer
    } else if (r < 0.65) {
      title = `${y}年${src.title}`
    } else if (r < 0.8) {
      title = `${organ.name}转发${src.title}`
    } else {
      title = src.title
    }
    // A body: about 200–800 characters of law text, from a paragraph start, ending at a full stop.
    const len = 200 + Math.floor(rnd() * 600)
    let start = pool.indexOf('\n\n', Math.floor(rnd() * (pool.length - 2000)))
    start = start < 0 ? 0 : start + 2
    let text = pool.slice(start, start + len)
    const stop = text.lastIndexOf('。')
    if (stop > len / 2) {
      text = text.slice(0, stop + 1)
    }
    const paragraphs = text.split(/\n+/).filter((p) => p.trim() !== '')
    const key = `${organ.id}/${y}`
    const serial = (serials.get(key) ?? 0) + 1
    serials.set(key, serial)
    const month = 1 + Math.floor(rnd() * 12)
    const day = 1 + Math.floor(rnd() * 28)
    const v = rnd()
    yield {
      id: uuidFor(docNo, rnd),
      docNo,
      organ,
      title,
      bodyText: paragraphs.join('\n'),
      bodyHtml: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join(''),
      docNumber: src.docNumber,
      publishedDate: `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      year: y,
      indexNo: `${organ.orgCode}/${y}-${String(serial).padStart(5, '0')}`,
      indexSerial: serial,
      topic: pick(TOPIC_VALUES),
      genre: pick(GENRES),
      art20Item: rnd() < 0.6 ? 1 + Math.floor(rnd() * 15) : null,
      validity: v < 0.9 ? 'valid' : v < 0.97 ? 'expired' : 'repealed',
    }
  }
}
