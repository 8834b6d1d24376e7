// The phrase table's candidates as a trie over UTF-16 code units, for its count pass
// (phrase-table.ts HeldCounter): every position of every section of the archive is walked through
// it. A walk step is one probe of a typed-array hash table keyed by (node, code unit), where a map
// of prefix strings built and hashed a new string at every step; and a large archive's hundreds of
// thousands of candidates cost ~10 bytes an edge, not a map entry and a string per prefix.

/** Slots of the edge table per edge, at least: probing stays short. */
const LOAD = 2;

export class PhraseTrie {
  /** Open addressing: slot → parent node (-1: empty), code unit, child node. */
  private parent: Int32Array;
  private unit: Uint16Array;
  private child: Int32Array;
  private mask: number;
  private edges = 0;
  /** The candidate ending at each node (undefined: only a prefix); node 0 is the root. */
  private readonly words: Array<string | undefined> = [undefined];

  /** `candidates` of `minChars`..`maxChars` characters (code points); others are left out. */
  constructor(candidates: Iterable<string>, minChars: number, maxChars: number) {
    this.parent = new Int32Array(1024).fill(-1);
    this.unit = new Uint16Array(1024);
    this.child = new Int32Array(1024);
    this.mask = 1023;
    for (const c of candidates) {
      const chars = [...c].length;
      if (chars < minChars || chars > maxChars) continue;
      let node = 0;
      for (let i = 0; i < c.length; i++) node = this.step(node, c.charCodeAt(i), true);
      this.words[node] = c;
    }
  }

  get size(): number {
    return this.words.length;
  }

  /** Adds to `found` every candidate that occurs in `text`. */
  collect(text: string, found: Set<string>): void {
    for (let i = 0; i < text.length; i++) {
      let node = 0;
      for (let j = i; j < text.length; j++) {
        node = this.step(node, text.charCodeAt(j), false);
        if (node < 0) break;
        const word = this.words[node];
        if (word !== undefined) found.add(word);
      }
    }
  }

  /** The child of `node` by `code` (-1 when absent), added when `create`. */
  private step(node: number, code: number, create: boolean): number {
    let slot = hash(node, code) & this.mask;
    for (;;) {
      const p = this.parent[slot]!;
      if (p === -1) break;
      if (p === node && this.unit[slot] === code) return this.child[slot]!;
      slot = (slot + 1) & this.mask;
    }
    if (!create) return -1;
    const id = this.words.length;
    this.words.push(undefined);
    this.parent[slot] = node;
    this.unit[slot] = code;
    this.child[slot] = id;
    if (++this.edges * LOAD > this.mask + 1) this.grow();
    return id;
  }

  private grow(): void {
    const [parent, unit, child] = [this.parent, this.unit, this.child];
    const size = (this.mask + 1) * 2;
    this.parent = new Int32Array(size).fill(-1);
    this.unit = new Uint16Array(size);
    this.child = new Int32Array(size);
    this.mask = size - 1;
    for (let s = 0; s < parent.length; s++) {
      if (parent[s] === -1) continue;
      let slot = hash(parent[s]!, unit[s]!) & this.mask;
      while (this.parent[slot] !== -1) slot = (slot + 1) & this.mask;
      this.parent[slot] = parent[s]!;
      this.unit[slot] = unit[s]!;
      this.child[slot] = child[s]!;
    }
  }
}

/** A mix of both halves of the key (the table's mask keeps the low bits). */
function hash(node: number, code: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ code;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}
