// Loads the staff-edited debris patterns (ingest/rules/debris.yaml): validates them once, compiles
// the regular expressions and says which rule is broken when one is.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

export const DEBRIS_FILE = fileURLToPath(new URL('./rules/debris.yaml', import.meta.url));

/** What a removal was; the ingest summary and --explain group by rule name, tests by kind. */
export const DEBRIS_KINDS = [
  'truncation', 'paid-marker', 'advert', 'watermark', 'chrome', 'label', 'wenku-header', 'page-chunk', 'pinyin', 'compilation',
  'page-furniture', 'stray-char', 'boilerplate', 'line-join',
] as const;
export type DebrisKind = (typeof DEBRIS_KINDS)[number];

const pattern = z.string().min(1);
const kind = z.enum(DEBRIS_KINDS);

const fileSchema = z.object({
  inline: z.array(z.object({ name: z.string().min(1), kind, pattern, count: z.number().int().min(1).optional() })),
  lines: z.array(z.object({ name: z.string().min(1), kind, pattern, maxLength: z.number().int().min(1).default(80) })),
  labels: z.array(z.object({ name: z.string().min(1), kind, pattern, keep: z.boolean() })),
  titleSuffix: z.object({ name: z.string().min(1), kind, pattern }),
  platformNotices: z.object({
    name: z.string().min(1),
    kind,
    maxLength: z.number().int().min(1),
    minStrong: z.number().int().min(1),
    minScore: z.number().int().min(1),
    strong: z.array(z.string().min(1)),
    weak: z.array(z.string().min(1)),
  }),
  watermarks: z.array(z.string().min(1)),
  maskedPhrases: z.array(z.string().min(4)),
  advertWords: z.object({ strong: z.array(z.string().min(1)), weak: z.array(z.string().min(1)) }),
});

export interface InlineRule {
  name: string;
  kind: DebrisKind;
  re: RegExp;
  /** Capture group holding the number of characters a truncation notice says are missing. */
  count?: number;
}
export interface LineRule {
  name: string;
  kind: DebrisKind;
  re: RegExp;
  maxLength: number;
}
export interface LabelRule {
  name: string;
  kind: DebrisKind;
  re: RegExp;
  keep: boolean;
}
export interface DebrisRules {
  inline: InlineRule[];
  lines: LineRule[];
  labels: LabelRule[];
  titleSuffix: { name: string; kind: DebrisKind; re: RegExp };
  /** Lines scored by the vocabulary of document platforms (compared lower-cased, without spaces and punctuation). */
  platformNotices: { name: string; kind: DebrisKind; maxLength: number; minStrong: number; minScore: number; strong: string[]; weak: string[] };
  /** Compared with lines stripped of spaces and punctuation, lower-cased. */
  watermarks: Set<string>;
  strongAdvertWords: string[];
  weakAdvertWords: string[];
  /** Stock phrases of the genre whose masked form marks a document (原文有屏蔽字); simplified script. */
  maskedPhrases: string[];
}

function compile(source: string, where: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new Error(`${DEBRIS_FILE}：规则「${where}」的正则表达式有误（${(err as Error).message}），请修改后重试`);
  }
}

/** Parses and compiles a debris file's text; `origin` names it in error messages. */
export function parseDebrisRules(text: string, origin = DEBRIS_FILE): DebrisRules {
  const parsed = fileSchema.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${origin}：${issue.path.join('.')} ${issue.message}（格式见 ingest/rules/README.md）`);
  }
  const d = parsed.data;
  const compact = (s: string) => s.replace(/[\s\p{P}]/gu, '').toLowerCase();
  return {
    inline: d.inline.map((r) => ({ name: r.name, kind: r.kind, re: compile(r.pattern, r.name, 'giu'), ...(r.count ? { count: r.count } : {}) })),
    lines: d.lines.map((r) => ({ name: r.name, kind: r.kind, re: compile(r.pattern, r.name, 'iu'), maxLength: r.maxLength })),
    labels: d.labels.map((r) => ({ name: r.name, kind: r.kind, re: compile(r.pattern, r.name, 'iu'), keep: r.keep })),
    titleSuffix: { name: d.titleSuffix.name, kind: d.titleSuffix.kind, re: compile(d.titleSuffix.pattern, d.titleSuffix.name, 'iu') },
    platformNotices: {
      ...d.platformNotices,
      strong: d.platformNotices.strong.map((w) => w.toLowerCase()),
      weak: d.platformNotices.weak.map((w) => w.toLowerCase()),
    },
    watermarks: new Set(d.watermarks.map(compact)),
    strongAdvertWords: d.advertWords.strong.map((w) => w.toLowerCase()),
    weakAdvertWords: d.advertWords.weak.map((w) => w.toLowerCase()),
    // Longest first: the report names the fullest phrase a mask stands in.
    maskedPhrases: [...d.maskedPhrases].sort((a, b) => b.length - a.length),
  };
}

let cached: DebrisRules | null = null;

/** The rules of ingest/rules/debris.yaml, read once per process. */
export function debrisRules(): DebrisRules {
  cached ??= parseDebrisRules(readFileSync(DEBRIS_FILE, 'utf8'));
  return cached;
}
