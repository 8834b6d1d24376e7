// Types of scan-core.mjs (plain JavaScript: the scan thread runs it without the TypeScript loader).
export function lastAtOrBefore(values: ArrayLike<number>, v: number, from: number): number;
export function eachHolding(buf: Buffer, starts: ArrayLike<number>, needle: Buffer, found: (k: number) => void): void;
