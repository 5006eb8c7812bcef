import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { recordId } from '../../src/graph/ids.ts';
import type { GraphKind } from '../../src/graph/tables.ts';

/**
 * The sharing rules computed straight from a OneRoster 1.1 export's CSV files, knowing
 * nothing of the server: the record ids each kind shares for a set of targets.
 */
type Row = Record<string, string>;

const read = (dir: string, file: string): Row[] =>
  parse(readFileSync(join(dir, file)), { columns: true, bom: true }) as Row[];
const list = (cell: string | undefined) => (cell ?? '').split(',').filter((item) => item !== '');

export type Export = ReturnType<typeof readExport>;

export function readExport(dir: string, sourceId: string) {
  const orgs = read(dir, 'orgs.csv');
  const id = (kind: GraphKind, sourced: string) => recordId(sourceId, kind, sourced);
  const classes = read(dir, 'classes.csv').map((row) => ({
    id: id('classes', row.sourcedId!),
    school: id('schools', row.schoolSourcedId!),
    course: id('courses', row.courseSourcedId!),
    sessions: list(row.termSourcedIds).map((term) => id('sessions', term)),
  }));
  const courses = read(dir, 'courses.csv').map((row) => ({
    id: id('courses', row.sourcedId!),
    org: row.orgSourcedId!,
  }));
  const users = read(dir, 'users.csv');
  const people = users.map((row) => ({
    id: id('people', row.sourcedId!),
    schools: list(row.orgSourcedIds).map((org) => id('schools', org)),
    role: row.role!,
  }));
  // Which side of an agent link observes is the importer's business; the pair is what sharing looks at.
  const agents = users.flatMap((row) =>
    list(row.agentSourcedIds).map((other) => pair(id('people', row.sourcedId!), id('people', other))),
  );
  const enrollments = read(dir, 'enrollments.csv').map((row) => ({
    id: id('enrollments', row.sourcedId!),
    class: id('classes', row.classSourcedId!),
    person: id('people', row.userSourcedId!),
    role: row.role!,
  }));
  return {
    districts: orgs.filter((org) => org.type === 'district').map((org) => id('districts', org.sourcedId!)),
    schools: orgs.filter((org) => org.type === 'school').map((org) => id('schools', org.sourcedId!)),
    sessions: read(dir, 'academicSessions.csv').map((row) => id('sessions', row.sourcedId!)),
    courses: courses.map((course) => ({ id: course.id, school: id('schools', course.org) })),
    classes,
    people,
    enrollments,
    agents: [...new Set(agents)],
  };
}

/** An agent as the unordered pair of the people it links. */
export const pair = (one: string, other: string) => [one, other].sort().join('+');

export type Shared = Record<
  'districts' | 'schools' | 'sessions' | 'courses' | 'classes' | 'people' | 'enrollments' | 'agents',
  Set<string>
>;

export function sharedFor(data: Export, targets: readonly string[]): Shared {
  const wanted = new Set(targets);
  const schoolTargets = new Set(data.schools.filter((school) => wanted.has(school)));
  const classTargets = data.classes.filter((klass) => wanted.has(klass.id) || wanted.has(klass.course));
  const classes = data.classes.filter(
    (klass) => schoolTargets.has(klass.school) || wanted.has(klass.id) || wanted.has(klass.course),
  );
  const classIds = new Set(classes.map((klass) => klass.id));
  const enrollments = data.enrollments.filter((enrollment) => classIds.has(enrollment.class));
  const enrolled = new Set(enrollments.map((enrollment) => enrollment.person));
  const people = new Set(
    data.people
      .filter((person) => enrolled.has(person.id) || person.schools.some((school) => schoolTargets.has(school)))
      .map((person) => person.id),
  );
  return {
    districts: new Set(data.districts),
    schools: new Set([...schoolTargets, ...classTargets.map((klass) => klass.school)]),
    sessions: new Set(classes.flatMap((klass) => klass.sessions)),
    courses: new Set([
      ...data.courses
        .filter((course) => wanted.has(course.id) || schoolTargets.has(course.school))
        .map((course) => course.id),
      ...classes.map((klass) => klass.course),
    ]),
    classes: classIds,
    people,
    enrollments: new Set(enrollments.map((enrollment) => enrollment.id)),
    agents: new Set(data.agents.filter((agent) => agent.split('+').every((person) => people.has(person)))),
  };
}

/** Nested lists as the export defines them, before sharing narrows them. */
export function relations(data: Export) {
  const enrolledIn = (klass: string, role?: string) =>
    data.enrollments
      .filter((enrollment) => enrollment.class === klass && (!role || enrollment.role === role))
      .map((enrollment) => enrollment.person);
  const inSchool = (school: string, role?: string) =>
    data.people
      .filter((person) => person.schools.includes(school) && (!role || person.role === role))
      .map((person) => person.id);
  return {
    'schools/classes': (school: string) =>
      data.classes.filter((klass) => klass.school === school).map((klass) => klass.id),
    'schools/courses': (school: string) =>
      data.courses.filter((course) => course.school === school).map((course) => course.id),
    'schools/people': (school: string) => inSchool(school),
    'schools/teachers': (school: string) => inSchool(school, 'teacher'),
    'schools/students': (school: string) => inSchool(school, 'student'),
    'courses/classes': (course: string) =>
      data.classes.filter((klass) => klass.course === course).map((klass) => klass.id),
    'classes/enrollments': (klass: string) =>
      data.enrollments.filter((enrollment) => enrollment.class === klass).map((enrollment) => enrollment.id),
    'classes/people': (klass: string) => enrolledIn(klass),
    'classes/teachers': (klass: string) => enrolledIn(klass, 'teacher'),
    'classes/students': (klass: string) => enrolledIn(klass, 'student'),
    'people/classes': (person: string) =>
      data.enrollments.filter((enrollment) => enrollment.person === person).map((enrollment) => enrollment.class),
    'people/enrollments': (person: string) =>
      data.enrollments.filter((enrollment) => enrollment.person === person).map((enrollment) => enrollment.id),
    'people/schools': (person: string) => data.people.find((entry) => entry.id === person)?.schools ?? [],
  };
}
