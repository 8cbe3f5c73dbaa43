import { completeOrgCode, completeUscc } from '../organs/index.js'
import type { OrganKind } from '../organs/organ.table.js'
import type { Role } from '../users/user.table.js'

/*
 * The demo installation: 张店区人民政府 (Zhangdian District, Zibo, Shandong; administrative division
 * code 370303) with four departments and one affiliated institution, and one account per role.
 *
 * DEMO VALUES ONLY. The 统一社会信用代码 are well-formed (valid GB 11714 and GB 32100 check
 * characters, registration-authority prefix 11 = 机构编制·机关, 12 = 机构编制·事业单位, region 370303)
 * but invented; addresses, telephone numbers and e-mail addresses are plausible but not real.
 */

/** The demo organs' 9-character 组织机构代码 bodies (8 characters; the check character is computed). */
function demoUscc(registration: '11' | '12', orgBody8: string): string {
  return completeUscc(`${registration}370303${completeOrgCode(orgBody8)}`)
}

export interface DemoOrgan {
  /** Stable key inside the demo data (the parent reference). */
  key: string
  name: string
  shortName: string
  kind: OrganKind
  parentKey: string | null
  code: string
  sortOrder: number
  office: {
    name: string
    address: string
    postcode: string
    hours: string
    phone: string
    fax: string
    email: string
    web: string
  }
}

const HOURS = '法定工作日 上午 8:30—12:00，下午 13:30—17:30（节假日除外）'

export const DEMO_ORGANS: readonly DemoOrgan[] = [
  {
    key: 'gov',
    name: '张店区人民政府',
    shortName: '区政府',
    kind: 'government',
    parentKey: null,
    code: demoUscc('11', '00433000'),
    sortOrder: 0,
    office: {
      name: '张店区人民政府办公室（区政府信息公开办公室）',
      address: '山东省淄博市张店区人民西路 228 号',
      postcode: '255000',
      hours: HOURS,
      phone: '0533-2101001',
      fax: '0533-2101002',
      email: 'zfxxgk@zhangdian.example',
      web: 'https://www.zhangdian.example/',
    },
  },
  {
    key: 'office',
    name: '张店区人民政府办公室',
    shortName: '区政府办',
    kind: 'department',
    parentKey: 'gov',
    code: demoUscc('11', '00433001'),
    sortOrder: 10,
    office: {
      name: '张店区人民政府办公室综合科',
      address: '山东省淄博市张店区人民西路 228 号',
      postcode: '255000',
      hours: HOURS,
      phone: '0533-2101010',
      fax: '0533-2101011',
      email: 'zfb@zhangdian.example',
      web: 'https://www.zhangdian.example/zfb/',
    },
  },
  {
    key: 'radio',
    name: '张店区广播电视局',
    shortName: '区广电局',
    kind: 'department',
    parentKey: 'gov',
    code: demoUscc('11', '00433012'),
    sortOrder: 20,
    office: {
      name: '张店区广播电视局办公室',
      address: '山东省淄博市张店区华光路 66 号',
      postcode: '255020',
      hours: HOURS,
      phone: '0533-2102020',
      fax: '0533-2102021',
      email: 'gdj@zhangdian.example',
      web: 'https://www.zhangdian.example/gdj/',
    },
  },
  {
    key: 'education',
    name: '张店区教育局',
    shortName: '区教育局',
    kind: 'department',
    parentKey: 'gov',
    code: demoUscc('11', '00433023'),
    sortOrder: 30,
    office: {
      name: '张店区教育局办公室',
      address: '山东省淄博市张店区共青团西路 99 号',
      postcode: '255000',
      hours: HOURS,
      phone: '0533-2103030',
      fax: '0533-2103031',
      email: 'jyj@zhangdian.example',
      web: 'https://www.zhangdian.example/jyj/',
    },
  },
  {
    key: 'finance',
    name: '张店区财政局',
    shortName: '区财政局',
    kind: 'department',
    parentKey: 'gov',
    code: demoUscc('11', '00433034'),
    sortOrder: 40,
    office: {
      name: '张店区财政局办公室',
      address: '山东省淄博市张店区金晶大道 118 号',
      postcode: '255000',
      hours: HOURS,
      phone: '0533-2104040',
      fax: '0533-2104041',
      email: 'czj@zhangdian.example',
      web: 'https://www.zhangdian.example/czj/',
    },
  },
  {
    key: 'media',
    name: '张店区融媒体中心',
    shortName: '区融媒体中心',
    kind: 'institution',
    parentKey: 'radio',
    code: demoUscc('12', '49433045'),
    sortOrder: 10,
    office: {
      name: '张店区融媒体中心综合办公室',
      address: '山东省淄博市张店区华光路 66 号',
      postcode: '255020',
      hours: HOURS,
      phone: '0533-2105050',
      fax: '0533-2105051',
      email: 'rmt@zhangdian.example',
      web: 'https://www.zhangdian.example/rmt/',
    },
  },
]

/**
 * The password of every demo account (DEMO ONLY: printed by `gongkai demo` and listed in the
 * README). It satisfies the password policy (auth/password.ts). Demo accounts are not asked to
 * change it at first log-in, so that a visitor can look around at once.
 */
export const DEMO_PASSWORD = 'Gongkai-Demo-2026'

export interface DemoAccount {
  username: string
  displayName: string
  grants: Array<{ role: Role; organKey: string; subtree: boolean }>
  /** What the account shows in the demo (README table). */
  purpose: string
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'admin',
    displayName: '系统管理员（演示）',
    grants: [{ role: 'admin', organKey: 'gov', subtree: true }],
    purpose: '管理全区机关与账号',
  },
  {
    username: 'officer',
    displayName: '刘洋（信息员·演示）',
    grants: [{ role: 'officer', organKey: 'radio', subtree: false }],
    purpose: '广播电视局信息员：起草、初审',
  },
  {
    username: 'officer2',
    displayName: '陈静（信息员·演示）',
    grants: [{ role: 'officer', organKey: 'radio', subtree: false }],
    purpose: '广播电视局第二位信息员：演示“起草人不能审核自己起草的内容”',
  },
  {
    username: 'handler',
    displayName: '赵磊（承办人·演示）',
    grants: [{ role: 'handler', organKey: 'radio', subtree: false }],
    purpose: '广播电视局业务科室承办人',
  },
  {
    username: 'leader',
    displayName: '王建国（分管领导·演示）',
    grants: [{ role: 'leader', organKey: 'radio', subtree: false }],
    purpose: '广播电视局分管领导：终审批准',
  },
  {
    username: 'officehead',
    displayName: '孙丽（公开办负责人·演示）',
    grants: [{ role: 'office_head', organKey: 'radio', subtree: false }],
    purpose: '广播电视局公开办负责人：批准延期',
  },
  {
    username: 'supervisor',
    displayName: '周敏（监督员·演示）',
    grants: [{ role: 'supervisor', organKey: 'gov', subtree: true }],
    purpose: '全区监督员：只读查看、督办、查阅审计日志',
  },
]

/** The demo organ by key (throws on a typo in the data above). */
export function demoOrgan(key: string): DemoOrgan {
  const organ = DEMO_ORGANS.find((o) => o.key === key)
  if (!organ) {
    throw new Error(`no demo organ ${key}`)
  }
  return organ
}
