import type { ComponentChildren } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { SelectField } from '../../../http/layout.js'
import { OrganField } from '../../organs/index.js'
import { ART20_ITEMS, GENRES, TOPIC_GROUPS, TOPIC_SEPARATOR } from '../classification/index.js'
import type { Validity } from '../catalogue.table.js'
import { topicFilterLabel, VALIDITY_LABELS, type CatalogueParams, type OrganRef } from './catalogue-public.js'

// The catalogue and search pages' filter form (主题分类, 体裁, year, 发布机构 …).

function Opt(props: { value: string; current: string; children: ComponentChildren }) {
  return (
    <option value={props.value} selected={props.value === props.current}>
      {props.children}
    </option>
  )
}

function TopicOptions(props: { current: string }) {
  return (
    <>
      <Opt value="" current={props.current}>
        全部主题
      </Opt>
      {TOPIC_GROUPS.map((g) =>
        g.children.length === 0 ? (
          <Opt value={g.name} current={props.current}>
            {g.name}
          </Opt>
        ) : (
          <optgroup label={g.name}>
            <Opt value={g.name} current={props.current}>
              {topicFilterLabel(g.name)}
            </Opt>
            {g.children.map((c) => (
              <Opt value={`${g.name}${TOPIC_SEPARATOR}${c}`} current={props.current}>
                {c}
              </Opt>
            ))}
          </optgroup>
        ),
      )}
    </>
  )
}

function GenreOptions(props: { current: string }) {
  const list = props.current && !GENRES.includes(props.current) ? [...GENRES, props.current] : GENRES
  return (
    <>
      <Opt value="" current={props.current}>
        全部体裁
      </Opt>
      {list.map((g) => (
        <Opt value={g} current={props.current}>
          {g}
        </Opt>
      ))}
    </>
  )
}

function YearOptions(props: { current: string; years: readonly number[] }) {
  const years =
    props.current && !props.years.includes(Number(props.current))
      ? [Number(props.current), ...props.years]
      : props.years
  return (
    <>
      <Opt value="" current={props.current}>
        全部年份
      </Opt>
      {years.map((y) => (
        <Opt value={String(y)} current={props.current}>
          {y}年
        </Opt>
      ))}
    </>
  )
}

export interface FilterFormProps {
  action: string
  params: CatalogueParams
  years: readonly number[]
  /**
   * Organs to choose from; null when there are too many for a select (a text box for the code
   * or full name then); omitted on an organ's own catalogue.
   */
  organs?: readonly OrganRef[] | null | undefined
  /** What the organ text box shows (the chosen organ's name, or what was typed). */
  organText?: string | undefined
  /** After an ambiguous organ: the organs it matched, offered as choices. */
  organChoices?: readonly OrganRef[] | undefined
  errors?: Record<string, string[]> | undefined
  /** The search page adds its query box. */
  q?: string | undefined
  showSort?: boolean
}

/** The filter form: a GET form with labelled selects; works without JavaScript. */
export function FilterForm(props: FilterFormProps) {
  return (
    <form
      method="get"
      action={props.action}
      class="filters"
      role="search"
      aria-label="筛选条件"
      // Markup rendered (and so escaped) by preact from these very props, see filterFieldsHtml.
      dangerouslySetInnerHTML={{ __html: filterFieldsHtml(props) }}
    />
  )
}

/**
 * The filter form's fields as HTML, memoised: they are a pure function of the props, and the
 * topic, genre, organ and year selects (two hundred options and more) cost more to render than
 * the rest of a list page. The organ choices and the years are keyed by identity (the service
 * hands out the same arrays while the data is unchanged), everything else by value.
 */
const filterFieldsMemo = new WeakMap<object, WeakMap<object, Map<string, string>>>()
const NULL_ORGANS = {}
const NO_ORGANS = {}
const FILTER_FIELDS_MEMO_MAX = 200

function filterFieldsHtml(props: FilterFormProps): string {
  const organsKey = props.organs === null ? NULL_ORGANS : (props.organs ?? NO_ORGANS)
  let byOrgans = filterFieldsMemo.get(props.years)
  if (!byOrgans) {
    byOrgans = new WeakMap()
    filterFieldsMemo.set(props.years, byOrgans)
  }
  let byValue = byOrgans.get(organsKey)
  if (!byValue) {
    byValue = new Map()
    byOrgans.set(organsKey, byValue)
  }
  const key = JSON.stringify([
    props.action,
    props.params,
    props.organText,
    props.organChoices?.map((o) => o.id),
    props.errors,
    props.q,
    props.showSort,
  ])
  let html = byValue.get(key)
  if (html === undefined) {
    html = renderToString(<FilterFields {...props} />)
    if (byValue.size >= FILTER_FIELDS_MEMO_MAX) {
      const oldest = byValue.keys().next().value
      if (oldest !== undefined) {
        byValue.delete(oldest)
      }
    }
    byValue.set(key, html)
  }
  return html
}

