import type {
  LetterContext,
  LetterKind,
  LetterSpecificsByKind,
} from '../src/modules/requests/letters/index.js'

/** A 张店区广播电视局 letter context for the tests; `specifics` per kind. */
export function letterContext<K extends LetterKind>(
  specifics: LetterSpecificsByKind[K],
  over: Partial<Omit<LetterContext<K>, 'specifics'>> = {},
): LetterContext<K> {
  return {
    organ: {
      name: '淄博市张店区广播电视局',
      shortName: '张广电',
      address: '山东省淄博市张店区人民西路1号',
      postcode: '255000',
      phone: '0533-2180000',
      office: { name: '局办公室（政府信息公开工作机构）', contact: '王敏', phone: '0533-2180001' },
      reconsideration: {
        level: 'department',
        government: '淄博市张店区人民政府',
        superiorDepartment: '淄博市广播电视局',
      },
    },
    number: '张广电公开〔2026〕12号',
    date: '2026-12-04',
    applicant: {
      type: 'person',
      name: '李明',
      address: '淄博市张店区华光路9号',
      provisionForm: '纸质',
      deliveryMethod: '邮寄',
    },
    request: {
      received: '2026-11-20',
      description: '2026年有线电视网络改造项目的验收报告',
      docNumber: '张广电发〔2026〕3号',
      trackingNumber: 'ZD2026-000123',
    },
    specifics,
    ...over,
  }
}
