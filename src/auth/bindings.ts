import type { Executor } from '../db/connection.ts';
import { enabledIn } from '../developer-keys/bindings.ts';
import { bindingChain, type KeyView } from '../developer-keys/store.ts';

/**
 * Whether a developer key works in a team: active, global or the team's own, and bound `on`
 * there. Checked whenever a key is used (sign-in, token issue, every request with its tokens),
 * so turning a binding off stops the key at once in every server process.
 */
export async function keyEnabledIn(db: Executor, key: KeyView, teamId: string): Promise<boolean> {
  return key.state === 'active' && enabledIn(key, teamId, await bindingChain(db, key.id, teamId));
}
