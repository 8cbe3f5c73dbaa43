import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

// Frozen in time: never import application code here.
// PostgreSQL: a change version for the public pages' caches (src/db/change-stamp.ts). Every
// statement that writes a table public pages are made from bumps the counter row
// 'public.change_version' in the writing transaction (a statement-level trigger, so a 1,000-row
// import statement bumps it once), and readers see the new value exactly when the change becomes
// visible. SQLite needs none of this: its stamp is total_changes() + PRAGMA data_version.
export const CHANGE_VERSION_COUNTER = 'public.change_version'
const TABLES = ['item', 'attachment', 'organ', 'organ_text', 'setting']

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') {
    return
  }
  await sql`INSERT INTO counter (name, value) VALUES (${CHANGE_VERSION_COUNTER}, 0)
    ON CONFLICT (name) DO NOTHING`.execute(db)
  await sql`CREATE OR REPLACE FUNCTION gk_bump_public_change_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE counter SET value = value + 1 WHERE name = 'public.change_version';
      RETURN NULL;
    END
    $$`.execute(db)
  for (const table of TABLES) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_public_change_version`)}
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.id(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION gk_bump_public_change_version()`.execute(db)
  }
}
