// Upload and removal in the portal against a real engine and database: per-file answers for good
// and bad files, searchable at once, originals kept under DATA_DIR/uploads through --rebuild and
// --prune, replacement and deletion rights, and the audit trail of it all.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/meili/client.js';
import { AccountAdmin } from '../../src/core/store/account-admin.js';
import { AccountStore } from '../../src/core/store/accounts.js';
import { AuditLog } from '../../src/core/store/audit.js';
import { SessionTable } from '../../src/core/store/sessions.js';
import { runIngest } from '../../ingest/run.js';
import { dataDirLock } from '../../src/core/ops/writer-lock.js';
import { FIXTURES_DIR, SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { PASSWORD, signIn, startPortal, type TestPortal } from '../helpers/portal.js';
import { BlobStore } from '../../src/core/blob-store.js';
import { rawBody } from '../helpers/http.js';
import { storedUploadName } from '../../src/core/uploads.js';
import { countTable, liveSections } from '../../ingest/phrase-table.js';

let engine: TestEngine;
let portal: TestPortal;
type Agent = Awaited<ReturnType<typeof signIn>>;
let editor: Agent;
let editor2: Agent;
let admin: Agent;
let reader: Agent;

const GBK = path.join(FIXTURES_DIR, 'encodings', 'XX镇党委 上半年总结 gbk-crlf.txt');
const DOCX = path.join(FIXTURES_DIR, 'docx', '集团公司党委 2023年党建工作总结.docx');
const bad = (f: string) => readFileSync(path.join(FIXTURES_DIR, 'bad', f));

/** A summary that no other test file has, so its words find exactly it. */
const summary = (marker: string, extra = '') =>
  Buffer.from(`XX学校党支部2024年上半年党建工作总结\n一、加强政治建设\n本支部开展${marker}专题学习，${extra}全体党员参加。\n二、存在问题\n学习的深度还不够。\n`);

const search = async (agent: Agent, q: string) => (await agent.get('/api/search?mode=exact&q=' + encodeURIComponent(q)).expect(200)).body;

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.ingest([SAMPLE_DIR]);
  portal = await startPortal(engine, { TRUST_PROXY: 'loopback' });
  const admins = AccountAdmin.forDatabase(portal.db);
  for (const [name, role] of [['editor1', 'editor'], ['editor2', 'editor'], ['admin1', 'admin'], ['reader1', 'reader']] as const) {
    await admins.add(name, role, PASSWORD, { user: 'test', ip: null });
  }
  editor = await signIn(portal, 'editor1', PASSWORD, '10.5.0.1');
  editor2 = await signIn(portal, 'editor2', PASSWORD, '10.5.0.2');
  admin = await signIn(portal, 'admin1', PASSWORD, '10.5.0.3');
  reader = await signIn(portal, 'reader1', PASSWORD, '10.5.0.4');
});
afterAll(async () => {
  await portal?.close();
  await engine?.stop();
});

