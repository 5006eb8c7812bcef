import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import type { BrowsedKind, Team } from '../api/types.ts';
import { KINDS } from '../browse/kinds.tsx';
import { RecordBrowser, type Selection } from '../browse/RecordBrowser.tsx';
import { SharingPreview } from '../browse/SharingPreview.tsx';
import { useLoad } from '../hooks.ts';
import { Link } from '../router.tsx';

/** A source's records, kind by kind; ticking schools, classes or courses previews what sharing them shares. */
export function Browse({ team, sourceId }: { team: Team; sourceId: string }) {
  const source = useLoad(
    () => api.GET('/api/v1/sources/{source_id}', { params: { path: { source_id: sourceId } } }),
    [sourceId],
  );
  const [targets, setTargets] = useState<Map<string, string>>(new Map());
  const selection: Selection = useMemo(
    () => ({
      has: (id) => targets.has(id),
      toggle: (id, name, on) =>
        setTargets((previous) => {
          const updated = new Map(previous);
          if (on) updated.set(id, name);
          else updated.delete(id);
          return updated;
        }),
    }),
    [targets],
  );

  return (
    <Stack>
      <Link href={`/teams/${team.id}`}>← Sources of {team.name}</Link>
      <Title order={1}>{source.data?.name ?? 'Source'}</Title>
      {source.error && <Text c="red">{source.error}</Text>}
      <Text size="sm">
        Tick schools, classes or courses to see how much an integration sharing only them would see.
      </Text>
      {targets.size > 0 && <SharingPreview sourceId={sourceId} targets={targets} />}
      <Tabs defaultValue="schools" keepMounted={false}>
        <Tabs.List>
          {Object.entries(KINDS).map(([kind, view]) => (
            <Tabs.Tab key={kind} value={kind}>
              {view.title}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {(Object.keys(KINDS) as BrowsedKind[]).map((kind) => (
          <Tabs.Panel key={kind} value={kind} pt="md">
            <RecordBrowser kind={kind} sourceId={sourceId} selection={selection} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