/**
 * How many filters are set. The filters are folded under a <details> that is open when one is set
 * (or has an error), so that on a phone the results, not seven selects, fill the first screen.
 */
function filtersSet(props: FilterFormProps): number {
  const p = props.params
  return [p.organ, p.topic, p.genre, p.year, p.art20, p.validity].filter((v) => v !== undefined && v !== '')
    .length
}

function FilterFields(props: FilterFormProps) {
  const p = props.params
  const e = props.errors ?? {}
  return (
    <>
      {props.q !== undefined ? (
        <div class={`field search-box${e.q ? ' has-error' : ''}`}>
          <label for="f-q">检索词</label>
          <input
            id="f-q"
            name="q"
            type="search"
            value={props.q}
            maxLength={100}
            aria-invalid={e.q ? 'true' : undefined}
            aria-describedby={e.q ? 'f-q-error' : undefined}
          />
          {e.q ? (
            <p class="field-error" id="f-q-error">
              {e.q.join('；')}
            </p>
          ) : null}
        </div>
      ) : null}
      <details class="filter-more" open={filtersSet(props) > 0 || Object.keys(e).length > 0}>
        <summary>筛选条件{filtersSet(props) > 0 ? `（已选 ${filtersSet(props)} 项）` : ''}</summary>
        <div class="filter-fields">
          {props.organs === null ? (
            // Too many organs for a select: a text field, resolved by name, short name or code, with
            // "did you mean" choices when several match (organs/organ-field.views.tsx).
            <OrganField
              name="organ"
              label="发布机构"
              value={props.organText ?? ''}
              errors={e.organ}
              hint="机关名称、简称或机构代码；留空为全部机关"
              choices={props.organChoices}
            />
          ) : props.organs ? (
            <SelectField name="organ" label="发布机构" errors={e.organ}>
              <Opt value="" current={p.organ ?? ''}>
                全部机关
              </Opt>
              {props.organs.map((o) => (
                <Opt value={o.code} current={p.organ ?? ''}>
                  {o.name}
                </Opt>
              ))}
            </SelectField>
          ) : null}
          <SelectField name="topic" label="主题分类" errors={e.topic}>
            <TopicOptions current={p.topic ?? ''} />
          </SelectField>
          <SelectField name="genre" label="体裁" errors={e.genre}>
            <GenreOptions current={p.genre ?? ''} />
          </SelectField>
          <SelectField name="year" label="发布年份" errors={e.year}>
            <YearOptions current={p.year === undefined ? '' : String(p.year)} years={props.years} />
          </SelectField>
          <SelectField name="art20" label="条例第二十条事项" errors={e.art20}>
            <Opt value="" current={p.art20 === undefined ? '' : String(p.art20)}>
              全部事项
            </Opt>
            {ART20_ITEMS.map((i) => (
              <Opt value={String(i.no)} current={p.art20 === undefined ? '' : String(p.art20)}>
                {i.label}
                {i.text}
              </Opt>
            ))}
          </SelectField>
          <SelectField name="validity" label="有效性" errors={e.validity}>
            <Opt value="" current={p.validity ?? ''}>
              全部
            </Opt>
            {(Object.keys(VALIDITY_LABELS) as Validity[]).map((v) => (
              <Opt value={v} current={p.validity ?? ''}>
                {VALIDITY_LABELS[v]}
              </Opt>
            ))}
          </SelectField>
          {props.showSort === false ? null : (
            <SelectField name="sort" label="排序" errors={e.sort}>
              <Opt value="new" current={p.sort ?? 'new'}>
                发布日期从新到旧
              </Opt>
              <Opt value="old" current={p.sort ?? 'new'}>
                发布日期从旧到新
              </Opt>
            </SelectField>
          )}
        </div>
      </details>
      <div class="field actions">
        <button type="submit">{props.q !== undefined ? '检索' : '筛选'}</button>{' '}
        <a href={props.action}>清除条件</a>
      </div>
    </>
  )
}
