import type { Section } from './classes.ts';
import type { Course, Org, Session } from './district.ts';
import { type Person, RACES } from './people.ts';

// OneRoster 1.1 CSV columns. In bulk mode `status` and `dateLastModified` stay empty, as the
// specification asks, so every row starts with the sourcedId and two blanks.

export const HEADERS = {
  orgs: ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
  academicSessions: [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'type',
    'startDate',
    'endDate',
    'parentSourcedId',
    'schoolYear',
  ],
  courses: [
    'sourcedId',
    'status',
    'dateLastModified',
    'schoolYearSourcedId',
    'title',
    'courseCode',
    'grades',
    'orgSourcedId',
    'subjects',
    'subjectCodes',
  ],
  classes: [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'grades',
    'courseSourcedId',
    'classCode',
    'classType',
    'location',
    'schoolSourcedId',
    'termSourcedIds',
    'subjects',
    'subjectCodes',
    'periods',
  ],
  users: [
    'sourcedId',
    'status',
    'dateLastModified',
    'enabledUser',
    'orgSourcedIds',
    'role',
    'username',
    'userIds',
    'givenName',
    'familyName',
    'middleName',
    'identifier',
    'email',
    'sms',
    'phone',
    'agentSourcedIds',
    'grades',
    'password',
  ],
  enrollments: [
    'sourcedId',
    'status',
    'dateLastModified',
    'classSourcedId',
    'schoolSourcedId',
    'userSourcedId',
    'role',
    'primary',
    'beginDate',
    'endDate',
  ],
  demographics: [
    'sourcedId',
    'status',
    'dateLastModified',
    'birthDate',
    'sex',
    ...RACES,
    'hispanicOrLatinoEthnicity',
    'countryOfBirthCode',
    'stateOfBirthAbbreviation',
    'cityOfBirth',
    'publicSchoolResidenceStatus',
  ],
} as const;

export type DataFile = keyof typeof HEADERS;

export const orgRow = (org: Org) => [org.id, '', '', org.name, org.type, org.identifier, org.parentId];

export const sessionRow = (session: Session, schoolYear: number) => [
  session.id,
  '',
  '',
  session.title,
  session.type,
  session.start,
  session.end,
  session.parentId,
  String(schoolYear),
];

export const courseRow = (course: Course, year: Session, districtId: string) => [
  course.id,
  '',
  '',
  year.id,
  course.title,
  course.code,
  course.grade,
  districtId,
  course.subject.name,
  course.subject.code,
];

export const classRow = (section: Section, schoolId: string) => [
  section.id,
  '',
  '',
  section.title,
  section.course.grade,
  section.course.id,
  section.code,
  section.type,
  section.location,
  schoolId,
  section.terms.map((term) => term.id).join(','),
  section.course.subject.name,
  section.course.subject.code,
  section.periods,
];

export const userRow = (person: Person) => [
  person.id,
  '',
  '',
  'true',
  person.orgId,
  person.role,
  person.username,
  '',
  person.given,
  person.family,
  person.middle,
  person.identifier,
  person.email,
  person.phone,
  person.phone,
  person.agents.join(','),
  person.grade,
  '',
];

export function enrollmentRows(section: Section, schoolId: string): string[][] {
  const begin = section.terms[0]!.start;
  const end = section.terms.at(-1)!.end;
  return section.enrollments.map((enrollment) => [
    enrollment.id,
    '',
    '',
    section.id,
    schoolId,
    enrollment.userId,
    enrollment.role,
    enrollment.primary,
    begin,
    end,
  ]);
}

export function demographicRow(person: Person): string[] {
  const d = person.demographics!;
  const flag = (value: boolean) => (value ? 'true' : 'false');
  return [
    person.id,
    '',
    '',
    d.birthDate,
    d.sex,
    ...RACES.map((race) => flag(d.races.has(race))),
    flag(d.hispanic),
    d.countryOfBirth,
    d.stateOfBirth,
    d.cityOfBirth,
    '',
  ];
}
