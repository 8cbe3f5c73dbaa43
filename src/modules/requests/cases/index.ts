// The only entrance to requests/cases from outside it: the request model, intake, handling, queues.
export * from './request.js'
export * from './request-transitions.js'
export * from './request-clock.js'
export * from './intake.js'
export * from './intake.service.js'
export * from './handling.service.js'
export * from './request-query.service.js'
export type {
  InfoRequestRow,
  RequestEventRow,
  RequestConsultationRow,
  RequestLetterRow,
  RequestAppealRow,
} from './request.table.js'
