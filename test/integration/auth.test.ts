// The sign-in boundary against a real engine and a real portal database: no session, each role,
// expired sessions, cookies, throttling, cross-site requests, AUTH=proxy and the first-admin setup.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountAdmin } from '../../src/core/store/account-admin.js';
import { AccountStore } from '../../src/core/store/accounts.js';
import { AuditLog } from '../../src/core/store/audit.js';
import { SessionTable } from '../../src/core/store/sessions.js';
import { ensureInitialAdmin } from '../../src/cli/runtime.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { browserAgent, cookieOf, PASSWORD, signIn, startPortal, type TestPortal } from '../helpers/portal.js';

let engine: TestEngine;
let portal: TestPortal;
let docId: string;

const actor = { user: 'test', ip: null };
async function addAccounts(p: TestPortal) {
  const admin = AccountAdmin.forDatabase(p.db);
  for (const [name, role] of [['reader1', 'reader'], ['editor1', 'editor'], ['admin1', 'admin']] as const) {
    await admin.add(name, role, PASSWORD, actor);
  }
}

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.ingest([SAMPLE_DIR]);
  // TRUST_PROXY=loopback: the tests play clients at different addresses through X-Forwarded-For.
  portal = await startPortal(engine, { TRUST_PROXY: 'loopback' });
  await addAccounts(portal);
  const list = await (await signIn(portal, 'reader1')).get('/api/documents').expect(200);
  docId = list.body.documents[0].docId;
});
afterAll(async () => {
  await portal?.close();
  await engine?.stop();
});

