import { Badge } from '@mantine/core';
import { api } from '../api/client.ts';
import type { Data, Team } from '../api/types.ts';
import { ListPage } from '../components/ListPage.tsx';
import { useLoad } from '../hooks.ts';
import { Link } from '../router.tsx';

type Source = Data<'/api/v1/teams/{team_id}/sources', 'get'>[number];

/** An organization's sources, each leading to its records. */
export function Sources({ team }: { team: Team }) {
  const loaded = useLoad(
    () => api.GET('/api/v1/teams/{team_id}/sources', { params: { path: { team_id: team.id } } }),
    [team.id],
  );
  return (
    <ListPage<Source>
      title="Sources"
      caption={`The sources of ${team.name}`}
      empty="This team has no source yet."
      loaded={loaded}
      columns={[
        {
          header: 'Name',
          cell: (source) => <Link href={`/teams/${team.id}/sources/${source.id}`}>{source.name}</Link>,
        },
        { header: 'Provider', cell: (source) => source.provider },
        { header: 'State', cell: (source) => <Badge variant="light">{source.state}</Badge> },
        { header: 'Created', cell: (source) => new Date(source.created_date).toLocaleDateString() },
      ]}
    />
  );
}
