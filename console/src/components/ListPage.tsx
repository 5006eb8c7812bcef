import { Alert, Loader, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Loaded } from '../hooks.ts';

export type Column<T> = { header: string; cell: (row: T) => ReactNode };

/** A titled page holding one table of what a team has, with its loading and error states said aloud. */
export function ListPage<T extends { id: string }>(props: {
  title: string;
  caption: string;
  empty: string;
  loaded: Loaded<T[]>;
  columns: Column<T>[];
}) {
  const { data, error, loading } = props.loaded;
  return (
    <Stack>
      <Title order={1}>{props.title}</Title>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {loading && !data && <Loader aria-label={`Loading ${props.title.toLowerCase()}`} />}
      {data && data.length === 0 && <Text>{props.empty}</Text>}
      {data && data.length > 0 && <RecordsTable caption={props.caption} rows={data} columns={props.columns} />}
    </Stack>
  );
}

/** Scrolls sideways on a narrow screen rather than squeezing its columns. */
export function RecordsTable<T extends { id: string }>(props: { caption: string; rows: T[]; columns: Column<T>[] }) {
  return (
    <ScrollArea type="auto">
      <Table striped highlightOnHover miw={480}>
        <Table.Caption>{props.caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {props.columns.map((column) => (
              <Table.Th key={column.header} scope="col">
                {column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((row) => (
            <Table.Tr key={row.id}>
              {props.columns.map((column) => (
                <Table.Td key={column.header}>{column.cell(row)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
