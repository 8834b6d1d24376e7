// A bounded memo for a pure function of a string: the ingester meets the same words, word pairs,
// characters and headings over and over, and remembering their answers was most of what made it
// fast; bounded, because an archive's vocabulary is open-ended and the ingester's heap is not.
// A full memo is dropped and starts again: the frequent keys, most of the text, come back first.

export class BoundedMemo<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The remembered answer for `key`, or `compute(key)` remembered. `V` must not include undefined. */
  get(key: string, compute: (key: string) => V): V {
    const known = this.map.get(key);
    if (known !== undefined) return known;
    const value = compute(key);
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}
