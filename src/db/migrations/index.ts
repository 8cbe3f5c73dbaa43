import type { GongkaiMigration } from './migration.js'
import * as foundation from './2026-11-27T2200_foundation.js'
import * as catalogue from './2026-11-27T2300_catalogue.js'
import * as search from './2026-11-28T0000_search.js'
import * as itemWorkflow from './2026-11-28T0200_item_workflow.js'
import * as catalogueListOrder from './2026-11-28T0400_catalogue_list_order.js'
import * as searchTitle from './2026-11-28T0530_search_title.js'
import * as searchTitleFts from './2026-11-28T0600_search_title_fts.js'
import * as searchPgStatistics from './2026-11-28T0700_search_pg_statistics.js'
import * as auditKeyedChain from './2026-11-29T0900_audit_keyed_chain.js'
import * as organPath from './2026-11-29T0900_organ_path.js'
import * as publicChangeVersion from './2026-12-03T1000_public_change_version.js'
import * as calendarDay from './2026-12-03T1800_calendar_day.js'
import * as loginThrottle from './2026-12-03T1800_login_throttle.js'
import * as itemEditors from './2026-12-03T1810_item_editors.js'
import * as itemBody from './2026-12-03T1820_item_body.js'
import * as organTextReview from './2026-12-03T1900_organ_text_review.js'
import * as requests from './2026-12-04T1900_requests.js'
import * as outboxMessage from './2026-12-04T1920_outbox_message.js'

/** Every migration, by name; names sort by date. Add new ones at the end. */
export const migrations: Record<string, GongkaiMigration> = {
  '2026-11-27T2200_foundation': foundation,
  '2026-11-27T2300_catalogue': catalogue,
  '2026-11-28T0000_search': search,
  '2026-11-28T0200_item_workflow': itemWorkflow,
  '2026-11-28T0400_catalogue_list_order': catalogueListOrder,
  '2026-11-28T0530_search_title': searchTitle,
  '2026-11-28T0600_search_title_fts': searchTitleFts,
  '2026-11-28T0700_search_pg_statistics': searchPgStatistics,
  '2026-11-29T0900_audit_keyed_chain': auditKeyedChain,
  '2026-11-29T0900_organ_path': organPath,
  '2026-12-03T1000_public_change_version': publicChangeVersion,
  '2026-12-03T1800_calendar_day': calendarDay,
  '2026-12-03T1800_login_throttle': loginThrottle,
  '2026-12-03T1810_item_editors': itemEditors,
  '2026-12-03T1820_item_body': itemBody,
  '2026-12-03T1900_organ_text_review': organTextReview,
  '2026-12-04T1900_requests': requests,
  '2026-12-04T1920_outbox_message': outboxMessage,
}
