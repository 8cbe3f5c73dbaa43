import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, type ReadStream } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Content-addressed storage of attachment files under `config.filesDir`: a file is stored once
 * under its SHA-256 (`ab/abcdef…`), however many attachments point at it. Writes are atomic
 * (a temporary file in the same folder, flushed to disk, then renamed), so a crash never leaves
 * a half-written file under a real key. The folder is what `gongkai backup` copies.
 */
export interface StoredFile {
  /** Key to keep in `attachment.storage_key`. */
  key: string
  sha256: string
  size: number
}

export interface FileStore {
  put(bytes: Uint8Array): Promise<StoredFile>
  /** A stream of the file; rejects with ENOENT when it is not there. */
  read(key: string): Promise<{ stream: ReadStream; size: number }>
  exists(key: string): Promise<boolean>
  remove(key: string): Promise<void>
  /** The file's path (backup tools, tests). */
  pathOf(key: string): string
}

const KEY = /^[0-9a-f]{64}$/

function assertKey(key: string): void {
  // Keys come from the database, but a key is also a path: refuse anything but a SHA-256.
  if (!KEY.test(key)) {
    throw new Error(`not a file-store key: ${key}`)
  }
}

export function createFileStore(dir: string): FileStore {
  const pathOf = (key: string) => {
    assertKey(key)
    return join(dir, key.slice(0, 2), key)
  }
  return {
    pathOf,

    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      const target = pathOf(sha256)
      const folder = join(dir, sha256.slice(0, 2))
      await mkdir(folder, { recursive: true })
      const existing = await stat(target).catch(() => null)
      if (existing && existing.size === bytes.length) {
        return { key: sha256, sha256, size: bytes.length }
      }
      const tmp = join(folder, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`)
      const fh = await open(tmp, 'wx', 0o640)
      try {
        await fh.writeFile(bytes)
        await fh.sync()
      } finally {
        await fh.close()
      }
      try {
        await rename(tmp, target)
      } catch (err) {
        await rm(tmp, { force: true })
        throw err
      }
      return { key: sha256, sha256, size: bytes.length }
    },

    async read(key) {
      const path = pathOf(key)
      const s = await stat(path)
      return { stream: createReadStream(path), size: s.size }
    },

    async exists(key) {
      return (await stat(pathOf(key)).catch(() => null)) !== null
    },

    async remove(key) {
      await rm(pathOf(key), { force: true })
    },
  }
}
