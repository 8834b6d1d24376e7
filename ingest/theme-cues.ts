// Reads the staff-edited theme cue table (ingest/rules/theme-cues.yaml) and checks it, so a typo
// in the file is reported with where it is instead of silently changing every section's themes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { THEMES, type Theme } from '../src/core/vocabulary.js';

export const THEME_CUES_PATH = fileURLToPath(new URL('./rules/theme-cues.yaml', import.meta.url));

/** Themes that come from the heading path (role) or stand for "nothing applies"; no cue words. */
export const ROLE_THEMES = ['存在问题', '工作计划'] as const;
export type RoleTheme = (typeof ROLE_THEMES)[number];
export type TopicTheme = Exclude<Theme, RoleTheme | '其他'>;
export const TOPIC_THEMES = THEMES.filter((t): t is TopicTheme => !(ROLE_THEMES as readonly string[]).includes(t) && t !== '其他');

export interface CueRow {
  theme: TopicTheme;
  weight: number;
  cues: readonly string[];
  /** Generic words (学习, 组织, 党员 …) that name a topic in a heading but are noise in running text. */
  headingOnly?: boolean;
}

export interface ThemeCueTable {
  rows: readonly CueRow[];
  /** Phrases consumed without scoring (党员干部, 组织开展 …). */
  neutral: readonly string[];
}

const cue = z.string().trim().min(1, '空的线索词');
const row = z
  .object({
    weight: z.number().int().min(1).max(5),
    'heading-only': z.boolean().optional(),
    cues: z.array(cue).min(1, 'cues 不能为空'),
  })
  .strict();
const file = z
  .object({
    topics: z.record(z.string(), z.array(row).min(1)),
    neutral: z.array(cue).default([]),
  })
  .strict();

export function parseThemeCues(text: string, where = 'theme-cues.yaml'): ThemeCueTable {
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new Error(`${where}: YAML 格式错误：${(err as Error).message}`);
  }
  const r = file.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`${where}: ${issue.path.join('.') || '(根)'}: ${issue.message}`);
  }
  const rows: CueRow[] = [];
  for (const [theme, list] of Object.entries(r.data.topics) as [TopicTheme, z.infer<typeof row>[]][]) {
    // Checked here rather than as a record key schema, whose message would not name the theme.
    if (!TOPIC_THEMES.includes(theme)) throw new Error(`${where}: topics.${theme}: 主题只能是 ${TOPIC_THEMES.join('、')}`);
    for (const x of list) rows.push({ theme, weight: x.weight, cues: x.cues, ...(x['heading-only'] ? { headingOnly: true } : {}) });
  }
  return { rows, neutral: r.data.neutral };
}

let cached: ThemeCueTable | undefined;

export function loadThemeCues(path: string = THEME_CUES_PATH): ThemeCueTable {
  if (path !== THEME_CUES_PATH) return parseThemeCues(readFileSync(path, 'utf8'), path);
  cached ??= parseThemeCues(readFileSync(path, 'utf8'), path);
  return cached;
}
