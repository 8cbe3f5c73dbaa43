import { API_MAX_PER_PAGE } from '../public/index.js'
import { DISCLOSURE_MODES, SCOPES, TERMS, VALIDITIES } from '../catalogue.table.js'

/**
 * The OpenAPI 3.1 description of the open-data API (/api/v1), served at /api/v1/openapi.json.
 * Kept next to api.routes.ts; api.routes.test.ts checks that every documented path answers and
 * that the answers carry the documented fields.
 */

const nullableString = { type: ['string', 'null'] }
const date = { type: ['string', 'null'], format: 'date' }

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          description: '稳定的错误代码，如 REQUEST_INVALID、ORGAN_NOT_FOUND、ITEM_NOT_FOUND',
        },
        message: { type: 'string', description: '中文说明' },
        fields: {
          type: 'object',
          additionalProperties: { type: 'array', items: { type: 'string' } },
          description: '参数名 → 错误说明（仅参数错误时）',
        },
        requestId: { type: 'string' },
      },
    },
  },
}

const itemSummary = {
  type: 'object',
  required: ['id', 'index_no', 'title', 'organ', 'published_date', 'validity', 'url'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    index_no: { ...nullableString, description: '索引号' },
    title: { type: 'string', description: '名称' },
    summary: { ...nullableString, description: '内容概述' },
    organ: {
      type: ['object', 'null'],
      properties: { code: { type: 'string', description: '机构代码' }, name: { type: 'string' } },
      description: '发布机构',
    },
    doc_number: { ...nullableString, description: '文号（规范化后，如 国办发〔2017〕47号）' },
    written_date: { ...date, description: '成文日期' },
    published_date: { ...date, description: '发布日期' },
    topic: { ...nullableString, description: '主题分类，"一级\\二级"' },
    genre: { ...nullableString, description: '体裁' },
    art20_item: {
      type: ['integer', 'null'],
      minimum: 1,
      maximum: 15,
      description: '《条例》第二十条事项序号',
    },
    validity: { type: 'string', enum: [...VALIDITIES], description: '有效性' },
    sample: { type: 'boolean', description: '演示用示例数据' },
    url: { type: 'string', format: 'uri', description: '信息页面地址' },
  },
}

const itemDetail = {
  allOf: [
    { $ref: '#/components/schemas/ItemSummary' },
    {
      type: 'object',
      properties: {
        doc_number_raw: { ...nullableString, description: '文号（原文）' },
        joint_issuers: { type: 'array', items: { type: 'string' }, description: '联合发文机关' },
        art21_item: { ...nullableString, description: '《条例》第二十一条事项' },
        key_areas: { type: 'array', items: { type: 'string' }, description: '重点领域' },
        disclosure_mode: { type: 'string', enum: [...DISCLOSURE_MODES], description: '公开方式' },
        scope: { type: 'string', enum: [...SCOPES], description: '公开范围' },
        term: { type: 'string', enum: [...TERMS], description: '公开时限' },
        validity_date: { ...date, description: '有效性变化日期' },
        replaced_by: {
          type: ['object', 'null'],
          properties: {
            index_no: nullableString,
            title: { type: 'string' },
            url: { type: 'string', format: 'uri' },
          },
        },
        revision: { type: 'integer', description: '修订版本号' },
        body_html: {
          ...nullableString,
          description: '正文（经白名单过滤的 HTML）；非主动公开的信息为 null',
        },
        attachments: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              filename: { type: 'string' },
              media_type: { type: 'string' },
              size: { type: 'integer' },
              url: { type: 'string', format: 'uri' },
            },
          },
        },
      },
    },
  ],
}

const q = (name: string, description: string, schema: Record<string, unknown>) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
})

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
})

export function openApiDocument(publicUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: '公开 Gongkai 政府信息开放数据接口',
      version: '1.0.0',
      description:
        '已主动公开的政府信息（《中华人民共和国政府信息公开条例》第二十条、第二十一条）的只读接口。只返回已发布的信息，不含草稿与审核记录。',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    paths: {
      '/items': {
        get: {
          operationId: 'listItems',
          summary: '按条件列出已公开的政府信息',
          parameters: [
            q('organ', '发布机构的机构代码（统一社会信用代码或组织机构代码）', { type: 'string' }),
            q('year', '发布年份', { type: 'integer', minimum: 1949, maximum: 2100 }),
            q('q', '检索词（全文检索，按相关度排序）', { type: 'string', maxLength: 100 }),
            q('topic', '主题分类，"一级\\二级" 或一级名称', { type: 'string' }),
            q('genre', '体裁', { type: 'string' }),
            q('art20', '《条例》第二十条事项序号', { type: 'integer', minimum: 1, maximum: 15 }),
            q('validity', '有效性', { type: 'string', enum: [...VALIDITIES] }),
            q('sort', '排序（无检索词时）：new 新到旧，old 旧到新', { type: 'string', enum: ['new', 'old'] }),
            q('page', '页码，从 1 开始', { type: 'integer', minimum: 1, default: 1 }),
            q('per_page', '每页条数', {
              type: 'integer',
              minimum: 1,
              maximum: API_MAX_PER_PAGE,
              default: 20,
            }),
          ],
          responses: {
            '200': {
              description: '一页结果',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemList' } } },
            },
            '404': errorResponse('机构代码不存在（ORGAN_NOT_FOUND）'),
            '422': errorResponse('参数有误（REQUEST_INVALID，fields 列出各参数的问题）或检索词无效'),
          },
        },
      },
      '/items/{ref}': {
        get: {
          operationId: 'getItem',
          summary: '按索引号或 id 获取一条已公开的政府信息',
          parameters: [
            {
              name: 'ref',
              in: 'path',
              required: true,
              description: '索引号（其中的 "/" 须编码为 %2F）或 id',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description: '信息详情',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemDetail' } } },
            },
            '404': errorResponse('不存在或未公开（ITEM_NOT_FOUND）'),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: '本文档',
          responses: { '200': { description: 'OpenAPI 3.1 文档', content: { 'application/json': {} } } },
        },
      },
    },
    components: {
      schemas: {
        ItemSummary: itemSummary,
        ItemDetail: itemDetail,
        ItemList: {
          type: 'object',
          required: ['items', 'total', 'page', 'per_page'],
          properties: {
            items: { type: 'array', items: { $ref: '#/components/schemas/ItemSummary' } },
            total: { type: 'integer', description: '符合条件的总条数' },
            total_is_lower_bound: {
              type: 'boolean',
              description: '全文检索命中过多时，total 为下限',
            },
            page: { type: 'integer' },
            per_page: { type: 'integer' },
          },
        },
        Error: errorSchema,
      },
    },
  }
}
