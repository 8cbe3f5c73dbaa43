import type { Command } from 'commander'
import { registerAudit } from './audit.js'
import { registerBackup } from './backup.js'
import { registerMigrate } from './migrate.js'
import { registerServe } from './serve.js'

/** Every CLI command, registered in help order. */
export function registerCommands(program: Command): void {
  registerServe(program)
  registerMigrate(program)
  registerAudit(program)
  registerBackup(program)
}
