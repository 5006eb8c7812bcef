import { Alert } from '@mantine/core';
import { useEffect } from 'react';
import type { Me } from '../api/types.ts';
import { navigate, usePath } from '../router.tsx';
import { Applications } from './Applications.tsx';
import { Browse } from './Browse.tsx';
import { Sources } from './Sources.tsx';

/** The page for the path: a team's home (by its kind), or one of its sources. */
export function Pages({ me }: { me: Me }) {
  const path = usePath();
  const [, teamId, section, sourceId] = path.match(/^\/teams\/([^/]+)(?:\/(sources)\/([^/]+))?\/?$/) ?? [];
  const team = me.teams.find((entry) => entry.id === teamId);
  const first = me.teams[0];

  useEffect(() => {
    if (!team && first) navigate(`/teams/${first.id}`, { replace: true });
  }, [team, first]);

  if (!team)
    return first ? null : (
      <Alert title="No team yet">You belong to no team. Ask a team's owner for an invitation.</Alert>
    );
  if (section === 'sources' && sourceId) return <Browse key={sourceId} team={team} sourceId={sourceId} />;
  if (team.kind === 'developer') return <Applications key={team.id} team={team} />;
  return <Sources key={team.id} team={team} />;
}
