/**
 * Classification vocabularies of the catalogue (pure data and lookups):
 * - 主题分类: the gov.cn two-level subject list (the 主题分类 facet of www.gov.cn/zhengce, captured about 2022), stored as "一级\二级";
 * - 体裁/文种: the 15 公文种类 of 《党政机关公文处理工作条例》 (中办发〔2012〕14号) Art. 8, plus the
 *   kinds of non-document information local catalogues add (体裁/文种 as local catalogues use them; 党政机关公文处理工作条例 Art. 8 for the 15 公文 kinds);
 * - 重点领域: key-area tags (条例 Art. 20–21 items the State Council's yearly 政务公开工作要点 singles out).
 */

export interface TopicGroup {
  /** 一级 */
  name: string
  /** 二级 (empty when the group has no second level, e.g. 其他). */
  children: readonly string[]
}

/** gov.cn 主题分类 as captured about 2022 (the 主题分类 facet of www.gov.cn/zhengce, captured about 2022). */
export const TOPIC_GROUPS: readonly TopicGroup[] = [
  {
    name: '国务院组织机构',
    children: [
      '国务院',
      '国务院办公厅',
      '国务院组成部门',
      '国务院直属特设机构',
      '国务院直属机构',
      '国务院办事机构',
      '国务院直属事业单位',
      '国务院部委管理的国家局',
      '国务院议事协调机构',
      '其他',
    ],
  },
  {
    name: '综合政务',
    children: [
      '政务公开',
      '政务督查',
      '应急管理',
      '电子政务',
      '文秘工作',
      '保密工作',
      '信访',
      '参事、文史',
      '其他',
    ],
  },
  {
    name: '国民经济管理、国有资产监管',
    children: ['宏观经济', '经济体制改革', '统计', '物价', '国有资产监管', '重大建设项目', '其他'],
  },
  {
    name: '财政、金融、审计',
    children: ['财政', '税务', '银行', '货币（含外汇）', '证券', '保险', '社会信用体系建设', '审计', '其他'],
  },
  {
    name: '国土资源、能源',
    children: ['土地', '矿产', '水资源', '海洋', '煤炭', '石油与天然气', '电力', '其他'],
  },
  { name: '农业、林业、水利', children: ['农业、畜牧业、渔业', '林业', '水利', '其他'] },
  {
    name: '工业、交通',
    children: [
      '机械制造与重工业',
      '轻工纺织',
      '化工',
      '国防工业',
      '航天、航空',
      '信息产业（含电信）',
      '公路',
      '水运',
      '铁路',
      '民航',
      '邮政',
      '其他',
    ],
  },
  {
    name: '商贸、海关、旅游',
    children: ['对外经贸合作', '国内贸易（含供销）', '海关', '检验、检疫', '旅游', '其他'],
  },
  {
    name: '市场监管、安全生产监管',
    children: ['工商', '质量监督', '标准', '食品药品监管', '安全生产监管', '其他'],
  },
  {
    name: '城乡建设、环境保护',
    children: [
      '城市规划',
      '城乡建设（含住房）',
      '环境监测、保护与治理',
      '节能与资源综合利用',
      '气象、水文、测绘、地震',
      '其他',
    ],
  },
  { name: '科技、教育', children: ['科技', '教育', '知识产权', '其他'] },
  { name: '文化、广电、新闻出版', children: ['文化', '文物', '新闻出版', '广播、电影、电视', '其他'] },
  { name: '卫生、体育', children: ['卫生', '医药管理', '体育', '其他'] },
  { name: '人口与计划生育、妇女儿童工作', children: ['人口与计划生育', '妇女儿童', '其他'] },
  {
    name: '劳动、人事、监察',
    children: ['劳动就业', '社会保障', '人事工作', '军转安置', '监察', '纠正行业不正之风', '其他'],
  },
  { name: '公安、安全、司法', children: ['公安', '国家安全', '司法', '其他'] },
  {
    name: '民政、扶贫、救灾',
    children: ['减灾救灾', '优抚安置', '社会福利', '行政区划与地名', '社团管理', '扶贫', '其他'],
  },
  { name: '民族、宗教', children: ['民族事务', '宗教事务'] },
  { name: '对外事务', children: ['外交、外事', '国际条约、国际组织', '其他'] },
  { name: '港澳台侨工作', children: ['港澳工作', '对台工作', '侨务工作'] },
  { name: '国防', children: ['国防建设', '国防动员'] },
  { name: '其他', children: [] },
]