describe('POST /api/documents', () => {
  it('answers per file — good ones indexed and searchable at once, bad ones skipped with the CLI reasons', async () => {
    const res = await editor
      .post('/api/documents')
      .attach('files', GBK)
      .attach('files', DOCX)
      .attach('files', bad('empty.txt'), 'empty.txt')
      .attach('files', bad('binary.txt'), 'binary.txt')
      .attach('files', bad('not-a-zip.docx'), 'not-a-zip.docx')
      .attach('files', Buffer.from('%PDF-1.4'), '总结.pdf')
      .attach('files', Buffer.alloc(4 * 1024 * 1024 + 10, 0x41), '超大.txt')
      .expect(200);
    const byName = Object.fromEntries(res.body.files.map((f: { name: string }) => [f.name, f]));
    expect(res.body.files.map((f: { name: string }) => f.name)).toEqual([
      'XX镇党委 上半年总结 gbk-crlf.txt', '集团公司党委 2023年党建工作总结.docx', 'empty.txt', 'binary.txt', 'not-a-zip.docx', '总结.pdf', '超大.txt',
    ]);
    expect(byName['XX镇党委 上半年总结 gbk-crlf.txt']).toEqual({ name: 'XX镇党委 上半年总结 gbk-crlf.txt', status: 'indexed', docId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(byName['集团公司党委 2023年党建工作总结.docx'].status).toBe('indexed');
    expect(byName['empty.txt']).toEqual({ name: 'empty.txt', status: 'skipped', reason: '空文件' });
    expect(byName['binary.txt'].reason).toContain('二进制');
    expect(byName['not-a-zip.docx'].reason).toContain('文件已损坏');
    expect(byName['总结.pdf'].reason).toContain('PDF 文件已损坏');
    expect(byName['超大.txt'].reason).toContain('文件过大');
    for (const f of res.body.files.filter((x: { status: string }) => x.status === 'skipped')) expect(f.docId).toBeUndefined();

    // Searchable when the answer arrives, and listed with its source under 上传/.
    const gbkId = byName['XX镇党委 上半年总结 gbk-crlf.txt'].docId;
    const doc = (await editor.get(`/api/documents/${gbkId}`).expect(200)).body;
    expect(doc.sourceFile).toBe('上传/XX镇党委 上半年总结 gbk-crlf.txt');
    const firstWords = doc.sections.find((s: { text: string }) => s.text.length > 12).text.slice(0, 8);
    expect((await search(reader, firstWords)).hits.some((h: { docId: string }) => h.docId === gbkId)).toBe(true);
    // The original is kept byte for byte under DATA_DIR/uploads (under a name made from its key) and downloads as it came.
    const kept = path.join(portal.dataDir, 'uploads', storedUploadName('XX镇党委 上半年总结 gbk-crlf.txt'));
    expect(readFileSync(kept).equals(readFileSync(GBK))).toBe(true);
    const original = await reader.get(`/documents/${gbkId}/original`).buffer(true).parse(rawBody).expect(200);
    expect((original.body as Buffer).equals(readFileSync(GBK))).toBe(true);
    // Nothing of the refused files is kept.
    expect(existsSync(path.join(portal.dataDir, 'uploads', storedUploadName('empty.txt')))).toBe(false);
  });

  it('the same file again is unchanged; its content under another name or already in the archive is a duplicate', async () => {
    const again = await editor.post('/api/documents').attach('files', GBK).expect(200);
    expect(again.body.files[0].status).toBe('unchanged');
    const copy = await editor.post('/api/documents').attach('files', readFileSync(GBK), '副本.txt').expect(200);
    expect(copy.body.files[0]).toMatchObject({ status: 'duplicate', reason: expect.stringContaining('上传/XX镇党委 上半年总结 gbk-crlf.txt') });
    const archived = await editor.post('/api/documents').attach('files', readFileSync(path.join(SAMPLE_DIR, '2023年支部工作总结.txt')), '再传一次.txt').expect(200);
    expect(archived.body.files[0]).toMatchObject({ status: 'duplicate', reason: expect.stringContaining('2023年支部工作总结.txt') });
  });

  it('a new version under the same name replaces the old one (uploader or admin), another editor may not', async () => {
    const v1 = (await editor.post('/api/documents').attach('files', summary('版本甲'), '支部总结.txt').expect(200)).body.files[0];
    expect(v1.status).toBe('indexed');
    const v2 = (await editor.post('/api/documents').attach('files', summary('版本乙'), '支部总结.txt').expect(200)).body.files[0];
    expect(v2.status).toBe('updated');
    expect(v2.docId).not.toBe(v1.docId);
    expect((await search(reader, '版本甲')).total).toBe(0);
    expect((await search(reader, '版本乙')).total).toBe(1);
    await reader.get(`/api/documents/${v1.docId}`).expect(404);

    const refused = (await editor2.post('/api/documents').attach('files', summary('版本丙'), '支部总结.txt').expect(200)).body.files[0];
    expect(refused.status).toBe('skipped');
    expect(refused.reason).toContain('editor1');
    expect((await search(reader, '版本乙')).total).toBe(1);

    const byAdmin = (await admin.post('/api/documents').attach('files', summary('版本丁'), '支部总结.txt').expect(200)).body.files[0];
    expect(byAdmin.status).toBe('updated');
    // Still editor1's document: they may delete it.
    const page = await editor.get(`/documents/${byAdmin.docId}`).expect(200);
    expect(page.text).toContain('data-delete-doc');
    expect(page.text).toContain('由 editor1 在网页上传');
  });

  it('the phrase table follows uploads in the background: the answer does not wait for it, the table ends equal to a fresh count', async () => {
    const suggest = async (q: string) => ((await reader.get('/api/suggest').query({ q }).expect(200)).body.suggestions as Array<{ text: string }>).map((x) => x.text);
    const up = (await editor.post('/api/documents').attach('files', summary('灯塔先锋工程'), '灯塔总结.txt').expect(200)).body.files[0];
    expect(up.status).toBe('indexed');
    const deadline = Date.now() + 20_000;
    while (!(await suggest('灯塔先锋')).some((t) => t.includes('灯塔先锋工程')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await suggest('灯塔先锋')).some((t) => t.includes('灯塔先锋工程'))).toBe(true);
    // The old versions' phrases went with them (版本甲/乙 were replaced above).
    expect((await suggest('版本甲')).length).toBe(0);
    // Once the background refresh has written all of its difference, the table is a fresh count's.
    const client = createClient({ url: engine.url, apiKey: engine.masterKey });
    const tableNow = async () => new Map((await client.index(`${engine.index}_phrases`).getDocuments<{ text: string; sections: number }>({ fields: ['text', 'sections'], limit: 100_000 })).results.map((d) => [d.text, d.sections]));
    const fresh = await countTable(liveSections(client, engine.index));
    const same = (a: Map<string, number>) => a.size === fresh.size && [...fresh].every(([t, n]) => a.get(t) === n);
    while (!same(await tableNow()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await tableNow()).toEqual(fresh);
  });

  it('refuses a request without files, and files in another field', async () => {
    expect((await editor.post('/api/documents').field('x', '1').expect(400)).body.error.code).toBe('no_files');
    expect((await editor.post('/api/documents').attach('file', Buffer.from('x'), 'a.txt').expect(400)).body.error.code).toBe('unexpected_field');
  });

  it('the upload page shows each file with its result and a link', async () => {
    const page = await editor.get('/upload').expect(200);
    const token = page.text.match(/action="\/upload\?_csrf=([^"]+)"/)![1]!;
    const res = await editor
      .post('/upload?_csrf=' + token)
      .attach('files', summary('页面上传'), '页面上传.txt')
      .attach('files', bad('empty.txt'), '空的.txt')
      .expect(200);
    expect(res.text).toMatch(/data-status="indexed"[\s\S]*页面上传\.txt[\s\S]*已导入/);
    expect(res.text).toMatch(/data-status="skipped"[\s\S]*空的\.txt[\s\S]*空文件/);
  });
});

describe('uploads survive the CLI', () => {
  it('--rebuild re-reads them from DATA_DIR/uploads and --prune keeps them', async () => {
    const kept = (await editor.post('/api/documents').attach('files', summary('重建之后'), '重建.txt').expect(200)).body.files[0];
    const client = createClient({ url: engine.url, apiKey: engine.masterKey }, 600_000);
    const names = { index: engine.index, documentsIndex: engine.documentsIndex };
    const uploadsDir = path.join(portal.dataDir, 'uploads');
    await runIngest({ client, ...names, inputs: [SAMPLE_DIR], rebuild: true, uploadsDir, blobs: new BlobStore(portal.dataDir) });
    expect((await search(reader, '重建之后')).hits[0]?.docId).toBe(kept.docId);
    const pruned = await runIngest({ client, ...names, inputs: [SAMPLE_DIR], prune: true, uploadsDir, blobs: new BlobStore(portal.dataDir) });
    expect(pruned.removed).toBe(0);
    // Even a run that does not know the uploads folder never prunes uploads.
    await runIngest({ client, ...names, inputs: [SAMPLE_DIR], prune: true, blobs: new BlobStore(portal.dataDir) });
    expect((await search(reader, '重建之后')).total).toBe(1);
  });

  it('an archive folder named like the uploads prefix is refused, not mixed with uploads', async () => {
    const archive = mkdtempSync(path.join(os.tmpdir(), 'dj-archive-'));
    try {
      mkdirSync(path.join(archive, '上传'));
      writeFileSync(path.join(archive, '上传', '重建.txt'), summary('冒名顶替'));
      const client = createClient({ url: engine.url, apiKey: engine.masterKey }, 600_000);
      const report = await runIngest({
        client, index: engine.index, documentsIndex: engine.documentsIndex, inputs: [SAMPLE_DIR, archive], uploadsDir: path.join(portal.dataDir, 'uploads'), blobs: new BlobStore(portal.dataDir),
      });
      expect(report.skipped).toEqual([{ relPath: '上传/重建.txt', reason: expect.stringContaining('与网页上传的文稿冲突') }]);
      expect((await search(reader, '冒名顶替')).total).toBe(0);
      expect((await search(reader, '重建之后')).total).toBe(1);
    } finally {
      rmSync(archive, { recursive: true, force: true });
    }
  });
});

describe('DELETE /api/documents/:docId', () => {
  it('the uploading editor may delete; another editor may not; an admin may delete any upload', async () => {
    const mine = (await editor.post('/api/documents').attach('files', summary('待删甲'), '待删甲.txt').expect(200)).body.files[0];
    const theirs = (await editor.post('/api/documents').attach('files', summary('待删乙'), '待删乙.txt').expect(200)).body.files[0];
    const other = await editor2.delete(`/api/documents/${mine.docId}`).expect(403);
    expect(other.body.error.code).toBe('forbidden');
    expect((await editor2.get(`/documents/${mine.docId}`).expect(200)).text).not.toContain('data-delete-doc');

    const res = await editor.delete(`/api/documents/${mine.docId}`).expect(200);
    expect(res.body.deleted).toMatchObject({ docId: mine.docId, sourceFile: '上传/待删甲.txt' });
    expect((await search(reader, '待删甲')).total).toBe(0);
    await reader.get(`/api/documents/${mine.docId}`).expect(404);
    expect(existsSync(path.join(portal.dataDir, 'uploads', storedUploadName('待删甲.txt')))).toBe(false);
    expect((await editor.delete(`/api/documents/${mine.docId}`).expect(404)).body.error.code).toBe('not_found');

    // The viewer's button (a form) for the admin.
    const viewer = await admin.get(`/documents/${theirs.docId}`).expect(200);
    expect(viewer.text).toContain(`action="/documents/${theirs.docId}/delete"`);
    const done = await admin.post(`/documents/${theirs.docId}/delete`).expect(303);
    expect(decodeURIComponent(done.headers.location!)).toMatch(/^\/upload\?deleted=/);
    expect((await search(reader, '待删乙')).total).toBe(0);
  });

  it('a reader may not delete, and an unknown id is a 404', async () => {
    const any = (await admin.get('/api/documents').expect(200)).body.documents[0].docId;
    expect((await reader.delete(`/api/documents/${any}`).expect(403)).body.error.code).toBe('forbidden');
    await admin.delete('/api/documents/0123456789abcdef').expect(404);
  });
});

describe('audit trail', () => {
  it('records uploads, replacements, deletions, views, downloads, logins and failed logins with user, address and document', async () => {
    await request(portal.base).post('/login').set('Origin', portal.base).set('X-Forwarded-For', '10.5.9.9').type('form').send({ username: 'editor1', password: 'nope nope nope' });
    const all = (await admin.get('/api/audit?page=1').expect(200)).body;
    expect(all.total).toBeGreaterThan(10);
    const actions = new Set(all.events.map((e: { action: string }) => e.action));
    for (const a of ['upload', 'replace', 'delete', 'view', 'download', 'login', 'login_failed', 'account_create']) expect(actions).toContain(a);
    const failed = all.events.find((e: { action: string }) => e.action === 'login_failed');
    expect(failed).toMatchObject({ user: 'editor1', ip: '10.5.9.9' });
    expect(Object.keys(failed).sort()).toEqual(['action', 'at', 'ip', 'user']);

    const deletes = (await admin.get('/api/audit?action=delete').expect(200)).body;
    expect(deletes.total).toBe(2);
    expect(deletes.events.map((e: { user: string }) => e.user).sort()).toEqual(['admin1', 'editor1']);
    const one = deletes.events.find((e: { user: string }) => e.user === 'editor1');
    expect(one).toMatchObject({ ip: '10.5.0.1', docId: expect.stringMatching(/^[0-9a-f]{16}$/), detail: expect.stringContaining('上传/待删甲.txt') });

    const forDoc = (await admin.get(`/api/audit?docId=${one.docId}`).expect(200)).body;
    // Uploaded by editor1, looked at by editor2 (refused the delete button), deleted by editor1.
    expect(forDoc.events.map((e: { action: string; user: string }) => `${e.action}:${e.user}`).sort()).toEqual(['delete:editor1', 'upload:editor1', 'view:editor2']);
    const byUser = (await admin.get('/api/audit?user=EDITOR2').expect(200)).body;
    expect(byUser.events.every((e: { user: string }) => e.user === 'editor2')).toBe(true);
    expect(byUser.total).toBeGreaterThan(0);
  });

  it('filters by time, pages by 50, and refuses unknown filters with a code', async () => {
    const today = new Date();
    const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const total = (await admin.get('/api/audit').expect(200)).body.total;
    expect((await admin.get(`/api/audit?from=${ymd(today)}&to=${ymd(today)}`).expect(200)).body.total).toBe(total);
    const tomorrow = new Date(today.getTime() + 86_400_000);
    expect((await admin.get(`/api/audit?from=${ymd(tomorrow)}`).expect(200)).body.total).toBe(0);
    expect((await admin.get(`/api/audit?to=2000-01-01`).expect(200)).body.total).toBe(0);
    const page1 = (await admin.get('/api/audit').expect(200)).body;
    expect(page1.events.length).toBe(Math.min(total, 50));
    expect((await admin.get('/api/audit?action=fly').expect(400)).body.error.code).toBe('invalid_action');
    expect((await admin.get('/api/audit?from=yesterday').expect(400)).body.error.code).toBe('invalid_from');
    expect((await admin.get('/api/audit?page=0').expect(400)).body.error.code).toBe('invalid_page');
  });

  it('the admin page shows the same filters and offers the matching events as CSV', async () => {
    const page = await admin.get('/admin/audit?action=delete').expect(200);
    expect(page.text).toMatch(/<strong data-audit-total>2<\/strong>/);
    expect(page.text).toContain('href="/admin/audit.csv?action=delete"');
    const csv = await admin.get('/admin/audit.csv?action=delete').buffer(true).parse((r, cb) => {
      let s = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (s += c));
      r.on('end', () => cb(null, s));
    }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment/);
    const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('时间,用户,地址,操作,动作代码,文档,详情');
    expect(lines.length).toBe(3);
    expect(lines.slice(1).every((l) => l.includes(',删除文稿,delete,'))).toBe(true);
  });

  it('is append-only: the database refuses to change or delete an event', () => {
    expect(() => portal.db.prepare("UPDATE audit_events SET user = 'x'").run()).toThrow(/append-only/);
    expect(() => portal.db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
  });
});

describe('the accounts page', () => {
  const token = async (agent: Agent) => (await agent.get('/admin/accounts').expect(200)).text.match(/name="_csrf" value="([^"]+)"/)![1]!;

  it('creates an account, changes its role, sets its password (ending its sessions) and removes it — each audited', async () => {
    const t = await token(admin);
    const created = await admin.post('/admin/accounts').type('form').send({ _csrf: t, name: '李四', role: 'reader', password: 'new password 1', password2: 'new password 1' }).expect(303);
    // The notice is a code; its text comes from the page, the name from the accounts table.
    expect(decodeURIComponent(created.headers.location!)).toBe('/admin/accounts?done=created&name=李四');
    expect((await admin.get(created.headers.location!).expect(200)).text).toContain('已创建账号 李四');
    const li = await signIn(portal, '李四', 'new password 1', '10.5.1.1');
    await li.get('/upload').expect(403);
    await admin.post('/admin/accounts/role').type('form').send({ name: '李四', role: 'editor' }).expect(303);
    await li.get('/upload').expect(200);
    await admin.post('/admin/accounts/password').type('form').send({ name: '李四', password: 'another password', password2: 'another password' }).expect(303);
    await li.get('/upload').expect(303);
    await signIn(portal, '李四', 'another password', '10.5.1.2');
    await admin.post('/admin/accounts/remove').type('form').send({ name: '李四' }).expect(303);
    expect(new AccountStore(portal.db).find('李四')).toBeUndefined();
    const events = (await admin.get('/api/audit?user=admin1').expect(200)).body.events.map((e: { action: string }) => e.action);
    for (const a of ['account_create', 'account_role', 'account_password', 'account_remove']) expect(events).toContain(a);
  });

  it('refuses a weak password, a mismatch, a duplicate name and removing the last administrator, saying why', async () => {
    const weak = await admin.post('/admin/accounts').type('form').send({ name: 'x1', role: 'reader', password: 'short', password2: 'short' }).expect(400);
    expect(weak.text).toContain('密码至少 10 个字符');
    const mismatch = await admin.post('/admin/accounts').type('form').send({ name: 'x1', role: 'reader', password: 'long enough 1', password2: 'long enough 2' }).expect(400);
    expect(mismatch.text).toContain('两次输入的密码不一致');
    const dup = await admin.post('/admin/accounts').type('form').send({ name: 'EDITOR1', role: 'reader', password: 'long enough 1', password2: 'long enough 1' }).expect(409);
    expect(dup.text).toContain('已存在');
    const last = await admin.post('/admin/accounts/role').type('form').send({ name: 'admin1', role: 'reader' }).expect(409);
    expect(last.text).toContain('最后一个管理员');
  });
});

// Last, so the audit counts above are not affected by its upload and deletion.
describe('compilations uploaded in the browser', () => {
  it('a compilation uploads as one document per summary, and deleting it removes every part with the file', async () => {
    const file = path.join(FIXTURES_DIR, 'debris', '社区党建工作总结 合集 gb18030.txt');
    const answer = (await editor.post('/api/documents').attach('files', readFileSync(file), '合集.txt').expect(200)).body.files[0];
    expect(answer.status).toBe('indexed');
    const docs = (await admin.get('/api/documents').expect(200)).body.documents.filter((d: { sourceFile: string }) => d.sourceFile === '上传/合集.txt');
    expect(docs.length).toBeGreaterThan(1);
    expect(docs.map((d: { docId: string }) => d.docId)).toContain(answer.docId);
    // The same file again is unchanged, not a duplicate of its own parts.
    expect((await editor.post('/api/documents').attach('files', readFileSync(file), '合集.txt').expect(200)).body.files[0].status).toBe('unchanged');

    await editor.delete(`/api/documents/${answer.docId}`).expect(200);
    const left = (await admin.get('/api/documents').expect(200)).body.documents.filter((d: { sourceFile: string }) => d.sourceFile === '上传/合集.txt');
    expect(left).toEqual([]);
    expect(existsSync(path.join(portal.dataDir, 'uploads', storedUploadName('合集.txt')))).toBe(false);
  });
});

describe('uploads and the writer lock', () => {
  it('an upload waits while an ingestion holds the DATA_DIR writer lock, then goes through', async () => {
    const release = await dataDirLock(portal.dataDir).acquire({ purpose: 'test: an ingestion', wait: false });
    let answered = false;
    const pending = editor
      .post('/api/documents')
      .attach('files', summary('锁等待'), '锁等待.txt')
      .then((r) => {
        answered = true;
        return r;
      });
    await new Promise((r) => setTimeout(r, 1500));
    expect(answered).toBe(false);
    expect((await search(reader, '锁等待')).total).toBe(0);
    await release();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.files[0].status).toBe('indexed');
    expect((await search(reader, '锁等待')).total).toBeGreaterThan(0);
  });
});
