// npm run restore -- <file.tar.gz>: rebuilds a working portal from a backup into an empty DATA_DIR.
import { loadConfig } from '../core/config.js';
import { restoreBackup } from './backup-archive.js';

const file = process.argv[2];
if (!file || file === '-h' || file === '--help') {
  console.error('用法：DATA_DIR=<空目录> npm run restore -- <备份文件.tar.gz>');
  process.exit(file ? 0 : 64);
}
try {
  const r = await restoreBackup(loadConfig(), file, (l) => console.error(l));
  console.error(r.pendingDump || r.pendingDumps ? '恢复完成一半：请按 README 在外部 Meilisearch 上导入 dump' : '恢复完成：npm start 即可使用');
  process.exit(0);
} catch (err) {
  console.error(`恢复失败：${(err as Error).message.split('\n')[0]}`);
  process.exit(1);
}
