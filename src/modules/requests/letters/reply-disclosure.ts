import { DomainError } from '../../../shared/errors.js'
import type { OutcomeKey } from '../outcomes/index.js'
import type { CatalogueLink, LetterContext, Provision, ReplyDetails } from './letter.js'
import { chineseDate, REGULATION, requireDates, requireText, you } from './letter-text.js'

/** The decisions on the merits: 予以公开 (条例 Art. 36(一)(二)), 部分公开 (Art. 37), 不予公开 (Art. 36(三)). */

export interface ReplyBody {
  paragraphs: string[]
  citations: string[]
}

type Details<V extends ReplyDetails['variant']> = Extract<ReplyDetails, { variant: V }>

function linkLines(links: readonly CatalogueLink[]): string[] {
  return links.map((l, i) => {
    requireText({ 'alreadyPublic.title': l.title, 'alreadyPublic.url': l.url })
    requireDates({ 'alreadyPublic.published': l.published })
    const doc = l.docNumber?.trim() ? `（${l.docNumber.trim()}）` : ''
    const when = l.published ? `，${chineseDate(l.published)}公开` : ''
    return `${i + 1}. 《${l.title.trim()}》${doc}${when}，网址：${l.url.trim()}`
  })
}

function provisionLines(ctx: LetterContext, p: Provision): string[] {
  if (p.documents.length === 0 || p.documents.some((d) => d.trim() === '')) {
    throw new DomainError('LETTER_CONTEXT_INVALID', 'provision: name every document provided')
  }
  requireText({ 'provision.form': p.form, 'provision.method': p.method })
  requireDates({ 'provision.from': p.from })
  const lines = p.documents.map((d, i) => `${i + 1}. ${d.trim()}`)
  const asked = [ctx.applicant.provisionForm, ctx.applicant.deliveryMethod].filter((x) => x?.trim())
  let how = `提供形式：${p.form.trim()}；提供方式：${p.method.trim()}${
    asked.length > 0 ? `（${you(ctx)}申请的形式：${asked.join('，')}；${REGULATION}第四十条）` : ''
  }。`
  if (p.place?.trim()) {
    how += `${p.from ? `请自${chineseDate(p.from)}起` : '请'}在工作时间到${p.place.trim()}领取或者查阅，领取时请携带本答复书和身份证明。`
  }
  return [...lines, how]
}

/** Art. 36(一) when already public (with the catalogue's links), Art. 36(二) when provided now. */
export function discloseBody(ctx: LetterContext, d: Details<'disclose'>): ReplyBody {
  const links = d.alreadyPublic ?? []
  if (links.length === 0 && !d.provision) {
    throw new DomainError('LETTER_CONTEXT_INVALID', 'disclose: give the catalogue links or the provision')
  }
  const paragraphs: string[] = []
  const citations: string[] = []
  if (links.length > 0) {
    paragraphs.push(
      `经查，${you(ctx)}申请公开的政府信息已经主动公开。根据${REGULATION}第三十六条第（一）项的规定，现告知${you(ctx)}获取该政府信息的方式、途径：可通过本机关政府信息公开平台查阅、下载以下信息：`,
      ...linkLines(links),
    )
    citations.push(`${REGULATION}第三十六条第（一）项`)
  }
  if (d.provision) {
    paragraphs.push(
      `经审查，${you(ctx)}申请公开的${links.length > 0 ? '其他' : ''}政府信息属于可以公开的政府信息。根据${REGULATION}第三十六条第（二）项的规定，本机关向${you(ctx)}提供以下政府信息：`,
      ...provisionLines(ctx, d.provision),
    )
    citations.push(`${REGULATION}第三十六条第（二）项`, `${REGULATION}第四十条`)
  }
  return { paragraphs, citations }
}

/** Art. 37: the disclosable part is provided; each withheld part with its reason and article. */
export function partlyBody(ctx: LetterContext, d: Details<'partly'>): ReplyBody {
  if (d.withheld.length === 0) {
    throw new DomainError('LETTER_CONTEXT_INVALID', 'partly: name the withheld parts and their reasons')
  }
  const reasons = d.withheld.map((w, i) => {
    requireText({ 'withheld.part': w.part, 'withheld.reason': w.reason, 'withheld.basis': w.basis })
    return `${i + 1}. ${w.part.trim()}：${w.reason.trim().replace(/[。；]$/, '')}，根据${w.basis.trim()}的规定，不予公开。`
  })
  const paragraphs = [
    `经审查，${you(ctx)}申请公开的政府信息中含有不应当公开的内容，但是能够作区分处理。根据${REGULATION}第三十七条的规定，本机关向${you(ctx)}提供可以公开的政府信息内容：`,
    ...provisionLines(ctx, d.provision),
    '对不予公开的内容，说明理由如下：',
    ...reasons,
  ]
  const citations = [
    `${REGULATION}第三十七条`,
    `${REGULATION}第四十条`,
    ...d.withheld.map((w) => w.basis.trim()),
  ]
  if (d.alreadyPublic && d.alreadyPublic.length > 0) {
    paragraphs.push(
      '此外，以下相关信息已经主动公开，可通过本机关政府信息公开平台查阅：',
      ...linkLines(d.alreadyPublic),
    )
    citations.push(`${REGULATION}第三十六条第（一）项`)
  }
  return { paragraphs, citations }
}

/**
 * The ground of each refusal as the letter states it (条例 Arts. 14–16, Art. 36(七)), keyed by the
 * outcome catalogue's row.
 */
const REFUSAL_GROUNDS: Partial<Record<OutcomeKey, { ground: string; article: string }>> = {
  r3_1: { ground: '属于国家秘密', article: '第十四条' },
  r3_2: { ground: '属于法律、行政法规禁止公开的政府信息', article: '第十四条' },
  r3_3: { ground: '公开后可能危及国家安全、公共安全、经济安全、社会稳定', article: '第十四条' },
  r3_4: {
    ground: '涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害',
    article: '第十五条、第三十二条',
  },
  r3_5: {
    ground: '属于人事管理、后勤管理、内部工作流程等方面的内部事务信息',
    article: '第十六条第一款',
  },
  r3_6: {
    ground: '属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息',
    article: '第十六条第二款',
  },
  r3_7: { ground: '属于行政执法案卷信息', article: '第十六条第二款' },
}

/** Art. 36(三): 不予公开 with the ground; Art. 36(七): the special access regime (r3_8). */
export function refuseBody(ctx: LetterContext, outcome: OutcomeKey, d: Details<'refuse'>): ReplyBody {
  requireText({ reason: d.reason })
  const reason = d.reason.trim().replace(/[。；，]$/, '')
  if (outcome === 'r3_8') {
    return {
      paragraphs: [
        `经审查，${you(ctx)}申请公开的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定：${reason}。根据${REGULATION}第三十六条第（七）项的规定，请${you(ctx)}依照有关法律、行政法规的规定办理。`,
      ],
      citations: [`${REGULATION}第三十六条第（七）项`],
    }
  }
  const g = REFUSAL_GROUNDS[outcome]
  if (!g) {
    throw new DomainError('LETTER_CONTEXT_INVALID', `outcome ${outcome} is not a refusal`)
  }
  return {
    paragraphs: [
      `经审查，${you(ctx)}申请公开的政府信息${g.ground}：${reason}。根据${REGULATION}${g.article}、第三十六条第（三）项的规定，本机关决定不予公开。`,
    ],
    citations: [`${REGULATION}${g.article}`, `${REGULATION}第三十六条第（三）项`],
  }
}
