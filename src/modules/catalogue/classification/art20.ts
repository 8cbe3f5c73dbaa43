/**
 * The proactive-disclosure content lists of 《中华人民共和国政府信息公开条例》 (国务院令第711号, 2019)
 * (pure data). Art. 20 lists fifteen items every administrative organ must publish; Art. 21 adds
 * items for city and county governments and their departments, and for townships.
 * An item records at most one Art. 20 item (its number 1–15) and one Art. 21 item (its text).
 */

export interface Art20Item {
  /** 1–15, stored in item.art20_item. */
  no: number
  /** The item's numeral as the article writes it: (一) … (十五). */
  label: string
  /** 条例 Art. 20 text of the item. */
  text: string
}

/** 条例 Art. 20: 行政机关应当……主动公开本行政机关的下列政府信息. */
export const ART20_ITEMS: readonly Art20Item[] = [
  { no: 1, label: '（一）', text: '行政法规、规章和规范性文件' },
  { no: 2, label: '（二）', text: '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名' },
  { no: 3, label: '（三）', text: '国民经济和社会发展规划、专项规划、区域规划及相关政策' },
  { no: 4, label: '（四）', text: '国民经济和社会发展统计信息' },
  { no: 5, label: '（五）', text: '办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果' },
  {
    no: 6,
    label: '（六）',
    text: '实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定',
  },
  { no: 7, label: '（七）', text: '财政预算、决算信息' },
  { no: 8, label: '（八）', text: '行政事业性收费项目及其依据、标准' },
  { no: 9, label: '（九）', text: '政府集中采购项目的目录、标准及实施情况' },
  { no: 10, label: '（十）', text: '重大建设项目的批准和实施情况' },
  { no: 11, label: '（十一）', text: '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况' },
  { no: 12, label: '（十二）', text: '突发公共事件的应急预案、预警信息及应对情况' },
  {
    no: 13,
    label: '（十三）',
    text: '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况',
  },
  { no: 14, label: '（十四）', text: '公务员招考的职位、名额、报考条件等事项以及录用结果' },
  { no: 15, label: '（十五）', text: '法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息' },
]

export function art20Item(no: number): Art20Item | undefined {
  return ART20_ITEMS.find((i) => i.no === no)
}

/** "第二十条（七）财政预算、决算信息" */
export function art20Label(no: number): string | null {
  const item = art20Item(no)
  return item ? `第二十条${item.label}${item.text}` : null
}

/**
 * 条例 Art. 21 paragraph 1: 设区的市级、县级人民政府及其部门还应当根据本地方的具体情况，主动公开涉及
 * 市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等方面的政府信息.
 */
export const ART21_COUNTY_ITEMS: readonly string[] = [
  '市政建设',
  '公共服务',
  '公益事业',
  '土地征收',
  '房屋征收',
  '治安管理',
  '社会救助',
]

/**
 * 条例 Art. 21 paragraph 2: 乡（镇）人民政府还应当根据本地方的具体情况，主动公开贯彻落实农业农村政策、
 * 农田水利工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、
 * 社会救助等方面的政府信息.
 */
export const ART21_TOWNSHIP_ITEMS: readonly string[] = [
  '贯彻落实农业农村政策',
  '农田水利工程建设运营',
  '农村土地承包经营权流转',
  '宅基地使用情况审核',
  '土地征收',
  '房屋征收',
  '筹资筹劳',
  '社会救助',
]

/** Every Art. 21 item, once each (土地征收, 房屋征收 and 社会救助 appear in both paragraphs). */
export const ART21_ITEMS: readonly string[] = [...new Set([...ART21_COUNTY_ITEMS, ...ART21_TOWNSHIP_ITEMS])]

export function isArt21Item(value: string): boolean {
  return ART21_ITEMS.includes(value)
}
