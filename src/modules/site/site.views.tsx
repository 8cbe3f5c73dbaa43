import type { ComponentChildren } from 'preact'
import type { Viewer } from '../../shared/actor.js'
import { Layout } from '../../http/layout.js'
import type { Pagination } from '../../shared/paging.js'
import {
  ART30_CORRECTION_NOTICE_WORKING_DAYS,
  ART33_EXTENSION_WORKING_DAYS,
  ART33_REPLY_WORKING_DAYS,
} from '../../shared/calendar/statutory-periods.js'
import { ORGAN_KIND_LABELS, type Organ, type OrganNode } from '../organs/index.js'
import { EntryTable, Pager, SampleBadge, TotalLine, type CatalogueEntry } from '../catalogue/public/index.js'
import {
  COLUMN_SECTIONS,
  columnHref,
  columnSection,
  hasOfficeContact,
  type ColumnSection,
  type OrganInTree,
} from './site.js'

interface PageBase {
  viewer: Viewer | null
  csrfToken: string
}

/** Breadcrumbs from the home page down to `organ` (the last one links when a section follows). */
function organCrumbs(place: OrganInTree, section?: ColumnSection): Array<[string, string?]> {
  const crumbs: Array<[string, string?]> = [['首页', '/']]
  for (const a of place.ancestors) {
    crumbs.push([a.name, columnHref(a.code)])
  }
  if (section) {
    crumbs.push([place.organ.name, columnHref(place.organ.code)], [section.label])
  } else {
    crumbs.push([place.organ.name])
  }
  return crumbs
}

function OrganTreeNodes(props: { nodes: OrganNode[]; level: number }) {
  return (
    <ul class={props.level === 0 ? 'organ-tree' : undefined}>
      {props.nodes.map((n) => (
        <li>
          <span class="organ-line">
            <a href={columnHref(n.organ.code)} class="organ-name">
              {n.organ.name}
            </a>
            <span class="organ-kind">{ORGAN_KIND_LABELS[n.organ.kind]}</span>
            <a href={columnHref(n.organ.code, 'apply')} class="organ-apply">
              依申请公开
              <span class="visually-hidden">（{n.organ.name}）</span>
            </a>
          </span>
          {n.children.length > 0 ? <OrganTreeNodes nodes={n.children} level={props.level + 1} /> : null}
        </li>
      ))}
    </ul>
  )
}

/** The public home page: what this is, search, and every organ's column. */
/** The latest published items across organs (the home page). */
function LatestItems(props: { entries: readonly CatalogueEntry[] }) {
  return (
    <section aria-labelledby="h-latest">
      <h2 id="h-latest">最新公开信息</h2>
      {props.entries.length === 0 ? (
        <p class="empty">各机关尚未主动公开政府信息。</p>
      ) : (
        <>
          <ul class="latest-items">
            {props.entries.map((e) => (
              <li>
                <a href={e.href}>{e.title}</a> <SampleBadge sample={e.sample} />
                <span class="muted">
                  {' '}
                  {e.organ ? (
                    <>
                      <a href={columnHref(e.organ.code)}>{e.organ.name}</a> ·{' '}
                    </>
                  ) : null}
                  <time dateTime={e.publishedDate ?? undefined}>{e.publishedDate ?? ''}</time>
                </span>
              </li>
            ))}
          </ul>
          <p>
            <a href="/catalogue">查看全部主动公开信息</a>
          </p>
        </>
      )}
    </section>
  )
}

export function HomePage(props: PageBase & { forest: OrganNode[]; latest: readonly CatalogueEntry[] }) {
  return (
    <Layout title="政府信息公开" viewer={props.viewer} csrfToken={props.csrfToken}>
      <h1>政府信息公开</h1>
      <p class="lead">
        本平台依据《中华人民共和国政府信息公开条例》发布各行政机关的政府信息公开指南、政府信息公开制度、法定主动公开内容和政府信息公开工作年度报告。查阅信息无需注册或登录。
      </p>
      <form method="get" action="/search" role="search" class="search-box">
        <label for="home-q">检索政府信息</label>
        <div class="search-row">
          <input id="home-q" name="q" type="search" maxLength={100} placeholder="输入标题、文号或关键词" />
          <button type="submit">检索</button>
        </div>
      </form>

      <LatestItems entries={props.latest} />

      <section aria-labelledby="h-organs">
        <h2 id="h-organs">各机关政府信息公开专栏</h2>
        {props.forest.length === 0 ? (
          <p class="empty">本平台尚未登记任何行政机关。</p>
        ) : (
          <>
            <p class="muted">
              按人民政府、政府部门、所属事业单位的层级排列。点击机关名称进入该机关的政府信息公开专栏。
            </p>
            <OrganTreeNodes nodes={props.forest} level={0} />
          </>
        )}
      </section>

      <section aria-labelledby="h-apply">
        <h2 id="h-apply">依申请公开</h2>
        <p>
          需要获取未主动公开的政府信息，可以向制作或者保存该信息的行政机关提出申请（条例第二十七条）。请在上方列表中找到该机关，点击“依申请公开”查看申请渠道和联系方式。依申请提供政府信息一般不收取费用（条例第四十二条）。
        </p>
      </section>
    </Layout>
  )
}

