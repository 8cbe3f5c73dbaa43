import { chinaDateOf } from '../../shared/china-time.js'
import { Layout } from '../../http/layout.js'
import { cnDate, FeedLinks, organFeedBase, TextBlock, type PageContext } from '../catalogue/public/index.js'
import {
  ART26_PUBLICATION_WORKING_DAYS,
  ART30_CORRECTION_NOTICE_WORKING_DAYS,
  ART32_CONSULTEE_WORKING_DAYS,
  ART33_EXTENSION_WORKING_DAYS,
  ART33_REPLY_WORKING_DAYS,
} from '../../shared/calendar/statutory-periods.js'
import type { GuideCount, GuideModel } from './guide.js'

function CountList(props: { items: readonly GuideCount[]; empty: string }) {
  if (props.items.length === 0) {
    return <p class="empty">{props.empty}</p>
  }
  return (
    <ul class="guide-counts">
      {props.items.map((c) => (
        <li>
          <a href={c.href}>{c.label}</a> <span class="muted">（{c.n} 条）</span>
        </li>
      ))}
    </ul>
  )
}

/** 政府信息公开指南 (条例 Art. 12), generated from the organ's data. */
export function GuideView(props: PageContext & { guide: GuideModel; mayEdit: boolean }) {
  const g = props.guide
  const code = encodeURIComponent(g.organ.code)
  const organHref = `/organs/${code}`
  return (
    <Layout
      title={`${g.organ.name} 政府信息公开指南`}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      crumbs={[['首页', '/'], [g.organ.name, organHref], ['政府信息公开指南']]}
      head={<FeedLinks base={organFeedBase(g.organ.code)} title={`${g.organ.name} 最新公开信息`} />}
    >
      <h1>{g.organ.name} 政府信息公开指南</h1>
      <p class="muted">
        为便于公民、法人和其他组织获取政府信息，依据《中华人民共和国政府信息公开条例》（以下简称《条例》）第十二条编制本指南。
        本指南根据本机关在本平台的数据自动生成，生成日期：{cnDate(g.generatedOn)}。
        {props.mayEdit ? (
          <>
            {' '}
            <a href={`/console/organs/${code}/guide`}>编辑补充说明</a>
          </>
        ) : null}
      </p>

      <h2>一、政府信息的分类与编排体系</h2>
      <h3>（一）分类</h3>
      <p>
        本机关主动公开的政府信息按主题分类（采用中国政府网两级主题分类）、体裁以及《条例》第二十条所列公开事项分类。
        各类别当前已公开的信息如下，点击可查看该类别的信息列表。
      </p>
      <h4>按主题分类</h4>
      <CountList items={g.topics} empty="暂无已公开信息。" />
      <h4>按体裁</h4>
      <CountList items={g.genres} empty="暂无已公开信息。" />
      <h4>按《条例》第二十条公开事项</h4>
      <CountList items={g.art20} empty="暂无标注公开事项的信息。" />
      <h3>（二）编排体系</h3>
      <p>
        每条政府信息设有索引号、名称、内容概述、发布机构、成文日期、文号、发布日期、主题分类、体裁、有效性等要素，
        在<a href={`${organHref}/catalogue`}>法定主动公开内容</a>栏目和
        <a href={`${organHref}/catalogue-index`}>政府信息公开目录</a>中按发布日期排列。
        {g.indexNumberRule}例如：<code>{g.indexNumberExample}</code>。
      </p>

      <h2>二、获取政府信息的方式</h2>
      <h3>（一）主动公开</h3>
      <p>
        属于主动公开范围的政府信息，本机关自该信息形成或者变更之日起 {ART26_PUBLICATION_WORKING_DAYS}{' '}
        个工作日内予以公开（《条例》第二十六条）。公开渠道包括：
      </p>
      <ul>
        <li>
          本平台本机关的政府信息公开专栏，提供<a href="/search">检索</a>
          、查阅和下载功能（《条例》第二十四条）；
        </li>
        <li>
          订阅：<a href={`${organFeedBase(g.organ.code)}.rss`}>RSS</a>、
          <a href={`${organFeedBase(g.organ.code)}.atom`}>Atom</a>；开放数据接口：
          <a href={`/api/v1/items?organ=${code}`}>JSON</a>（说明见{' '}
          <a href="/api/v1/openapi.json">OpenAPI 文档</a>
          ）；
        </li>
        <li>政府公报、新闻发布会以及报刊、广播、电视等途径（《条例》第二十三条）；</li>
        <li>国家档案馆、公共图书馆、政务服务场所设置的政府信息查阅场所（《条例》第二十五条）。</li>
      </ul>
      <h3>（二）依申请公开</h3>
      <p>
        公民、法人或者其他组织可以向本机关申请获取相关政府信息（《条例》第二十七条）。
        本平台暂未开通网上申请，申请可以通过信函、传真或当面向下列政府信息公开工作机构提出，详见
        <a href={`${organHref}/apply`}>依申请公开的渠道与要求</a>。
      </p>
      <ol>
        <li>
          申请应当采用包括信件、数据电文在内的书面形式；采用书面形式确有困难的，可以口头提出，由工作机构代为填写申请（《条例》第二十九条）。
          申请内容包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；
          申请公开的政府信息的形式要求，包括获取信息的方式、途径。
        </li>
        <li>
          申请内容不明确的，本机关自收到申请之日起 {ART30_CORRECTION_NOTICE_WORKING_DAYS}{' '}
          个工作日内一次性告知申请人补正；答复期限自收到补正的申请之日起计算（《条例》第三十条）。
        </li>
        <li>
          能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起 {ART33_REPLY_WORKING_DAYS}{' '}
          个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过{' '}
          {ART33_EXTENSION_WORKING_DAYS} 个工作日（《条例》第三十三条）。
        </li>
        <li>
          公开可能损害第三方合法权益的，本机关书面征求第三方意见，第三方应当自收到征求意见书之日起{' '}
          {ART32_CONSULTEE_WORKING_DAYS}{' '}
          个工作日内提出意见（《条例》第三十二条）；征求第三方和其他机关意见所需时间不计算在答复期限内（《条例》第三十三条）。
        </li>
        <li>
          收费：行政机关依申请提供政府信息，不收取费用。但申请人申请公开政府信息的数量、频次明显超过合理范围的，可以收取信息处理费（《条例》第四十二条）。
        </li>
      </ol>
      <h3>（三）监督和救济</h3>
      <p>
        公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，
        也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。
      </p>

      <h2>三、政府信息公开工作机构</h2>
      <table class="meta-table guide-office">
        <caption class="visually-hidden">政府信息公开工作机构联系方式</caption>
        <tbody>
          {g.contacts.map((c) => (
            <tr>
              <th scope="row">{c.label}</th>
              <td>
                {c.value ? (
                  c.href ? (
                    <a href={c.href}>{c.value}</a>
                  ) : (
                    c.value
                  )
                ) : (
                  <span class="muted">未提供</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {g.staffText ? (
        <>
          <h2>四、其他说明</h2>
          <TextBlock text={g.staffText} />
          {g.staffTextUpdatedAt ? (
            <p class="muted">本部分更新于 {cnDate(chinaDateOf(g.staffTextUpdatedAt))}。</p>
          ) : null}
        </>
      ) : null}
    </Layout>
  )
}
