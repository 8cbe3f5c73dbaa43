import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Organ } from '../../organs/index.js'
import {
  MAX_PAGE,
  type CatalogueFilter,
  type CatalogueParams,
  type CatalogueQueryInput,
} from './catalogue-public.js'
import { organMapOf, organRef, type OrganMap } from './catalogue-public.service.js'

// Small helpers the public route files share.

export const LIST_PARAMS = ['organ', 'topic', 'genre', 'year', 'art20', 'validity', 'sort', 'page'] as const

/** The query string's filters (the organ is resolved separately). */
export function filterOf(p: CatalogueQueryInput): Omit<CatalogueFilter, 'organIds'> {
  return { topic: p.topic, genre: p.genre, year: p.year, art20Item: p.art20, validity: p.validity }
}

export function toParams(p: CatalogueQueryInput, organCode: string | undefined): CatalogueParams {
  return {
    organ: organCode,
    topic: p.topic,
    genre: p.genre,
    year: p.year,
    art20: p.art20,
    validity: p.validity,
    sort: p.sort,
    page: p.page,
  }
}
export function singleOrgan(organ: Organ): OrganMap {
  return organMapOf([organRef(organ)])
}
export const simplePage = z.object({
  page: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
  ),
})
/** Organ codes are matched as typed in the URL, normalised to upper case. */
export function codeParam(request: FastifyRequest): string {
  return (request.params as { code: string }).code
}
