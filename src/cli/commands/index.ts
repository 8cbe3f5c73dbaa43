import type { Command } from 'commander'
import { registerAudit } from './audit.js'
import { registerBackup } from './backup.js'
import { registerDeadline } from './deadline.js'
import { registerDemo } from './demo.js'
import { registerImport } from './import.js'
import { registerMigrate } from './migrate.js'
import { registerOrg } from './org.js'
import { registerSearch } from './search.js'
import { registerServe } from './serve.js'
import { registerStart } from './start.js'
import { registerUser } from './user.js'

/** Every CLI command, registered in help order. */
export function registerCommands(program: Command): void {
  registerStart(program)
  registerServe(program)
  registerMigrate(program)
  registerOrg(program)
  registerUser(program)
  registerAudit(program)
  registerDemo(program)
  registerImport(program)
  registerBackup(program)
  registerSearch(program)
  registerDeadline(program)
}
