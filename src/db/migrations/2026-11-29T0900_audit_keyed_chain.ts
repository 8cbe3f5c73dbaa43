import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
// The keyed audit chain: each entry records how it was sealed (`mac_alg`) and with which key
// (`key_id`, a fingerprint). Entries written before this migration keep their plain SHA-256
// hashes as the "legacy epoch": they cannot be re-sealed here, since the key never reaches the
// database, and re-sealing would vouch for whatever the table holds today. The epoch's length is
// kept in the counter `audit_log.legacy_through`; signed checkpoints repeat it, so relabelling
// newer entries as legacy is detected.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .addColumn('mac_alg', 'text', (c) => c.notNull().defaultTo('legacy-sha256'))
    .execute()
  await db.schema.alterTable('audit_log').addColumn('key_id', 'text').execute()
  await sql`INSERT INTO counter (name, value)
    SELECT 'audit_log.legacy_through', COALESCE(MAX(seq), 0) FROM audit_log`.execute(db)
}
