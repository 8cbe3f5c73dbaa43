import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import type { Paragraph as DocxParagraph, ParagraphChild } from 'docx'
import type { LetterDocument } from './letter.js'

/**
 * A letter as DOCX (the `docx` package), laid out as an official document (GB/T 9704-2012): A4,
 * margins 37 mm top, 35 mm bottom, 28 mm left (订口), 26 mm right; title 2号 (22 pt) 小标宋, centred;
 * the number right-aligned (as a letter, 信函格式, places it); body 3号 (16 pt) 仿宋 on a 28 pt line,
 * first lines indented by two characters; signature and date right-aligned.
 *
 * Word uses a font's `w:altName` from the font table when the font is missing, so the font table is
 * written with fallbacks: 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋 (docx leaves the table empty; it
 * is filled in after packing).
 */

const TWIPS_PER_MM = 1440 / 25.4
const mm = (v: number): number => Math.round(v * TWIPS_PER_MM)

const BODY_FONT = '仿宋_GB2312'
const TITLE_FONT = '方正小标宋简体'
const LATIN_FONT = 'Times New Roman'
/** Half-points: 3号 = 16 pt, 2号 = 22 pt, 小四 = 12 pt. */
const BODY_SIZE = 32
const TITLE_SIZE = 44
const SMALL_SIZE = 24
/** Twips: 28 pt exact line, two 16 pt characters of first-line indent. */
const BODY_LINE = 560
const FIRST_LINE_INDENT = 640

/** The font table's entries: each font the letter names, with the one Word falls back to. */
const FONT_TABLE_ENTRIES = [
  { name: BODY_FONT, alt: '仿宋', family: 'modern', pitch: 'fixed', charset: '86' },
  { name: '仿宋', alt: '宋体', family: 'modern', pitch: 'fixed', charset: '86' },
  { name: TITLE_FONT, alt: '宋体', family: 'roman', pitch: 'variable', charset: '86' },
  { name: '宋体', alt: 'SimSun', family: 'auto', pitch: 'variable', charset: '86' },
  { name: LATIN_FONT, alt: null, family: 'roman', pitch: 'variable', charset: '00' },
]

const URL_PATTERN = /(https?:\/\/[^\s，。；、）」“”]+)/

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function fontTableXml(original: string): string {
  const entries = FONT_TABLE_ENTRIES.map(
    (f) =>
      `<w:font w:name="${escapeXml(f.name)}">${f.alt ? `<w:altName w:val="${escapeXml(f.alt)}"/>` : ''}` +
      `<w:charset w:val="${f.charset}"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
  ).join('')
  if (/<w:fonts\b[^>]*\/>/.test(original)) {
    return original.replace(/<w:fonts\b([^>]*?)\s*\/>/, `<w:fonts$1>${entries}</w:fonts>`)
  }
  return original.replace('</w:fonts>', `${entries}</w:fonts>`)
}

/** Adds the fallback fonts to `word/fontTable.xml` of a packed DOCX. */
function withFontFallbacks(buf: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(buf))
  const table = files['word/fontTable.xml']
  if (!table) {
    return buf
  }
  files['word/fontTable.xml'] = strToU8(fontTableXml(strFromU8(table)))
  return Buffer.from(zipSync(files, { level: 6 }))
}

/** Renders the letter; `docx` is loaded on first use (callers of the composers do not pay for it). */
export async function renderLetterDocx(doc: LetterDocument): Promise<Buffer> {
  const { AlignmentType, Document, ExternalHyperlink, LineRuleType, Packer, Paragraph, TextRun } =
    await import('docx')
  const font = (eastAsia: string) => ({ ascii: LATIN_FONT, hAnsi: LATIN_FONT, eastAsia, cs: LATIN_FONT })
  const bodyLine = { line: BODY_LINE, lineRule: LineRuleType.EXACT }

  // split() with a capturing pattern puts the addresses at the odd indices.
  const runs = (text: string): ParagraphChild[] =>
    text.split(URL_PATTERN).flatMap((part, i): ParagraphChild[] => {
      if (i % 2 === 1) {
        return [
          new ExternalHyperlink({ link: part, children: [new TextRun({ text: part, style: 'Hyperlink' })] }),
        ]
      }
      return part === '' ? [] : [new TextRun({ text: part })]
    })

  const children: DocxParagraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 320, line: 640, lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: doc.title, font: font(TITLE_FONT), size: TITLE_SIZE })],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { ...bodyLine, after: 280 },
      children: [new TextRun({ text: doc.number })],
    }),
    new Paragraph({ spacing: bodyLine, children: [new TextRun({ text: doc.addressee })] }),
    ...doc.paragraphs.map(
      (p) =>
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: bodyLine,
          indent: { firstLine: FIRST_LINE_INDENT },
          children: runs(p),
        }),
    ),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { ...bodyLine, before: 560 },
      keepNext: true,
      children: [new TextRun({ text: doc.signature.organ })],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: bodyLine,
      children: [new TextRun({ text: doc.signature.date })],
    }),
    ...doc.contact.map(
      (c, i) =>
        new Paragraph({
          spacing: { line: 400, lineRule: LineRuleType.EXACT, before: i === 0 ? 560 : 0 },
          keepLines: true,
          children: [new TextRun({ text: c, size: SMALL_SIZE })],
        }),
    ),
  ]

  const document = new Document({
    title: doc.title,
    subject: doc.number,
    creator: doc.signature.organ,
    description: `${doc.title} ${doc.number}`,
    styles: {
      default: { document: { run: { font: font(BODY_FONT), size: BODY_SIZE } } },
      characterStyles: [
        {
          id: 'Hyperlink',
          name: 'Hyperlink',
          run: { color: '0B4F9C', underline: {} },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
          },
        },
        children,
      },
    ],
  })
  return withFontFallbacks(await Packer.toBuffer(document))
}