describe('without a session', () => {
  it('pages redirect to /login with next; the API answers 401 unauthenticated; originals are never served', async () => {
    const anon = request(portal.base);
    const page = await anon.get('/?q=%E5%85%9A%E8%B4%B9').expect(303);
    expect(page.headers.location).toBe('/login?next=' + encodeURIComponent('/?q=%E5%85%9A%E8%B4%B9'));
    expect((await anon.get(`/documents/${docId}`).expect(303)).headers.location).toBe(`/login?next=${encodeURIComponent(`/documents/${docId}`)}`);
    expect((await anon.get(`/documents/${docId}/original`).expect(303)).headers.location).toMatch(/^\/login\?next=/);
    for (const url of ['/api/search?q=党费', '/api/documents', `/api/documents/${docId}`, '/api/audit']) {
      const res = await anon.get(encodeURI(url)).expect(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect((await anon.get('/upload').expect(303)).headers.location).toBe('/login?next=%2Fupload');
  });

  it('/health and /assets stay open and reveal nothing else', async () => {
    const anon = request(portal.base);
    const health = await anon.get('/health').expect(200);
    expect(health.body).toEqual({ status: 'ok', engine: 'available' });
    await anon.get('/assets/style.css').expect(200);
    const login = await anon.get('/login').expect(200);
    expect(login.text).toContain('name="username"');
    expect(login.text).not.toContain('党支部');
  });
});

describe('signing in and out', () => {
  it('a wrong password and an unknown user get the same answer', async () => {
    const a = await browserAgent(portal, '10.1.0.1').post('/login').type('form').send({ username: 'reader1', password: 'wrong password!' }).expect(401);
    const b = await browserAgent(portal, '10.1.0.2').post('/login').type('form').send({ username: 'nobody-here', password: 'wrong password!' }).expect(401);
    const message = (t: string) => t.match(/data-login-error>([^<]*)</)?.[1];
    expect(message(a.text)).toBe('用户名或密码不正确');
    expect(message(b.text)).toBe(message(a.text));
    expect(a.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^djsid=/)]));
  });

  it('sets an HttpOnly SameSite=Lax session cookie (not Secure over http), goes to next, and logs out', async () => {
    const agent = browserAgent(portal, '10.1.1.1');
    const res = await agent.post('/login').type('form').send({ username: 'READER1', password: PASSWORD, next: '/?q=x' }).expect(303);
    expect(res.headers.location).toBe('/?q=x');
    const cookie = cookieOf(res, 'djsid')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    // Idle timeout: the cookie lives 8 hours from now (the default), and so does the session row.
    const expires = new Date(cookie.match(/Expires=([^;]+)/)![1]!).getTime();
    expect(Math.abs(expires - (Date.now() + 8 * 3600_000))).toBeLessThan(60_000);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('data-user="reader1"');
    await agent.post('/logout').expect(303);
    expect((await agent.get('/').expect(303)).headers.location).toBe('/login?next=%2F');
  });

  it('never redirects next off the site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const res = await browserAgent(portal, '10.1.2.1').post('/login').type('form').send({ username: 'reader1', password: PASSWORD, next }).expect(303);
      expect(res.headers.location).toBe('/');
    }
  });

  it('gives a new session id at every login and forgets the old one', async () => {
    const agent = browserAgent(portal, '10.1.3.1');
    const first = cookieOf(await agent.post('/login').type('form').send({ username: 'editor1', password: PASSWORD }), 'djsid')!;
    const second = cookieOf(await agent.post('/login').type('form').send({ username: 'editor1', password: PASSWORD }), 'djsid')!;
    expect(first.split(';')[0]).not.toBe(second.split(';')[0]);
    const stale = await request(portal.base).get('/api/documents').set('Cookie', first.split(';')[0]!).expect(401);
    expect(stale.body.error.code).toBe('unauthenticated');
    await request(portal.base).get('/api/documents').set('Cookie', second.split(';')[0]!).expect(200);
  });

  it('an expired session is no session: 303 for pages, 401 for the API', async () => {
    const admin = new AccountStore(portal.db);
    const p2 = await startPortal(engine, { TRUST_PROXY: 'loopback' });
    try {
      await AccountAdmin.forDatabase(p2.db).add('temp', 'reader', PASSWORD, actor);
      const agent = await signIn(p2, 'temp');
      await agent.get('/api/documents').expect(200);
      new SessionTable(p2.db).expireForAccount(new AccountStore(p2.db).find('temp')!.id);
      expect((await agent.get('/api/documents').expect(401)).body.error.code).toBe('unauthenticated');
      expect((await agent.get('/').expect(303)).headers.location).toBe('/login?next=%2F');
    } finally {
      await p2.close();
    }
    expect(admin.find('temp')).toBeUndefined();
  });

  it('SESSION_IDLE_MINUTES sets the idle timeout', async () => {
    const p2 = await startPortal(engine, { SESSION_IDLE_MINUTES: '30' });
    try {
      await AccountAdmin.forDatabase(p2.db).add('temp', 'reader', PASSWORD, actor);
      const res = await browserAgent(p2).post('/login').type('form').send({ username: 'temp', password: PASSWORD }).expect(303);
      const expires = new Date(cookieOf(res, 'djsid')!.match(/Expires=([^;]+)/)![1]!).getTime();
      expect(Math.abs(expires - (Date.now() + 30 * 60_000))).toBeLessThan(60_000);
      const row = p2.db.prepare('SELECT expires_at FROM sessions').pluck().get() as number;
      expect(Math.abs(row - (Date.now() + 30 * 60_000))).toBeLessThan(60_000);
    } finally {
      await p2.close();
    }
  });

  it('marks the cookie Secure when a trusted proxy says the request came over https, and only then', async () => {
    const viaProxy = await browserAgent(portal, '10.1.4.1')
      .set('X-Forwarded-Proto', 'https')
      .set('Origin', portal.base.replace('http:', 'https:'))
      .post('/login').type('form').send({ username: 'reader1', password: PASSWORD }).expect(303);
    expect(cookieOf(viaProxy, 'djsid')).toMatch(/;\s*Secure/i);
    // Without TRUST_PROXY the forwarded header is not believed.
    const p2 = await startPortal(engine);
    try {
      await AccountAdmin.forDatabase(p2.db).add('temp', 'reader', PASSWORD, actor);
      const direct = await browserAgent(p2).set('X-Forwarded-Proto', 'https').post('/login').type('form').send({ username: 'temp', password: PASSWORD }).expect(303);
      expect(cookieOf(direct, 'djsid')).not.toMatch(/Secure/i);
    } finally {
      await p2.close();
    }
  });
});

