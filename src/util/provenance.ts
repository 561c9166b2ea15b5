import { spawnSync } from 'node:child_process';
import { packageRoot } from './package-root.js';

/** The git commit of the project and whether its tree has uncommitted changes; nulls outside a repository. */
export function gitState(cwd: string = packageRoot()): { commit: string | null; dirty: boolean | null } {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' });
  if (head.status !== 0) return { commit: null, dirty: null };
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' });
  return { commit: head.stdout.trim(), dirty: status.status === 0 ? status.stdout.trim().length > 0 : null };
}
