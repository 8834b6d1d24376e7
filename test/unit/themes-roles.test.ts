// sectionRoles() (ingest/themes.ts) on heading paths of five kinds of unit: plan sections named by a
// period or year and problem sections named by a shortcoming noun, next to report sections that
// merely mention a plan, a quarter or a shortcoming. The fixture table is the oracle.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sectionRoles } from '../../ingest/themes.js';

type Row = { path: string[]; roles: string[] };
const table = parse(readFileSync(fileURLToPath(new URL('../fixtures/themes/role-headings.yaml', import.meta.url)), 'utf8')) as Record<string, Row[]>;
const rolesOf = (path: string[]) => sectionRoles({ heading: path[path.length - 1]!, headingPath: path });

describe('sectionRoles on period- and shortcoming-named headings', () => {
  for (const [unit, rows] of Object.entries(table)) {
    it.each(rows.map((r) => [r.path.join(' › '), r] as const))(`${unit}: %s`, (_name, r) => {
      expect(rolesOf(r.path) as string[]).toEqual(r.roles);
    });
  }

  it('gets every role of the table right across unit types (precision and recall per role)', () => {
    const rows = Object.values(table).flat();
    for (const role of ['存在问题', '工作计划']) {
      const expected = rows.filter((r) => r.roles.includes(role));
      const found = rows.filter((r) => (rolesOf(r.path) as string[]).includes(role));
      const correct = found.filter((r) => r.roles.includes(role));
      // Each unit type contributes sections of both roles and negatives, so the figure is not one wording's.
      expect(expected.length).toBeGreaterThanOrEqual(8);
      expect({ role, recall: correct.length / expected.length, precision: correct.length / Math.max(1, found.length) }).toEqual({
        role,
        recall: 1,
        precision: 1,
      });
    }
  });
});
