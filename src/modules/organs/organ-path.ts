/**
 * Materialised organ paths (pure): '/<root id>/…/<parent id>/<own id>/'. An organ's ancestors are
 * read from its own path; its subtree is every path that starts with it, i.e. the half-open range
 * [path, path with its last '/' replaced by '0') — '0' is the character after '/', so a B-tree
 * index answers the range on both engines (organ ids hold no character below '/').
 */

/** The path of an organ placed under `parentPath` (null: the top level). */
export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`
}

/** The ids on a path, root first, the organ itself last. */
export function pathIds(path: string): string[] {
  return path.split('/').filter((s) => s !== '')
}

/** The ancestors on a path, nearest first (not the organ itself). */
export function pathAncestorIds(path: string): string[] {
  return pathIds(path).slice(0, -1).reverse()
}

/** Depth in the tree: 0 for a top-level organ. */
export function pathDepth(path: string): number {
  return pathIds(path).length - 1
}

/** The exclusive upper bound of a subtree's path range. */
export function subtreeUpperBound(path: string): string {
  return `${path.slice(0, -1)}0`
}

/** True when `path` lies in the subtree rooted at `rootPath` (itself included). */
export function pathWithin(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath)
}

/** (id, parentId) links of every organ on the given paths (each organ and its ancestors). */
export function linksOfPaths(paths: Iterable<string>): Array<{ id: string; parentId: string | null }> {
  const out = new Map<string, string | null>()
  for (const p of paths) {
    const ids = pathIds(p)
    ids.forEach((id, i) => out.set(id, i === 0 ? null : (ids[i - 1] as string)))
  }
  return [...out].map(([id, parentId]) => ({ id, parentId }))
}
