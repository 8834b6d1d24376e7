// The office fixtures (test/fixtures/office, made by make-office-fixtures.ts) and what a reader
// should give back for them: the paragraphs the fixture was made from are the oracle.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STYLE_LEVEL, type Para } from '../fixtures/office-fixtures.js';
import type { DocLine } from '../../ingest/types.js';

export const OFFICE_DIR = fileURLToPath(new URL('../fixtures/office/', import.meta.url));
export const SUMMARY_NAME = '教育局机关党支部 2022年度党建工作总结';
export const WPS_NAME = '卫生健康局机关党支部 2022年度党建工作总结.wps';
export const OFD_NAME = 'XX乡党委 2023年上半年基层党建工作总结.ofd';

export const officeFixture = (name: string): Buffer => readFileSync(path.join(OFFICE_DIR, name));

/** The lines a reader should give for the paragraphs, with heading levels when the format keeps styles. */
export function expectedLines(paras: readonly Para[], withStyles: boolean): DocLine[] {
  return paras.map((p) => {
    const level = withStyles ? STYLE_LEVEL[p.kind] : undefined;
    return level === undefined ? { text: p.text } : { text: p.text, styleLevel: level };
  });
}
