// npm run backup -- <file.tar.gz>: one archive with everything only the portal holds (backup-archive.ts).
import { loadConfig } from '../core/config.js';
import { createBackup } from './backup-archive.js';

const file = process.argv[2];
if (!file || file === '-h' || file === '--help') {
  console.error('用法：npm run backup -- <备份文件.tar.gz>');
  process.exit(file ? 0 : 64);
}
try {
  await createBackup(loadConfig(), file, (l) => console.error(l));
  process.exit(0);
} catch (err) {
  console.error(`备份失败：${(err as Error).message.split('\n')[0]}`);
  process.exit(1);
}
