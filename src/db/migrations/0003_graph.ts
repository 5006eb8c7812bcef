import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * Columns every rostering record has: its source, the source's
 * own id, dates, identifiers, properties and a content hash.
 */
const COMMON = `
  id uuid primary key,
  source_id uuid not null references sources(id) on delete cascade,
  sourced_id text not null,
  created_date timestamptz not null default now(),
  updated_date timestamptz not null default now(),
  identifiers jsonb not null default '[]',
  properties jsonb not null default '{}',
  hash text not null`;

export async function up(db: Kysely<any>): Promise<void> {
  const tables: Record<string, string> = {
    districts: `name text not null, locale text, time_zone text, address jsonb, picture_url text`,
    schools: `name text not null, locale text, time_zone text, address jsonb, picture_url text,
      grade_levels text[] not null default '{}', district_id uuid`,
    sessions: `name text not null, type text, state text, start_date date, end_date date,
      school_id uuid, district_id uuid, parent_id uuid`,
    courses: `name text not null, code text,
      subjects text[] not null default '{}', grade_levels text[] not null default '{}',
      district_id uuid, school_id uuid, session_id uuid`,
    classes: `name text, description text, picture_url text, locale text, time_zone text,
      subjects text[] not null default '{}', grade_levels text[] not null default '{}',
      periods text[] not null default '{}',
      state text, session_ids uuid[] not null default '{}', course_id uuid, school_id uuid`,
    sections: `name text, description text, picture_url text, locale text, time_zone text, state text,
      periods text[] not null default '{}', class_id uuid not null`,
    people: `first_name text, middle_name text, last_name text, display_name text, picture_url text,
      email text, phone text, locale text, time_zone text, roles text[] not null default '{}',
      graduation_year integer, grade_levels text[] not null default '{}', demographics jsonb, address jsonb,
      district_id uuid, school_ids uuid[] not null default '{}'`,
    enrollments: `state text, role text, start_date date, end_date date, "primary" boolean,
      person_id uuid not null, class_id uuid not null, section_id uuid`,
    agents: `relationship text, flags text[] not null default '{}', observer_id uuid not null, target_id uuid not null`,
  };
  const statements: string[] = [];
  for (const [table, columns] of Object.entries(tables)) {
    statements.push(`create table ${table} (${COMMON}, ${columns})`);
    statements.push(`create unique index ${table}_sourced on ${table} (source_id, sourced_id)`);
    statements.push(`create index ${table}_source on ${table} (source_id, id)`);
  }
  statements.push(
    'create index schools_district on schools (district_id)',
    'create index courses_school on courses (school_id)',
    'create index classes_school on classes (school_id)',
    'create index classes_course on classes (course_id)',
    'create index sections_class on sections (class_id)',
    'create index people_school_ids on people using gin (school_ids)',
    'create index enrollments_class on enrollments (class_id, id)',
    'create index enrollments_person on enrollments (person_id, id)',
    'create index enrollments_section on enrollments (section_id)',
    'create index agents_observer on agents (observer_id)',
    'create index agents_target on agents (target_id)',
  );
  await runStatements(db, statements);
}
