import { NativeSelect } from '@mantine/core';
import type { Team } from '../api/types.ts';
import { navigate, usePath } from '../router.tsx';

/** The team whose pages are shown; every team of the user, with its kind. */
export function TeamSwitcher({ teams }: { teams: Team[] }) {
  const path = usePath();
  const current = path.match(/^\/teams\/([^/]+)/)?.[1] ?? '';
  if (teams.length === 0) return null;
  return (
    <NativeSelect
      aria-label="Team"
      size="sm"
      w={220}
      value={current}
      onChange={(event) => navigate(`/teams/${event.currentTarget.value}`)}
      data={[
        ...(current ? [] : [{ value: '', label: 'Choose a team', disabled: true }]),
        ...teams.map((team) => ({ value: team.id, label: `${team.name} (${team.kind})` })),
      ]}
    />
  );
}