describe('roles', () => {
  it('reader: searches, reads, downloads; may not upload, delete, manage accounts or read the audit trail', async () => {
    const reader = await signIn(portal, 'reader1', PASSWORD, '10.2.0.1');
    expect((await reader.get('/api/search?q=' + encodeURIComponent('党费')).expect(200)).body.total).toBe(3);
    await reader.get(`/documents/${docId}`).expect(200);
    await reader.get(`/documents/${docId}/original`).expect(200);
    const upload = await reader.post('/api/documents').attach('files', Buffer.from('标题\n正文'), 'a.txt').expect(403);
    expect(upload.body.error.code).toBe('forbidden');
    expect((await reader.delete(`/api/documents/${docId}`).expect(403)).body.error.code).toBe('forbidden');
    expect((await reader.get('/api/audit').expect(403)).body.error.code).toBe('forbidden');
    const page = await reader.get('/admin/accounts').expect(403);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('没有权限');
    await reader.get('/upload').expect(403);
    await reader.get('/admin/audit').expect(403);
    // The menu offers only what the role may do.
    const home = await reader.get('/').expect(200);
    expect(home.text).not.toContain('href="/upload"');
    expect(home.text).not.toContain('href="/admin/audit"');
  });

  it('editor: uploads; may not read the audit trail or manage accounts; an archive document says where to remove it', async () => {
    const editor = await signIn(portal, 'editor1', PASSWORD, '10.2.0.2');
    await editor.get('/upload').expect(200);
    expect((await editor.get('/api/audit').expect(403)).body.error.code).toBe('forbidden');
    await editor.get('/admin/accounts').expect(403);
    const del = await editor.delete(`/api/documents/${docId}`).expect(409);
    expect(del.body.error.code).toBe('archive_document');
    expect(del.body.error.message).toContain('档案文件夹');
    expect(del.body.error.message).toContain('npm run ingest -- --prune');
    expect((await editor.get(`/documents/${docId}`).expect(200)).text).toContain('data-archive-note');
    const reader = await signIn(portal, 'reader1', PASSWORD, '10.2.0.9');
    expect((await reader.get(`/documents/${docId}`).expect(200)).text).not.toContain('data-archive-note');
    const home = await editor.get('/').expect(200);
    expect(home.text).toContain('href="/upload"');
    expect(home.text).not.toContain('href="/admin/audit"');
  });

  it('admin: the audit trail and the accounts page', async () => {
    const admin = await signIn(portal, 'admin1', PASSWORD, '10.2.0.3');
    expect((await admin.get('/api/audit').expect(200)).body.total).toBeGreaterThan(0);
    const page = await admin.get('/admin/accounts').expect(200);
    for (const n of ['reader1', 'editor1', 'admin1']) expect(page.text).toContain(`data-account="${n}"`);
    await admin.get('/admin/audit').expect(200);
  });

  it('a role change takes effect on the next request of a signed-in user', async () => {
    const store = new AccountStore(portal.db);
    const admin = AccountAdmin.forDatabase(portal.db);
    await admin.add('promoted', 'reader', PASSWORD, actor);
    const agent = await signIn(portal, 'promoted', PASSWORD, '10.2.0.4');
    await agent.get('/upload').expect(403);
    admin.setRole('promoted', 'editor', actor);
    await agent.get('/upload').expect(200);
    admin.remove('promoted', actor);
    expect((await agent.get('/api/documents').expect(401)).body.error.code).toBe('unauthenticated');
  });
});

describe('login throttling', () => {
  const fail = (ip: string, username: string) => browserAgent(portal, ip).post('/login').type('form').send({ username, password: 'not the password' });

  // The limits themselves (pair, address, daily lock, parallel guesses) are tested from real
  // loopback addresses in test/integration/hardening.test.ts.
  it('a success resets the count', async () => {
    const store = new AccountStore(portal.db);
    await AccountAdmin.forDatabase(portal.db).add('forgetful', 'reader', PASSWORD, actor);
    for (let i = 0; i < 4; i++) await fail('10.3.3.1', 'forgetful').expect(401);
    await browserAgent(portal, '10.3.3.1').post('/login').type('form').send({ username: 'forgetful', password: PASSWORD }).expect(303);
    for (let i = 0; i < 4; i++) await fail('10.3.3.1', 'forgetful').expect(401);
    await browserAgent(portal, '10.3.3.1').post('/login').type('form').send({ username: 'forgetful', password: PASSWORD }).expect(303);
  });
});

describe('cross-site requests', () => {
  it('refuses a state-changing request from a foreign Origin or a cross-site fetch: 403 csrf', async () => {
    const editor = await signIn(portal, 'editor1', PASSWORD, '10.4.0.1');
    const foreign = await editor.delete(`/api/documents/${docId}`).set('Origin', 'https://evil.example').expect(403);
    expect(foreign.body.error.code).toBe('csrf');
    const crossSite = await editor.post('/api/documents').set('Origin', '').set('Sec-Fetch-Site', 'cross-site').attach('files', Buffer.from('x'), 'x.txt').expect(403);
    expect(crossSite.body.error.code).toBe('csrf');
    // A page (not /api) answers with an HTML page, and nothing happened: still signed in.
    const logout = await editor.post('/logout').set('Origin', 'https://evil.example').expect(403);
    expect(logout.headers['content-type']).toMatch(/text\/html/);
    await editor.get('/api/documents').expect(200);
    // No Origin and no Sec-Fetch-Site, no token: refused too.
    const bare = await editor.post('/logout').set('Origin', '').expect(403);
    expect(bare.text).toContain('csrf');
  });

  it('accepts a request without browser headers when it carries the page form token', async () => {
    const editor = await signIn(portal, 'editor1', PASSWORD, '10.4.0.2');
    const page = await editor.get('/upload').expect(200);
    const token = page.text.match(/name="_csrf" value="([^"]+)"/)![1]!;
    await editor.post('/logout').set('Origin', '').type('form').send({ _csrf: 'forged' }).expect(403);
    await editor.post('/logout').set('Origin', '').type('form').send({ _csrf: token }).expect(303);
    await editor.get('/api/documents').expect(401);
  });

  it('the login form works by its token too (double-submit cookie), and not without it', async () => {
    const agent = request.agent(portal.base).set('X-Forwarded-For', '10.4.0.3');
    const form = await agent.get('/login').expect(200);
    const token = form.text.match(/name="_csrf" value="([^"]+)"/)![1]!;
    await agent.post('/login').type('form').send({ username: 'reader1', password: PASSWORD }).expect(403);
    await agent.post('/login').type('form').send({ username: 'reader1', password: PASSWORD, _csrf: token }).expect(303);
  });
});

