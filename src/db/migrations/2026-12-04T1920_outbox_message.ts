import type { Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

// Frozen in time: never import application code here.
// The transactional outbox of notifications (modules/notifications): a message is inserted in the
// transaction of the change it announces and sent later by a worker that claims it with a lease.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('outbox_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('topic', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('provider_message_id', 'text')
    .execute()
  // The worker's claim: due messages by status and time.
  await db.schema
    .createIndex('outbox_message_due_idx')
    .on('outbox_message')
    .columns(['status', 'next_attempt_at'])
    .execute()
  await db.schema.createIndex('outbox_message_topic_idx').on('outbox_message').column('topic').execute()
}
