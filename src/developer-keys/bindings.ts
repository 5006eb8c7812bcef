import type { BindingState } from './tables.ts';

/** The bindings that bear on one key in one team: the platform's and the team's own. */
export type BindingChain<T extends { state: BindingState } = { state: BindingState }> = {
  platform: T | undefined;
  team: T | undefined;
};

/**
 * The binding in force for a key in a team, by Canvas's rules. The chain is the platform
 * above the team. A global key obeys the platform's `on` or `off` outright; otherwise the
 * highest explicit `on`/`off` wins, and failing that the nearest `allow`. Only the platform
 * binds global keys: a team key's chain is its own team alone.
 */
export function resolveBinding<T extends { state: BindingState }>(
  global: boolean,
  chain: BindingChain<T>,
): T | undefined {
  const top = global ? chain.platform : undefined;
  if (top?.state === 'on' || top?.state === 'off') return top;
  if (chain.team?.state === 'on' || chain.team?.state === 'off') return chain.team;
  return chain.team ?? top;
}

/**
 * Whether a key works in a team: its resolved binding is `on`, and it is global or the team's own.
 * `allow`, `off` and no binding at all mean it does not.
 */
export function enabledIn(key: { team_id: string | null }, teamId: string, chain: BindingChain): boolean {
  const global = key.team_id === null;
  if (!global && key.team_id !== teamId) return false;
  return resolveBinding(global, chain)?.state === 'on';
}