/** The separator between the two levels, as gov.cn stores `childtype` ("一级\二级"). */
export const TOPIC_SEPARATOR = '\\'

/** Every storable 主题分类 value: "一级\二级", or just "一级" for a group without a second level. */
export const TOPIC_VALUES: readonly string[] = TOPIC_GROUPS.flatMap((g) =>
  g.children.length === 0 ? [g.name] : g.children.map((c) => `${g.name}${TOPIC_SEPARATOR}${c}`),
)

const TOPIC_SET = new Set(TOPIC_VALUES)

export function isTopic(value: string): boolean {
  return TOPIC_SET.has(value)
}

/** Splits a stored topic into its levels. */
export function splitTopic(value: string): { level1: string; level2: string | null } {
  const i = value.indexOf(TOPIC_SEPARATOR)
  return i < 0 ? { level1: value, level2: null } : { level1: value.slice(0, i), level2: value.slice(i + 1) }
}

/** How a topic is shown: "文化、广电、新闻出版 / 广播、电影、电视". */
export function topicLabel(value: string): string {
  const { level1, level2 } = splitTopic(value)
  return level2 === null ? level1 : `${level1} / ${level2}`
}

/**
 * Normalises a topic typed or imported in another spelling ("一级/二级", "一级 > 二级",
 * full-width backslash) to the stored form; null when it is not on the list.
 */
export function normaliseTopic(raw: string): string | null {
  const s = raw.trim().replace(/\s*(?:[/＼>＞|｜]|\\)\s*/g, TOPIC_SEPARATOR)
  return TOPIC_SET.has(s) ? s : null
}

/**
 * 体裁/文种. The first 15 are the 公文种类 of 《党政机关公文处理工作条例》 Art. 8; the rest are the kinds of
 * non-document information local disclosure catalogues use (体裁/文种 as local catalogues use them; 党政机关公文处理工作条例 Art. 8 for the 15 公文 kinds).
 */
export const GENRES: readonly string[] = [
  // 公文种类 (中办发〔2012〕14号 Art. 8)
  '决议',
  '决定',
  '命令（令）',
  '公报',
  '公告',
  '通告',
  '意见',
  '通知',
  '通报',
  '报告',
  '请示',
  '批复',
  '议案',
  '函',
  '纪要',
  // local non-document kinds
  '规章',
  '规范性文件',
  '规划',
  '计划',
  '总结',
  '方案',
  '办法',
  '公示',
  '政策解读',
  '办事指南',
  '统计信息',
  '预决算',
  '工作动态',
  '年度报告',
  '机构职能',
  '其他',
]

const GENRE_SET = new Set(GENRES)

export function isGenre(value: string): boolean {
  return GENRE_SET.has(value)
}

/**
 * 重点领域 tags. 条例 Art. 20 (七)(九)(十)(十一)(十三) and Art. 21 name these areas; the State Council's
 * annual 政务公开工作要点 groups them as 重点领域信息公开. Not a closed national list: an installation may tag
 * items with any of these.
 */
export const KEY_AREAS: readonly string[] = [
  '财政预决算',
  '重大建设项目',
  '公共资源配置',
  '政府采购',
  '社会公益事业',
  '教育',
  '医疗卫生',
  '社会救助',
  '就业创业',
  '养老服务',
  '保障性住房',
  '土地征收',
  '房屋征收',
  '生态环境',
  '食品药品安全',
  '安全生产',
  '乡村振兴',
  '优化营商环境',
  '减税降费',
  '公共文化服务',
  '行政执法',
  '突发事件应对',
]

const KEY_AREA_SET = new Set(KEY_AREAS)

export function isKeyArea(value: string): boolean {
  return KEY_AREA_SET.has(value)
}
