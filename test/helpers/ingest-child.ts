// Runs one ingestion in its own process and prints its report and peak memory as one JSON line, so
// a test can measure what ingesting hostile files costs the process and its reading child (argv: engine url, key, dirs…).
import { createClient } from '../../src/core/meili/client.js';
import { runIngest } from '../../ingest/run.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobStore } from '../../src/core/blob-store.js';
import { isolatedReader } from '../../ingest/decode.js';

const [url, key, ...inputs] = process.argv.slice(2);
const report = await runIngest({ client: createClient({ url: url!, apiKey: key }, 600_000), index: 'sections', documentsIndex: 'sections_documents', inputs, blobs: new BlobStore(mkdtempSync(path.join(os.tmpdir(), 'dj-child-'))) });
// The reading child is a process of its own: its peak is reported beside the ingester's.
console.log(JSON.stringify({ report, maxRssBytes: process.resourceUsage().maxRSS * 1024, readerPeakRssBytes: isolatedReader().peakRssMb * 2 ** 20 }));
isolatedReader().close();
