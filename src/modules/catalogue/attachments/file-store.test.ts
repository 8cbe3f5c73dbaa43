import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileStore } from './file-store.js'

describe('content-addressed file store', () => {
  it('stores a file once under its SHA-256 and leaves no temporary files behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-store-'))
    const store = createFileStore(dir)
    const a = await store.put(Buffer.from('附件内容'))
    const b = await store.put(Buffer.from('附件内容'))
    expect(a).toEqual(b)
    expect(a.key).toMatch(/^[0-9a-f]{64}$/)
    expect(a.size).toBe(Buffer.byteLength('附件内容'))
    expect(readFileSync(store.pathOf(a.key), 'utf8')).toBe('附件内容')
    expect(readdirSync(join(dir, a.key.slice(0, 2)))).toEqual([a.key])
    const { stream, size } = await store.read(a.key)
    const chunks: Buffer[] = []
    for await (const c of stream) {
      chunks.push(c as Buffer)
    }
    expect(Buffer.concat(chunks).toString('utf8')).toBe('附件内容')
    expect(size).toBe(a.size)
    await store.remove(a.key)
    expect(await store.exists(a.key)).toBe(false)
  })

  it('refuses keys that are not SHA-256 digests (no path tricks through the database)', () => {
    const store = createFileStore('/tmp/x')
    expect(() => store.pathOf('../../etc/passwd')).toThrow(/not a file-store key/)
    expect(() => store.pathOf('AB'.repeat(32))).toThrow()
  })
})
