import type { Kdb } from '../../../db/database.js'
import type { AttachmentRow, ItemStatus } from '../catalogue.table.js'

export async function insertAttachment(db: Kdb, row: AttachmentRow): Promise<void> {
  await db.insertInto('attachment').values(row).execute()
}

/** An attachment with what access rules need to know about its item. */
export type AttachmentWithItem = AttachmentRow & {
  item_status: ItemStatus
  organ_id: string
  item_title: string
}

export function findAttachmentWithItem(db: Kdb, id: string): Promise<AttachmentWithItem | undefined> {
  return db
    .selectFrom('attachment')
    .innerJoin('item', 'item.id', 'attachment.item_id')
    .selectAll('attachment')
    .select(['item.status as item_status', 'item.organ_id as organ_id', 'item.title as item_title'])
    .where('attachment.id', '=', id)
    .executeTakeFirst()
}

/** An item's attachments, oldest first. */
export function listAttachmentsOfItem(db: Kdb, itemId: string): Promise<AttachmentRow[]> {
  return db
    .selectFrom('attachment')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('created_at')
    .orderBy('filename')
    .execute()
}

/** Deletes an attachment row; false when it was already gone. */
export async function deleteAttachment(db: Kdb, id: string): Promise<boolean> {
  const r = await db.deleteFrom('attachment').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** How many attachments point at a stored file (content-addressed files are shared). */
export async function countByStorageKey(db: Kdb, storageKey: string): Promise<number> {
  const r = await db
    .selectFrom('attachment')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('storage_key', '=', storageKey)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}
