import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FILES } from '../roster-import/spec.ts';
import { planClasses } from './classes.ts';
import { CsvFile } from './csv-file.ts';
import { LEVELS } from './curriculum.ts';
import { planDistrict } from './district.ts';
import { type Person, planFamilies, Registry, type Role } from './people.ts';
import { createRandom } from './random.ts';
import {
  classRow,
  courseRow,
  DATA_FILES,
  type DataFile,
  demographicRow,
  enrollmentRows,
  orgRow,
  sessionRow,
  userRow,
} from './rows.ts';

export type GenerateOptions = {
  seed: string | number;
  schools: number;
  studentsPerSchool: number;
  /** Largest class; each grade splits into as many sections as it needs. Default 25. */
  classSize?: number;
  /** The calendar year the school year ends in (OneRoster's `schoolYear`). Default 2027. */
  schoolYear?: number;
  districtName?: string;
  onProgress?: (progress: { schools: number; of: number; rows: number }) => void;
};

export type GenerateResult = { counts: Record<DataFile, number>; roles: Record<Role, number> };

/** `demo` is what a first start loads; `district` is the benchmark's (over 100,000 people, 500,000 enrollments). */
export const PRESETS = {
  demo: { schools: 3, studentsPerSchool: 60 },
  district: { schools: 50, studentsPerSchool: 1200 },
} as const;

export type PresetName = keyof typeof PRESETS;

const ONEROSTER_FILES = [
  'academicSessions',
  'categories',
  'classes',
  'classResources',
  'courses',
  'courseResources',
  'demographics',
  'enrollments',
  'lineItems',
  'orgs',
  'resources',
  'results',
  'users',
];

const MANIFEST = [
  ['manifest.version', '1.0'],
  ['oneroster.version', '1.1'],
  ...ONEROSTER_FILES.map((file) => [
    `file.${file}`,
    (DATA_FILES as readonly string[]).includes(file) ? 'bulk' : 'absent',
  ]),
  ['source.systemName', 'Gatehouse demo generator'],
  ['source.systemCode', 'gatehouse-demo'],
];

/**
 * Writes a bulk OneRoster 1.1 CSV set for one made-up district into `dir`: the same seed and
 * options always give byte-identical files. Schools are planned and written one at a time, so
 * memory holds one school, never the district. The manifest is written last: a folder with a
 * manifest is complete.
 */
export async function generateOneRoster(dir: string, options: GenerateOptions): Promise<GenerateResult> {
  const classSize = options.classSize ?? 25;
  for (const [name, value, least] of [
    ['schools', options.schools, 1],
    ['studentsPerSchool', options.studentsPerSchool, 0],
    ['classSize', classSize, 1],
  ] as const) {
    if (!Number.isInteger(value) || value < least)
      throw new RangeError(`${name} must be an integer of at least ${least}, got ${value}`);
  }
  await mkdir(dir, { recursive: true });
  const random = createRandom(options.seed, 'oneroster');
  const district = planDistrict(random, {
    schools: options.schools,
    schoolYear: options.schoolYear ?? 2027,
    name: options.districtName,
  });
  const registry = new Registry(random, district);
  const files = Object.fromEntries(
    DATA_FILES.map((name) => [name, new CsvFile(join(dir, `${name}.csv`), FILES.find((file) => file.name === name)!)]),
  ) as Record<DataFile, CsvFile>;
  const roles: Record<Role, number> = { administrator: 0, teacher: 0, student: 0, parent: 0, guardian: 0 };
  const writeUsers = async (people: Person[]) => {
    for (const person of people) {
      roles[person.role]++;
      await files.users.write(userRow(person));
    }
  };
  const rows = () => Object.values(files).reduce((sum, file) => sum + file.rows, 0);

  try {
    for (const org of [district.org, ...district.schools]) await files.orgs.write(orgRow(org));
    for (const session of district.sessions)
      await files.academicSessions.write(sessionRow(session, district.schoolYear));
    for (const course of district.courses) await files.courses.write(courseRow(course, district.year, district.org.id));
    await writeUsers([1, 2, 3].map(() => registry.person('administrator', district.org.id)));

    for (const [index, school] of district.schools.entries()) {
      const admins = [1, 2].map(() => registry.person('administrator', school.id));
      const grades = spread(options.studentsPerSchool, LEVELS[school.level].grades);
      const { students, guardians } = planFamilies(registry, school.id, grades);
      const { classes, teachers } = planClasses(registry, school, students, classSize);
      await writeUsers([...admins, ...teachers, ...students, ...guardians]);
      for (const student of students) await files.demographics.write(demographicRow(student));
      for (const section of classes) await files.classes.write(classRow(section, school.id));
      for (const section of classes)
        for (const row of enrollmentRows(section, school.id)) await files.enrollments.write(row);
      options.onProgress?.({ schools: index + 1, of: district.schools.length, rows: rows() });
    }
  } catch (error) {
    await Promise.allSettled(Object.values(files).map((file) => file.close()));
    throw error;
  }
  await Promise.all(Object.values(files).map((file) => file.close()));
  await writeFile(
    join(dir, 'manifest.csv'),
    ['propertyName,value', ...MANIFEST.map((pair) => pair.join(','))].map((line) => `${line}\r\n`).join(''),
  );
  const counts = Object.fromEntries(Object.entries(files).map(([name, file]) => [name, file.rows])) as Record<
    DataFile,
    number
  >;
  return { counts, roles };
}

/** `count` students over `grades`, as even as whole people allow; the lower grades take the remainder. */
function spread(count: number, grades: readonly string[]): string[] {
  return grades.flatMap((grade, index) =>
    Array<string>(Math.floor(count / grades.length) + (index < count % grades.length ? 1 : 0)).fill(grade),
  );
}
