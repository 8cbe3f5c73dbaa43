// The only entrance to backup/ from outside it.
export * from './backup.service.js'
