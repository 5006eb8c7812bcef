import type { Section } from './classes.ts';
import type { CsvRow } from './csv-file.ts';
import type { Course, Org, Session } from './district.ts';
import { type Person, RACES } from './people.ts';

/**
 * The demo's OneRoster 1.1 rows by column name; the columns themselves are the importer's (see
 * csv-file.ts). In bulk mode `status` and `dateLastModified` stay empty, as the specification asks.
 */

/** The files the demo writes, in the order the generator fills them. */
export const DATA_FILES = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'users',
  'enrollments',
  'demographics',
] as const;

export type DataFile = (typeof DATA_FILES)[number];

export const orgRow = (org: Org): CsvRow => ({
  sourcedId: org.id,
  name: org.name,
  type: org.type,
  identifier: org.identifier,
  parentSourcedId: org.parentId,
});

export const sessionRow = (session: Session, schoolYear: number): CsvRow => ({
  sourcedId: session.id,
  title: session.title,
  type: session.type,
  startDate: session.start,
  endDate: session.end,
  parentSourcedId: session.parentId,
  schoolYear: String(schoolYear),
});

export const courseRow = (course: Course, year: Session, districtId: string): CsvRow => ({
  sourcedId: course.id,
  schoolYearSourcedId: year.id,
  title: course.title,
  courseCode: course.code,
  grades: course.grade,
  orgSourcedId: districtId,
  subjects: course.subject.name,
  subjectCodes: course.subject.code,
});

export const classRow = (section: Section, schoolId: string): CsvRow => ({
  sourcedId: section.id,
  title: section.title,
  grades: section.course.grade,
  courseSourcedId: section.course.id,
  classCode: section.code,
  classType: section.type,
  location: section.location,
  schoolSourcedId: schoolId,
  termSourcedIds: section.terms.map((term) => term.id).join(','),
  subjects: section.course.subject.name,
  subjectCodes: section.course.subject.code,
  periods: section.periods,
});

export const userRow = (person: Person): CsvRow => ({
  sourcedId: person.id,
  enabledUser: 'true',
  orgSourcedIds: person.orgId,
  role: person.role,
  username: person.username,
  userIds: '',
  givenName: person.given,
  familyName: person.family,
  middleName: person.middle,
  identifier: person.identifier,
  email: person.email,
  sms: person.phone,
  phone: person.phone,
  agentSourcedIds: person.agents.join(','),
  grades: person.grade,
  password: '',
});

export function enrollmentRows(section: Section, schoolId: string): CsvRow[] {
  const beginDate = section.terms[0]!.start;
  const endDate = section.terms.at(-1)!.end;
  return section.enrollments.map((enrollment) => ({
    sourcedId: enrollment.id,
    classSourcedId: section.id,
    schoolSourcedId: schoolId,
    userSourcedId: enrollment.userId,
    role: enrollment.role,
    primary: enrollment.primary,
    beginDate,
    endDate,
  }));
}

export function demographicRow(person: Person): CsvRow {
  const d = person.demographics!;
  const flag = (value: boolean) => (value ? 'true' : 'false');
  return {
    sourcedId: person.id,
    birthDate: d.birthDate,
    sex: d.sex,
    ...Object.fromEntries(RACES.map((race) => [race, flag(d.races.has(race))])),
    hispanicOrLatinoEthnicity: flag(d.hispanic),
    countryOfBirthCode: d.countryOfBirth,
    stateOfBirthAbbreviation: d.stateOfBirth,
    cityOfBirth: d.cityOfBirth,
    publicSchoolResidenceStatus: '',
  };
}
