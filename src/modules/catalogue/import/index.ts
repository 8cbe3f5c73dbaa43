// The only entrance to catalogue/import/ from outside it.
export * from './import-fields.js'
export * from './import-dates.js'
export * from './import-issues.js'
export * from './import-files.js'
export * from './import-report.js'
export * from './item-import.js'
export * from './item-import.service.js'
