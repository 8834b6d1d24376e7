// npm run ingest -- <file-or-dir>... [--rebuild] [--prune] [--no-wait] | --explain <file-or-dir>...
import os from 'node:os';
import { parseArgs } from 'node:util';
import { MeilisearchRequestError } from 'meilisearch';
import { loadConfig } from '../core/config.js';
import { keepDataPrivate } from '../core/ops/private-files.js';
import { createClient } from '../core/meili/client.js';
import { describeHolder, WriterBusyError } from '../core/ops/writer-lock.js';
import { adminClients, configureParsing, configuredWriterLock, openEngine } from './runtime.js';
import { runIngest } from '../../ingest/run.js';
import { BlobStore } from '../core/blob-store.js';
import { cliReporter } from '../../ingest/cli-reporter.js';
import { logReporter } from '../../ingest/log-reporter.js';
import { createLogger } from '../core/logger.js';
import { explainFiles } from '../../ingest/explain.js';
import { configureReaders } from '../../ingest/readers/index.js';
import { readerSettings } from '../../ingest/reader-settings.js';

const USAGE = `用法：npm run ingest -- <文件或目录>... [--rebuild] [--prune] [--no-wait]
       npm run ingest -- --explain <文件或目录>...
  --rebuild  在新索引中完整重建，完成后原子切换（检索不会看到半成品）
  --prune    删除索引中那些文件已不存在的文档
  --no-wait  已有导入在写入时立即退出（退出码 75），而不是等待它结束
  --explain  只列出清理会移除的内容（行号、规则名、原文）和会生成的文档，不连接检索引擎`;

/** Exit code when another writer holds the lock and --no-wait was given (EX_TEMPFAIL). */
const EXIT_BUSY = 75;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        rebuild: { type: 'boolean', default: false },
        prune: { type: 'boolean', default: false },
        explain: { type: 'boolean', default: false },
        'no-wait': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 64;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.values.explain) {
    if (args.positionals.length === 0) {
      console.error(`--explain 需要至少一个文件或目录\n${USAGE}`);
      return 64;
    }
    // Pure stages only: no engine is started or contacted (files are read in the isolated child all
    // the same; OCR results still come from the cache). The archive's learned chrome lines are read
    // from DATA_DIR (never written).
    const config = loadConfig();
    configureParsing(config);
    configureReaders(readerSettings(config));
    console.log((await explainFiles(args.positionals, config.DATA_DIR)).join('\n'));
    return 0;
  }
  const config = loadConfig();
  configureParsing(config);
  configureReaders(readerSettings(config));
  keepDataPrivate(config.DATA_DIR);
  // Segmenting hundreds of files is CPU work that can wait; the portal's answers on the same machine cannot.
  try {
    os.setPriority(Math.max(os.getPriority(), config.INGEST_NICE));
  } catch {
    // not allowed here (a container without the capability): run at the normal priority
  }
  const inputs = args.positionals.length ? args.positionals : [config.CORPUS_DIR];
  // The lock first: a second ingestion must not even attach to the first one's engine, which goes
  // away when the first one ends.
  let release;
  try {
    release = await configuredWriterLock(config).acquire({
      purpose: `npm run ingest ${inputs.join(' ')}`.trim(),
      wait: !args.values['no-wait'],
      onWait: (h) => console.error(`另一个导入正在写入：${describeHolder(h)}；等待它结束…（--no-wait 可改为立即退出）`),
    });
  } catch (err) {
    if (err instanceof WriterBusyError) {
      console.error(err.message);
      return EXIT_BUSY;
    }
    throw err;
  }
  const engine = await openEngine(config, { log: (l) => console.error(l), defaultIndexingThreads: os.availableParallelism() }).catch(async (err) => {
    await release();
    throw err;
  });
  try {
    const report = await runIngest({
      client: createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000),
      engines: adminClients(engine),
      index: config.MEILI_INDEX,
      documentsIndex: config.documentsIndex,
      // Documents uploaded in the browser are part of every run: kept by --rebuild, never pruned.
      uploadsDir: config.uploadsDir,
      blobs: new BlobStore(config.DATA_DIR),
      inputs,
      rebuild: args.values.rebuild,
      prune: args.values.prune,
      // A person at a terminal gets a progress bar and sentences; LOG_FORMAT=json one JSON line per file.
      reporter: config.LOG_FORMAT === 'json' ? logReporter(createLogger({ level: config.LOG_LEVEL, format: 'json' })) : cliReporter(),
    });
    // 0: everything ingested; 2: some files were skipped (each named above with its reason).
    return report.skipped.length > 0 ? 2 : 0;
  } finally {
    await engine.close();
    await release();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    // A request the engine never answered (it was stopped underneath us) gets a sentence, not the SDK's text.
    const down = err instanceof MeilisearchRequestError || /fetch failed|ECONNREFUSED/.test(String((err as Error)?.message));
    console.error(`导入失败：${down ? '检索引擎已停止或无法连接，已写入的内容不受影响；请确认引擎在运行后重新导入' : (err as Error).message.split('\n')[0]}`);
    process.exit(1);
  },
);
