import { api } from '../api/client.ts';
import type { BrowsedKind, BrowsedRecord } from '../api/types.ts';
import type { Column } from '../components/ListPage.tsx';

export type Query = { $first?: string; $cursor?: string; search?: string };
type Page<K extends BrowsedKind> = { data?: { $data: BrowsedRecord<K>[]; $next?: string }; error?: unknown };

export type KindView<K extends BrowsedKind> = {
  title: string;
  /** Schools, classes and courses are what a `selected` sharing targets; people are only seen. */
  selectable: boolean;
  name: (row: BrowsedRecord<K>) => string;
  columns: Column<BrowsedRecord<K>>[];
  list: (sourceId: string, query: Query) => Promise<Page<K>>;
};

const path = (sourceId: string, query: Query) => ({ params: { path: { source_id: sourceId }, query } });
const grades = (row: { grade_levels: string[] }) => row.grade_levels.join(', ');

const schools: KindView<'schools'> = {
  title: 'Schools',
  selectable: true,
  name: (row) => row.name ?? row.id,
  columns: [
    { header: 'Name', cell: (row) => row.name },
    { header: 'Grades', cell: grades },
  ],
  list: (id, query) => api.GET('/api/v1/sources/{source_id}/schools', path(id, query)),
};

const classes: KindView<'classes'> = {
  title: 'Classes',
  selectable: true,
  name: (row) => row.name ?? row.id,
  columns: [
    { header: 'Name', cell: (row) => row.name },
    { header: 'Subjects', cell: (row) => row.subjects.join(', ') },
    { header: 'Grades', cell: grades },
  ],
  list: (id, query) => api.GET('/api/v1/sources/{source_id}/classes', path(id, query)),
};

const courses: KindView<'courses'> = {
  title: 'Courses',
  selectable: true,
  name: (row) => row.name ?? row.id,
  columns: [
    { header: 'Name', cell: (row) => row.name },
    { header: 'Code', cell: (row) => row.code },
    { header: 'Grades', cell: grades },
  ],
  list: (id, query) => api.GET('/api/v1/sources/{source_id}/courses', path(id, query)),
};

const people: KindView<'people'> = {
  title: 'People',
  selectable: false,
  name: (row) => row.display_name ?? [row.first_name, row.last_name].filter(Boolean).join(' '),
  columns: [
    { header: 'Name', cell: (row) => row.display_name ?? [row.first_name, row.last_name].filter(Boolean).join(' ') },
    { header: 'Email', cell: (row) => row.email },
    { header: 'Roles', cell: (row) => row.roles.join(', ') },
  ],
  list: (id, query) => api.GET('/api/v1/sources/{source_id}/people', path(id, query)),
};

export const KINDS: { [K in BrowsedKind]: KindView<K> } = { schools, classes, courses, people };
