// npm run ingest -- <file-or-dir>... [--rebuild] [--prune]
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.js';
import { createClient } from '../core/meili/client.js';
import { openEngine } from './runtime.js';
import { runIngest } from '../../ingest/run.js';
import { BlobStore } from '../core/blob-store.js';
import { cliReporter } from '../../ingest/cli-reporter.js';

const USAGE = `用法：npm run ingest -- <文件或目录>... [--rebuild] [--prune]
  --rebuild  在新索引中完整重建，完成后原子切换（检索不会看到半成品）
  --prune    删除索引中那些文件已不存在的文档`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: { rebuild: { type: 'boolean', default: false }, prune: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 64;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const inputs = args.positionals.length ? args.positionals : [config.CORPUS_DIR];
  const engine = await openEngine(config, (l) => console.error(l));
  try {
    const report = await runIngest({
      client: createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000),
      index: config.MEILI_INDEX,
      documentsIndex: config.documentsIndex,
      blobs: new BlobStore(config.DATA_DIR),
      inputs,
      rebuild: args.values.rebuild,
      prune: args.values.prune,
      reporter: cliReporter(),
    });
    // 0: everything ingested; 2: some files were skipped (each named above with its reason).
    return report.skipped.length > 0 ? 2 : 0;
  } finally {
    await engine.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`导入失败：${(err as Error).message}`);
    process.exit(1);
  },
);
