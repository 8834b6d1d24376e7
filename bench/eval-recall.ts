// npm run eval:recall [-- --generated N]: both modes against a brute-force scan, on the sample
// corpus, the test fixtures and (optionally) a generated larger corpus, in a throw-away engine.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/core/config.js';
import { createClient } from '../src/core/meili/client.js';
import { cut } from '../src/core/text/segmenter.js';
import { startTestEngine } from '../test/helpers/engine.js';
import { evaluate, formatSummaries, indexedSections } from './recall.js';
import { EVAL_QUERIES } from './recall-queries.js';
import { generateCorpus } from './generate-corpus.js';

const { values } = parseArgs({ options: { generated: { type: 'string', default: '300' } } });
const inputs = [path.join(PROJECT_ROOT, 'corpus', 'sample'), path.join(PROJECT_ROOT, 'test', 'fixtures')];
const n = Number(values.generated);
if (n > 0) inputs.push(await generateCorpus(n, path.join(PROJECT_ROOT, 'bench', 'out', `generated-${n}`)));

const engine = await startTestEngine();
try {
  const t0 = Date.now();
  const report = await engine.ingest(inputs);
  console.log(`ingested ${report.indexed} documents, ${report.sectionsWritten} sections in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const sections = await indexedSections(createClient({ url: engine.url, apiKey: engine.masterKey }), engine.index);
  const summaries = await evaluate(engine.deps().search, sections, EVAL_QUERIES, cut);
  console.log(formatSummaries(summaries, sections.length));
} finally {
  await engine.stop();
}
