import { LEVELS, type Subject } from './curriculum.ts';
import type { Course, School, Session } from './district.ts';
import type { Person, Registry } from './people.ts';

export type Enrollment = { id: string; userId: string; role: 'teacher' | 'student'; primary: 'true' | 'false' | '' };

export type Section = {
  id: string;
  title: string;
  code: string;
  type: 'homeroom' | 'scheduled';
  location: string;
  course: Course;
  terms: Session[];
  periods: string;
  enrollments: Enrollment[];
};

type Group = { subject: Subject; grade: string; index: number; cohort: Person[]; course: Course };

/**
 * One school's classes and the teachers who teach them. Each grade splits into sections of at most
 * `classSize`; elementary cohorts stay together all day with their homeroom teacher for the core
 * subjects, while older students are shuffled anew for each subject.
 */
export function planClasses(
  registry: Registry,
  school: School,
  students: Person[],
  classSize: number,
): { classes: Section[]; teachers: Person[] } {
  const random = registry.random;
  const level = LEVELS[school.level];
  const elementary = school.level === 'elementary';
  const groups = new Map<Subject, Group[]>(level.subjects.map((subject) => [subject, []]));
  for (const grade of level.grades) {
    const members = students.filter((student) => student.grade === grade);
    if (members.length === 0) continue;
    const count = Math.ceil(members.length / classSize);
    const homeroom = split(random.shuffle([...members]), count);
    // Semester subjects share one split, so a cohort takes one of them in the fall and the other in the spring.
    const semester = split(random.shuffle([...members]), count);
    for (const subject of level.subjects) {
      const course = registry.district.courses.find(
        (candidate) => candidate.subject === subject && candidate.grade === grade,
      )!;
      const cohorts =
        elementary || subject.homeroom
          ? homeroom
          : subject.semester
            ? semester
            : split(random.shuffle([...members]), count);
      for (const [index, cohort] of cohorts.entries())
        groups.get(subject)!.push({ subject, grade, index, cohort, course });
    }
  }

  const teachers: Person[] = [];
  const rooms = new Map<Person, string>();
  const hire = () => {
    const teacher = registry.person('teacher', school.id);
    teachers.push(teacher);
    rooms.set(teacher, `Room ${100 + teachers.length}`);
    return teacher;
  };
  const classes: Section[] = [];
  const add = (group: Group, staff: Person[]) => {
    classes.push(section(registry, group, staff, rooms.get(staff[0]!)!));
  };
  const homeroomTeachers = new Map<string, Person>();
  const pooled: Person[] = [];
  for (const subject of level.subjects) {
    const list = groups.get(subject)!;
    if (elementary && subject.core) {
      for (const group of list) {
        const key = `${group.grade}/${group.index}`;
        const teacher = homeroomTeachers.get(key) ?? hire();
        homeroomTeachers.set(key, teacher);
        add(group, [teacher]);
      }
    } else if (!subject.homeroom) {
      const pool = Array.from({ length: Math.ceil(list.length / level.teacherLoad) }, hire);
      pooled.push(...pool);
      list.forEach((group, index) => {
        const lead = pool[Math.floor(index / level.teacherLoad)]!;
        const partner = pool.length > 1 && random.chance(0.06) ? pool.find((other) => other !== lead) : undefined;
        add(group, partner ? [lead, partner] : [lead]);
      });
    }
  }
  if (!elementary) {
    const advisories = level.subjects.filter((subject) => subject.homeroom).flatMap((subject) => groups.get(subject)!);
    for (const [index, group] of advisories.entries()) add(group, [pooled[index % pooled.length]!]);
  }
  return { classes, teachers };
}

function section(registry: Registry, group: Group, staff: Person[], location: string): Section {
  const { random, district } = registry;
  const { subject, index, cohort, course } = group;
  const label = index < 26 ? String.fromCharCode(65 + index) : String(index + 1);
  const terms = !subject.semester
    ? [district.fall, district.spring]
    : (index + semesterRank(subject)) % 2 === 0
      ? [district.fall]
      : [district.spring];
  return {
    id: random.uuid(),
    title: `${course.title} - ${label}`,
    code: `${course.code}-${label}`,
    type: subject.homeroom ? 'homeroom' : 'scheduled',
    location,
    course,
    terms,
    periods: subject.period ?? '',
    enrollments: [
      ...staff.map(
        (teacher, rank): Enrollment => ({
          id: random.uuid(),
          userId: teacher.id,
          role: 'teacher',
          primary: rank === 0 ? 'true' : 'false',
        }),
      ),
      ...cohort.map((student): Enrollment => ({ id: random.uuid(), userId: student.id, role: 'student', primary: '' })),
    ],
  };
}

function semesterRank(subject: Subject): number {
  for (const level of Object.values(LEVELS)) {
    const rank = level.subjects.filter((candidate) => candidate.semester).indexOf(subject);
    if (rank >= 0) return rank;
  }
  return 0;
}

/** Splits `items` into `count` runs whose sizes differ by at most one. */
function split<T>(items: T[], count: number): T[][] {
  return Array.from({ length: count }, (_, index) =>
    items.slice(Math.floor((index * items.length) / count), Math.floor(((index + 1) * items.length) / count)),
  );
}