/** The five standard sections of an organ's column as a navigation list. */
export function ColumnNav(props: { code: string; current?: ColumnSection['key'] }) {
  return (
    <nav aria-label="政府信息公开专栏" class="column-nav-wrap">
      <ul class="column-nav">
        {COLUMN_SECTIONS.map((s) => (
          <li>
            <a
              href={columnHref(props.code, s.key)}
              aria-current={props.current === s.key ? 'page' : undefined}
            >
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/** The disclosure office's contact details, listing only what the organ has filled in. */
export function OfficeContact(props: { organ: Organ; headingLevel?: 2 | 3 }) {
  const o = props.organ.office
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2'
  const rows: Array<[string, string | null, 'web' | 'email' | 'text']> = [
    ['工作机构', o.name, 'text'],
    ['办公地址', o.address, 'text'],
    ['邮政编码', o.postcode, 'text'],
    ['办公时间', o.hours, 'text'],
    ['联系电话', o.phone, 'text'],
    ['传真', o.fax, 'text'],
    ['电子邮箱', o.email, 'email'],
    ['网址', o.web, 'web'],
  ]
  const filled = rows.filter(
    (r): r is [string, string, 'web' | 'email' | 'text'] => !!r[1] && r[1].trim() !== '',
  )
  return (
    <section aria-labelledby="h-office" class="office-contact">
      <Heading id="h-office">政府信息公开工作机构</Heading>
      {filled.length === 0 ? (
        <p class="empty">本机关尚未在本平台登记政府信息公开工作机构的联系方式。</p>
      ) : (
        <dl class="kv">
          {filled.map(([label, value, kind]) => (
            <>
              <dt>{label}</dt>
              <dd>
                {kind === 'email' ? (
                  <a href={`mailto:${value}`}>{value}</a>
                ) : kind === 'web' && /^https?:\/\//i.test(value) ? (
                  <a href={value} rel="noopener">
                    {value}
                  </a>
                ) : (
                  value
                )}
              </dd>
            </>
          ))}
        </dl>
      )}
    </section>
  )
}

/** An organ's 政府信息公开 column: the five sections, the office and the organs below it. */
export function OrganColumnPage(props: PageBase & { place: OrganInTree }) {
  const { organ, children } = props.place
  return (
    <Layout
      title={`${organ.name}政府信息公开`}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      crumbs={organCrumbs(props.place)}
    >
      <h1>{organ.name}</h1>
      <p class="muted">
        {ORGAN_KIND_LABELS[organ.kind]}
        {organ.shortName ? ` · 简称：${organ.shortName}` : ''} ·{' '}
        {organ.codeType === 'uscc' ? '统一社会信用代码' : '组织机构代码'}{' '}
        <span class="code">{organ.code}</span>
      </p>
      <h2 id="h-column">政府信息公开</h2>
      <ul class="section-list" aria-labelledby="h-column">
        {COLUMN_SECTIONS.map((s) => (
          <li>
            <a href={columnHref(organ.code, s.key)}>{s.label}</a>
            <p>{s.description}</p>
          </li>
        ))}
      </ul>
      <OfficeContact organ={organ} />
      <section aria-labelledby="h-children">
        <h2 id="h-children">下属机关</h2>
        {children.length === 0 ? (
          <p class="empty">本机关没有在本平台登记的下属机关。</p>
        ) : (
          <ul class="child-list">
            {children.map((c) => (
              <li>
                <a href={columnHref(c.code)}>{c.name}</a>{' '}
                <span class="organ-kind">{ORGAN_KIND_LABELS[c.kind]}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  )
}

/** Shell of one column section: crumbs, heading, the column navigation. */
function SectionPage(
  props: PageBase & { place: OrganInTree; section: ColumnSection['key']; children: ComponentChildren },
) {
  const section = columnSection(props.section)
  const { organ } = props.place
  return (
    <Layout
      title={`${section.label} - ${organ.name}`}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      crumbs={organCrumbs(props.place, section)}
    >
      <h1>
        <span class="h1-organ">{organ.name}</span>
        {section.label}
      </h1>
      <ColumnNav code={organ.code} current={section.key} />
      {props.children}
    </Layout>
  )
}

/** 政府信息公开年报: the organ's published items of the 年度报告 kind, newest first, or honest text. */
export function ReportsPage(
  props: PageBase & {
    place: OrganInTree
    entries: readonly CatalogueEntry[]
    pagination: Pagination
  },
) {
  const base = columnHref(props.place.organ.code, 'reports')
  return (
    <SectionPage {...props} section="reports">
      {props.entries.length === 0 ? (
        <p class="empty" role="status">
          本机关尚未在本平台发布政府信息公开工作年度报告。
        </p>
      ) : (
        <>
          <TotalLine pagination={props.pagination} />
          <EntryTable entries={props.entries} showOrgan={false} caption="政府信息公开工作年度报告列表" />
          <Pager pagination={props.pagination} href={(p) => (p > 1 ? `${base}?page=${p}` : base)} />
        </>
      )}
      <p>
        依据《中华人民共和国政府信息公开条例》第四十九条，县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交上一年度政府信息公开工作年度报告并向社会公布；县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前公布本级政府上一年度的年度报告。
      </p>
      <p>如需查阅本机关以往的年度报告，可以联系本机关政府信息公开工作机构。</p>
      <OfficeContact organ={props.place.organ} />
    </SectionPage>
  )
}

/** 依申请公开: how to apply to this organ through the channels it has, with no fake online form. */
export function ApplyPage(props: PageBase & { place: OrganInTree }) {
  const { organ } = props.place
  const o = organ.office
  const office = o.name ?? '政府信息公开工作机构'
  return (
    <SectionPage {...props} section="apply">
      <p class="notice-info" role="status">
        本平台暂未开通网上申请。请通过下列渠道向{organ.name}提出政府信息公开申请。
      </p>
      <h2>申请渠道</h2>
      {hasOfficeContact(organ) ? (
        <ul class="channel-list">
          {o.address ? (
            <li>
              <h3>信函申请</h3>
              <p>
                将申请书邮寄至：{o.address}
                {o.postcode ? `（邮政编码 ${o.postcode}）` : ''}，{office}
                收，并在信封左下角注明“政府信息公开申请”。以平常信函等无需签收的方式邮寄的，以工作机构与您确认之日为收到申请之日（条例第三十一条）。
              </p>
            </li>
          ) : null}
          {o.address ? (
            <li>
              <h3>当面申请</h3>
              <p>
                到{o.address}
                {office}当面提交申请书{o.hours ? `，办公时间：${o.hours}` : ''}
                。以提交之日为收到申请之日。书面申请确有困难的，可以口头提出，由工作机构代为填写申请（条例第二十九条）。
              </p>
            </li>
          ) : null}
          {o.fax ? (
            <li>
              <h3>传真申请</h3>
              <p>传真至 {o.fax}。以双方确认之日为收到申请之日（条例第三十一条）。</p>
            </li>
          ) : null}
          {o.email ? (
            <li>
              <h3>电子邮件申请</h3>
              <p>
                发送至 <a href={`mailto:${o.email}`}>{o.email}</a>
                。以双方确认之日为收到申请之日（条例第三十一条）。
              </p>
            </li>
          ) : null}
          {o.phone ? (
            <li>
              <h3>电话咨询</h3>
              <p>
                咨询电话：{o.phone}
                {o.hours ? `（${o.hours}）` : ''}。申请应当采用书面形式，电话可用于咨询申请事项和办理进度。
              </p>
            </li>
          ) : null}
        </ul>
      ) : (
        <p class="empty">本机关尚未在本平台登记政府信息公开工作机构的联系方式，暂无法列出申请渠道。</p>
      )}
      <h2>申请书应当包括的内容</h2>
      <p>依据条例第二十九条，政府信息公开申请应当包括：</p>
      <ol>
        <li>申请人的姓名或者名称、身份证明、联系方式；</li>
        <li>申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；</li>
        <li>申请公开的政府信息的形式要求，包括获取信息的方式、途径。</li>
      </ol>
      <h2>办理期限和费用</h2>
      <ul>
        <li>
          能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起{ART33_REPLY_WORKING_DAYS}
          个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过
          {ART33_EXTENSION_WORKING_DAYS}个工作日（条例第三十三条）。
        </li>
        <li>
          申请内容不明确的，行政机关自收到申请之日起{ART30_CORRECTION_NOTICE_WORKING_DAYS}
          个工作日内一次性告知需要补正的事项（条例第三十条）。
        </li>
        <li>
          依申请提供政府信息不收取费用；申请数量、频次明显超过合理范围的，可以收取信息处理费（条例第四十二条）。
        </li>
      </ul>
      <p>
        申请前，建议先查阅本机关的<a href={columnHref(organ.code, 'catalogue')}>法定主动公开内容</a>
        ，已经主动公开的信息可以直接获取。
      </p>
      <OfficeContact organ={organ} />
    </SectionPage>
  )
}
