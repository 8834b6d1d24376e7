// npm run users -- add <name> --role reader|editor|admin | list | passwd <name> | unlock <name> | role <name> <role> | remove <name>
// Accounts of the portal database under DATA_DIR. Passwords are asked for on a terminal (twice,
// not echoed) and read from the first line of standard input otherwise — never from argv, which
// other users of the machine can see in `ps`.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { read } from 'read';
import { keepDataPrivate } from '../core/ops/private-files.js';
import { loadConfig } from '../core/config.js';
import { ROLES } from '../core/auth/roles.js';
import { openDatabase } from '../core/store/database.js';
import { AccountStore } from '../core/store/accounts.js';
import { AccountAdmin } from '../core/store/account-admin.js';
import { AuditLog } from '../core/store/audit.js';
import { SessionTable } from '../core/store/sessions.js';

const USAGE = `用法：npm run users -- <命令>
  add <用户名> --role reader|editor|admin   新建账号（随后输入密码）
  list                                      列出账号
  passwd <用户名>                           重设密码（该账号已登录的会话随之结束，登录锁定随之解除）
  unlock <用户名>                           解除登录锁定（当日失败次数达到上限后）
  role <用户名> reader|editor|admin         修改角色
  remove <用户名>                           删除账号（及其会话与素材篮；审计记录保留）
角色：${ROLES.map((r) => `${r.role}（${r.label}）${r.summary}`).join('；')}
密码在终端上输入（不回显）；非终端时读取标准输入的第一行，例如 printf '%s\\n' "$PW" | npm run -s users -- add admin --role admin`;

class UsageError extends Error {}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await read({ prompt: '密码：', silent: true, replace: '*', output: process.stderr });
    const again = await read({ prompt: '再输入一次：', silent: true, replace: '*', output: process.stderr });
    if (first !== again) throw new Error('两次输入的密码不一致');
    return first;
  }
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!line) throw new Error('标准输入中没有密码（第一行）');
  return line;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, name, extra] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 64;
  }
  const need = (v: string | undefined, what: string) => {
    if (!v) throw new UsageError(`缺少${what}`);
    return v;
  };
  const config = loadConfig();
  keepDataPrivate(config.DATA_DIR);
  const db = openDatabase(config.DATA_DIR);
  try {
    const accounts = new AccountStore(db);
    const admin = AccountAdmin.forDatabase(db);
    const actor = { user: `cli:${os.userInfo().username}`, ip: null };
    switch (command) {
      case 'list': {
        const all = admin.list();
        if (all.length === 0) console.log('（还没有账号）');
        for (const a of all) console.log(`${a.name}\t${a.role}\t${a.hasPassword ? '' : '无密码（统一认证）\t'}创建于 ${a.createdAt}`);
        return 0;
      }
      case 'add': {
        const user = need(name, '用户名');
        const role = need(values.role, ' --role reader|editor|admin');
        const a = await admin.add(user, role, await readPassword(), actor);
        console.error(`已创建账号 ${a.name}（${a.role}）`);
        return 0;
      }
      case 'passwd': {
        const user = need(name, '用户名');
        if (!accounts.find(user)) throw new Error(`没有账号 ${user}`);
        const a = await admin.setPassword(user, await readPassword(), actor);
        console.error(`已为 ${a.name} 设置新密码，其已登录的会话已结束`);
        return 0;
      }
      case 'role': {
        const a = admin.setRole(need(name, '用户名'), need(extra ?? values.role, '角色'), actor);
        console.error(`${a.name} 的角色现在是 ${a.role}`);
        return 0;
      }
      case 'remove': {
        const a = admin.remove(need(name, '用户名'), actor);
        console.error(`已删除账号 ${a.name}（其会话与素材篮已删除）`);
        return 0;
      }
      case 'unlock': {
        const user = need(name, '用户名');
        const locked = admin.isLocked(user);
        const a = admin.unlock(user, actor);
        console.error(locked ? `已解除 ${a.name} 的登录锁定` : `${a.name} 未被锁定（失败计数已清零）`);
        return 0;
      }
      default:
        throw new UsageError(`未知命令 ${command}`);
    }
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(err as Error).message}\n${USAGE}`);
      process.exit(64);
    }
    console.error(`失败：${(err as Error).message}`);
    process.exit(1);
  },
);