describe('first administrator', () => {
  it('with no account the portal serves nothing and every page names the command; INITIAL_ADMIN_PASSWORD creates one', async () => {
    const p2 = await startPortal(engine, { INITIAL_ADMIN_USER: 'chief', INITIAL_ADMIN_PASSWORD: 'a long start password' });
    try {
      const anon = request(p2.base);
      for (const url of ['/', `/documents/${docId}`, '/upload']) {
        const res = await anon.get(url).expect(503);
        expect(res.text).toContain('npm run users -- add');
        expect(res.text).not.toContain('党支部');
      }
      expect((await anon.get('/api/search?q=x').expect(503)).body.error.code).toBe('setup_required');
      expect((await anon.get('/login').expect(503)).text).toContain('npm run users -- add');
      // compose: the environment creates the first administrator at start, once.
      await ensureInitialAdmin(p2.config, p2.db, () => {});
      await ensureInitialAdmin(p2.config, p2.db, () => {});
      expect(new AccountStore(p2.db).list().map((a) => [a.name, a.role])).toEqual([['chief', 'admin']]);
      const admin = await signIn(p2, 'chief', 'a long start password');
      await admin.get('/admin/accounts').expect(200);
    } finally {
      await p2.close();
    }
  });
});

describe('AUTH=off (loopback)', () => {
  it('serves everything without sign-in, uploads included, but still refuses cross-site requests', async () => {
    const p2 = await startPortal(engine, { AUTH: 'off' });
    try {
      const anon = request(p2.base);
      await anon.get('/').expect(200);
      await anon.get('/upload').expect(200);
      expect((await anon.get('/api/audit').expect(200)).body.total).toBeGreaterThanOrEqual(0);
      expect((await anon.get('/login').expect(303)).headers.location).toBe('/');
      const file = Buffer.from('XX村党支部2024年工作总结\n一、基本情况\n本村开展“田埂党课”活动三次。\n');
      const foreign = await anon.post('/api/documents').set('Origin', 'http://evil.example').attach('files', file, '田埂.txt').expect(403);
      expect(foreign.body.error.code).toBe('csrf');
      const ok = await anon.post('/api/documents').set('Origin', p2.base).attach('files', file, '田埂.txt').expect(200);
      expect(ok.body.files[0].status).toBe('indexed');
      // Recorded without a user: nobody signs in on a laptop portal.
      const events = (await anon.get('/api/audit?action=upload').expect(200)).body.events;
      expect(events[0]).toMatchObject({ user: null, ip: '127.0.0.1', docId: ok.body.files[0].docId });
      await anon.delete(`/api/documents/${ok.body.files[0].docId}`).set('Origin', p2.base).expect(200);
    } finally {
      await p2.close();
    }
  });
});

describe('AUTH=proxy', () => {
  it('believes the user header only from TRUST_PROXY addresses and creates unknown users as readers', async () => {
    const p2 = await startPortal(engine, { AUTH: 'proxy', TRUST_PROXY: 'loopback' });
    const untrusted = await startPortal(engine, { AUTH: 'proxy', TRUST_PROXY: '10.9.9.9' });
    try {
      const res = await request(p2.base).get('/api/documents').set('X-Remote-User', encodeURIComponent('王五')).expect(200);
      expect(res.body.documents.length).toBe(5);
      expect(new AccountStore(p2.db).find('王五')?.role).toBe('reader');
      await request(p2.base).get('/upload').set('X-Remote-User', encodeURIComponent('王五')).expect(403);
      expect((await request(p2.base).get('/api/documents').expect(401)).body.error.code).toBe('unauthenticated');
      // From an address that is not the gateway the header is anybody's: ignored.
      expect((await request(untrusted.base).get('/api/documents').set('X-Remote-User', 'admin').expect(401)).body.error.code).toBe('unauthenticated');
      expect(new AccountStore(untrusted.db).count()).toBe(0);
    } finally {
      await p2.close();
      await untrusted.close();
    }
  });
});
