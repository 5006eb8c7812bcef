import { api } from '../api/client.ts';
import type { Data, Team } from '../api/types.ts';
import { ListPage } from '../components/ListPage.tsx';
import { useLoad } from '../hooks.ts';

type Application = Data<'/api/v1/teams/{team_id}/applications', 'get'>[number];

/** A developer team's applications. */
export function Applications({ team }: { team: Team }) {
  const loaded = useLoad(
    () => api.GET('/api/v1/teams/{team_id}/applications', { params: { path: { team_id: team.id } } }),
    [team.id],
  );
  return (
    <ListPage<Application>
      title="Applications"
      caption={`The applications of ${team.name}`}
      empty="This team has no application yet."
      loaded={loaded}
      columns={[
        { header: 'Name', cell: (application) => application.name },
        { header: 'Redirect URIs', cell: (application) => application.redirect_uris.join(', ') || 'none' },
        { header: 'Permissions requested', cell: (application) => application.requested_permissions.length },
        { header: 'Secret begins', cell: (application) => <code>{application.secret_hint}</code> },
      ]}
    />
  );
}
