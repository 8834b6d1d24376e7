// The portal process loads no part of the ingestion pipeline it does not use: `npm run serve`
// segments queries with the core's segmenter and reads 查重 drafts with the decoders, but the theme
// classifier, keyword extraction and cleaning rules load only on a first upload (a dynamic import).
import { describe, expect, it } from 'vitest';
import { cruise } from 'dependency-cruiser';

interface Dep {
  resolved: string;
  dynamic: boolean;
  dependencyTypes: string[];
}

describe('layout', () => {
  it('npm run serve loads neither the theme classifier nor the segment stage at start', async () => {
    const result = await cruise(['src/cli/serve.ts'], { tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' } });
    const output = result.output as { modules: Array<{ source: string; dependencies: Dep[] }> };
    const modules = new Map(output.modules.map((m) => [m.source, m]));
    // What runs at start: static imports only (type-only imports are erased, dynamic ones wait).
    const loaded = new Set<string>();
    const queue = ['src/cli/serve.ts'];
    while (queue.length > 0) {
      const source = queue.pop()!;
      if (loaded.has(source)) continue;
      loaded.add(source);
      for (const d of modules.get(source)?.dependencies ?? []) {
        if (d.dynamic || d.dependencyTypes.includes('type-only') || d.resolved.startsWith('node_modules')) continue;
        queue.push(d.resolved);
      }
    }
    expect(loaded.has('src/web/app.ts')).toBe(true);
    expect(loaded.has('src/core/text/segmenter.ts')).toBe(true);
    expect([...loaded].filter((m) => /^ingest\/(themes|theme-cues|segment|clean|process-file)\.ts$/.test(m))).toEqual([]);
  }, 60_000);
});
