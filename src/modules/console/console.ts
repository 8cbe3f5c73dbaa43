import type { Role } from '../users/user.table.js'

/** A link on the dashboard to something a role does. */
export interface ConsoleTask {
  label: string
  href: string
  description: string
}

/** What each role is for, and where its work is. The dashboard is built from this table only. */
export const ROLE_WORK: Record<Role, { summary: string; tasks: ConsoleTask[] }> = {
  admin: {
    summary: '管理本平台的机关、工作人员账号和角色授权，维护节假日安排，查阅审计日志和通知发送情况。',
    tasks: [
      {
        label: '机关管理',
        href: '/console/organs',
        description: '新增、修改机关及其政府信息公开工作机构信息。',
      },
      {
        label: '用户管理',
        href: '/console/users',
        description: '新增工作人员账号、授予或收回角色、重置密码。',
      },
      { label: '审计日志', href: '/console/audit', description: '查阅并校验所管辖机关的操作记录。' },
      {
        label: '节假日安排',
        href: '/console/calendar',
        description: '查看各年度工作日历的来源，录入国务院办公厅新发布的放假和调休安排。',
      },
      {
        label: '通知发送',
        href: '/console/outbox',
        description: '查看电子邮件和短信通知的发送情况，处理发送失败的通知。',
      },
    ],
  },
  officer: {
    summary: '起草、初审本机关的主动公开信息并进行保密审查（条例第四条、第十七条）。',
    tasks: [
      {
        label: '待初审',
        href: '/console/items?status=first_review',
        description: '承办人提交的信息，等待您进行保密审查和初审。',
      },
      { label: '信息列表', href: '/console/items', description: '本机关的全部信息，包括草稿。' },
      { label: '起草信息', href: '/console/items/new', description: '新建一条主动公开信息。' },
    ],
  },
  handler: {
    summary: '在业务科室起草属于主动公开范围的信息，提交信息员初审。',
    tasks: [
      { label: '起草信息', href: '/console/items/new', description: '新建一条主动公开信息草稿。' },
      {
        label: '我的草稿',
        href: '/console/items?status=draft',
        description: '尚未提交初审的草稿和被退回修改的信息。',
      },
    ],
  },
  leader: {
    summary: '对初审通过的信息作最终审核，决定是否公开。',
    tasks: [
      {
        label: '待复核',
        href: '/console/items?status=final_review',
        description: '初审通过、等待您审核批准的信息。',
      },
      { label: '信息列表', href: '/console/items', description: '分管机关的全部信息。' },
    ],
  },
  office_head: {
    summary: '负责本机关政府信息公开工作机构（公开办，条例第四条），掌握主动公开工作的总体情况。',
    tasks: [
      { label: '信息公开目录总览', href: '/console/items', description: '本机关各状态的主动公开信息。' },
      {
        label: '待复核',
        href: '/console/items?status=final_review',
        description: '等待分管领导审核的信息。',
      },
    ],
  },
  supervisor: {
    summary: '对所辖机关的政府信息公开工作进行监督（只读），查阅审计日志（条例第四十七条）。',
    tasks: [
      { label: '信息列表', href: '/console/items', description: '所辖机关的全部信息及其办理状态（只读）。' },
      { label: '审计日志', href: '/console/audit', description: '所辖机关的全部操作记录（只读）。' },
    ],
  },
}

/** Roles in the order the dashboard shows them. */
export const DASHBOARD_ROLE_ORDER: readonly Role[] = [
  'admin',
  'supervisor',
  'office_head',
  'leader',
  'officer',
  'handler',
]

/** Roles whose dashboard section lists every organ they oversee, with links to the public column. */
export const OVERVIEW_ROLES: readonly Role[] = ['supervisor', 'office_head']
