// The roles and what each may do: the one table the portal, the users CLI and the pages read.
export const ROLES = [
  { role: 'reader', label: '读者', summary: '检索、阅读、下载原文件、导出' },
  { role: 'editor', label: '编辑', summary: '读者的一切，另可上传和替换文稿、删除自己上传的文稿' },
  { role: 'admin', label: '管理员', summary: '编辑的一切，另可删除任何上传的文稿、管理账号、查看审计记录' },
] as const;

export type Role = (typeof ROLES)[number]['role'];
export const ROLE_NAMES: readonly Role[] = ROLES.map((r) => r.role);

/** The signed-in user as every feature sees it (res.locals.user). */
export interface SessionUser {
  id: number;
  name: string;
  role: Role;
}

export type Permission = 'read' | 'upload' | 'delete-own' | 'delete-any' | 'manage-accounts' | 'read-audit';

/** The lowest role that has each permission; roles are ordered, each has what the one below has. */
const MINIMUM: Record<Permission, Role> = {
  read: 'reader',
  upload: 'editor',
  'delete-own': 'editor',
  'delete-any': 'admin',
  'manage-accounts': 'admin',
  'read-audit': 'admin',
};

export function isRole(s: unknown): s is Role {
  return typeof s === 'string' && (ROLE_NAMES as readonly string[]).includes(s);
}

export function roleLabel(role: Role): string {
  return ROLES.find((r) => r.role === role)!.label;
}

/**
 * Whether a user may do something. `undefined` is the portal without sign-in (AUTH=off), which
 * only listens on loopback: whoever sits at that machine is its operator and may do everything.
 */
export function can(user: SessionUser | undefined, permission: Permission): boolean {
  if (!user) return true;
  return ROLE_NAMES.indexOf(user.role) >= ROLE_NAMES.indexOf(MINIMUM[permission]);
}
