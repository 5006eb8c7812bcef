import { Alert, Button, Checkbox, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { cursorOf, errorMessage } from '../api/client.ts';
import type { BrowsedKind, BrowsedRecord } from '../api/types.ts';
import { type Column, RecordsTable } from '../components/ListPage.tsx';
import { KINDS, type Query } from './kinds.tsx';

const PAGE = '50';

export type Selection = {
  has: (id: string) => boolean;
  toggle: (id: string, name: string, on: boolean) => void;
};

/** One kind of a source's records: searched, paged on demand, and for targets, ticked to share. */
export function RecordBrowser<K extends BrowsedKind>(props: { kind: K; sourceId: string; selection: Selection }) {
  const view = KINDS[props.kind];
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<BrowsedRecord<K>[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const fetchPage = useCallback(
    async (query: Query, append: boolean) => {
      setLoading(true);
      const { data, error: failure } = await view.list(props.sourceId, query);
      setLoading(false);
      if (!data) return setError(errorMessage(failure));
      setError(null);
      setRows((previous) => (append ? [...previous, ...data.$data] : data.$data));
      setNext(cursorOf(data.$next));
    },
    [view, props.sourceId],
  );

  // `$next` keeps the search, so only the first page names it.
  useEffect(() => {
    void fetchPage({ $first: PAGE, ...(search ? { search } : {}) }, false);
  }, [fetchPage, search]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(draft.trim());
  };
  const title = view.title.toLowerCase();
  const columns: Column<BrowsedRecord<K>>[] = view.selectable
    ? [{ header: 'Share', cell: (row) => <Tick row={row} kind={props.kind} selection={props.selection} /> }]
    : [];

  return (
    <Stack>
      <search aria-label={`Search ${title}`}>
        <form onSubmit={submit}>
          <Group align="end" wrap="wrap">
            <TextInput
              label={`Search ${title}`}
              type="search"
              value={draft}
              onChange={(event) => setDraft(event.currentTarget.value)}
              w={{ base: '100%', sm: 320 }}
            />
            <Button type="submit" variant="light">
              Search
            </Button>
          </Group>
        </form>
      </search>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Text size="sm" aria-live="polite">
        {loading ? `Loading ${title}…` : `${rows.length} ${title} shown${next ? ', more to load' : ''}.`}
      </Text>
      {rows.length > 0 && <RecordsTable caption={view.title} rows={rows} columns={[...columns, ...view.columns]} />}
      {loading && <Loader size="sm" aria-hidden />}
      {next && !loading && (
        <Button variant="default" onClick={() => fetchPage({ $cursor: next }, true)}>
          Load more {title}
        </Button>
      )}
    </Stack>
  );
}

function Tick<K extends BrowsedKind>(props: { row: BrowsedRecord<K>; kind: K; selection: Selection }) {
  const name = KINDS[props.kind].name(props.row);
  return (
    <Checkbox
      aria-label={`Share ${name}`}
      checked={props.selection.has(props.row.id)}
      onChange={(event) => props.selection.toggle(props.row.id, name, event.currentTarget.checked)}
    />
  );
}
