import type { Generated } from 'kysely';
import type { Json } from '../db/json.ts';

export type Identifier = { type: string; value: string };
export type Address = {
  street: string | null;
  unit: string | null;
  postal_code: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  phone: string | null;
  latitude: number | null;
  longitude: number | null;
};

/** Columns every rostering record has. `sourced_id` is the source's own id; `hash` fingerprints the content. */
type Common = {
  id: string;
  source_id: string;
  sourced_id: string;
  created_date: Generated<Date>;
  updated_date: Generated<Date>;
  identifiers: Json<Identifier[]>;
  properties: Json<Record<string, unknown>>;
  hash: string;
};

type Place = {
  locale: string | null;
  time_zone: string | null;
  address: Json<Address | null>;
  picture_url: string | null;
};

export type GraphTables = {
  /** Bumped by every change of a source's graph; an import applies its plan only if it has not moved. */
  graph_revisions: { source_id: string; revision: string };
  districts: Common & Place & { name: string };
  schools: Common & Place & { name: string; grade_levels: string[]; district_id: string | null };
  sessions: Common & {
    name: string;
    type: string | null;
    state: string | null;
    start_date: string | null;
    end_date: string | null;
    school_id: string | null;
    district_id: string | null;
    parent_id: string | null;
  };
  courses: Common & {
    name: string;
    code: string | null;
    subjects: string[];
    grade_levels: string[];
    district_id: string | null;
    school_id: string | null;
    session_id: string | null;
  };
  classes: Common & {
    name: string | null;
    description: string | null;
    picture_url: string | null;
    locale: string | null;
    time_zone: string | null;
    subjects: string[];
    grade_levels: string[];
    periods: string[];
    state: string | null;
    session_ids: string[];
    course_id: string | null;
    school_id: string | null;
  };
  sections: Common & {
    name: string | null;
    description: string | null;
    picture_url: string | null;
    locale: string | null;
    time_zone: string | null;
    state: string | null;
    periods: string[];
    class_id: string;
  };
  people: Common & {
    first_name: string | null;
    middle_name: string | null;
    last_name: string | null;
    display_name: string | null;
    picture_url: string | null;
    email: string | null;
    phone: string | null;
    locale: string | null;
    time_zone: string | null;
    roles: string[];
    graduation_year: number | null;
    grade_levels: string[];
    demographics: Json<Record<string, unknown> | null>;
    address: Json<Address | null>;
    district_id: string | null;
    school_ids: string[];
  };
  enrollments: Common & {
    state: string | null;
    role: string | null;
    start_date: string | null;
    end_date: string | null;
    primary: boolean | null;
    person_id: string;
    class_id: string;
    section_id: string | null;
  };
  agents: Common & { relationship: string | null; flags: string[]; observer_id: string; target_id: string };
} & ViewTables;

/** The shared views, the changes recorded once per stream, each integration's grants and own events. */
type ViewTables = {
  /** A `selected` sharing of a source; integrations with the same targets share it. */
  views: { id: string; source_id: string; targets: string[] };
  /** One row per record a view shares: the content hash it was last seen with. */
  view_records: { view_id: string; kind: GraphKind; record_id: string; hash: string };
  /** A change of a stream (a source, or a view), recorded once for every integration reading it. */
  graph_changes: {
    id: string;
    stream: string;
    date: Generated<Date>;
    kind: GraphKind;
    record_id: string;
    type: EventType;
    record: Record<string, unknown> | null;
  };
  /** An integration's grant from `id` on, until its next one: the stream it reads, the kinds, the field gates. */
  integration_grants: {
    id: string;
    integration_id: string;
    date: Generated<Date>;
    stream: string;
    kinds: GraphKind[];
    gates: number;
  };
  /** Events of an integration's own changes of grant. */
  events: {
    id: string;
    integration_id: string;
    date: Generated<Date>;
    type: EventType;
    target: string;
    target_id: string;
    data: Json<Record<string, unknown>>;
  };
  graph_tombstones: {
    source_id: string;
    kind: GraphKind;
    record_id: string;
    record: Json<Record<string, unknown>>;
    deleted_date: Generated<Date>;
  };
};

export type EventType = 'created' | 'updated' | 'deleted';

/** The rostering record kinds, in dependency order (parents first). */
export const GRAPH_KINDS = [
  'districts',
  'schools',
  'sessions',
  'courses',
  'classes',
  'sections',
  'people',
  'enrollments',
  'agents',
] as const;
export type GraphKind = (typeof GRAPH_KINDS)[number];
