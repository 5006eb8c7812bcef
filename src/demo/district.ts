import { courseTitle, LEVELS, type Level, levelsOf, type Subject } from './curriculum.ts';
import { PLACE_NAMES, STATES } from './names.ts';
import type { Random } from './random.ts';

export type Org = { id: string; name: string; type: 'district' | 'school'; identifier: string; parentId: string };
export type School = Org & { level: Level };
export type Session = {
  id: string;
  title: string;
  type: 'schoolYear' | 'semester' | 'gradingPeriod';
  start: string;
  end: string;
  parentId: string;
};
export type Course = { id: string; title: string; code: string; grade: string; subject: Subject };

/** What every school shares: small enough to hold in memory at any size. */
export type District = {
  org: Org;
  state: string;
  domain: string;
  schoolYear: number;
  year: Session;
  fall: Session;
  spring: Session;
  sessions: Session[];
  schools: School[];
  courses: Course[];
};

export function planDistrict(
  random: Random,
  input: { schools: number; schoolYear: number; name?: string | undefined },
): District {
  const place = random.pick(PLACE_NAMES);
  const name = input.name ?? `${place} Unified School District`;
  const nces = String(1000000 + random.int(8999999));
  const org: Org = { id: random.uuid(), name, type: 'district', identifier: nces, parentId: '' };
  const slug = (input.name ?? `${place} USD`).toLowerCase().replace(/[^a-z]+/g, '');
  const sessions = planSessions(random, input.schoolYear);
  const schools = planSchools(random, org, input.schools);
  return {
    org,
    state: random.pick(STATES),
    domain: `${slug.slice(0, 30)}.example.org`,
    schoolYear: input.schoolYear,
    ...sessions,
    schools,
    courses: planCourses(random, schools),
  };
}

/** A school year, its two semesters and four grading periods (`schoolYear` is the year it ends, as 1.1 wants). */
function planSessions(random: Random, end: number) {
  const begin = end - 1;
  const session = (title: string, type: Session['type'], start: string, finish: string, parentId = ''): Session => ({
    id: random.uuid(),
    title,
    type,
    start,
    end: finish,
    parentId,
  });
  const year = session(`${begin}-${end} School Year`, 'schoolYear', `${begin}-08-17`, `${end}-06-11`);
  const fall = session(`Fall ${begin}`, 'semester', `${begin}-08-17`, `${begin}-12-18`, year.id);
  const spring = session(`Spring ${end}`, 'semester', `${end}-01-05`, `${end}-06-11`, year.id);
  const quarters = [
    session(`Q1 ${begin}-${end}`, 'gradingPeriod', `${begin}-08-17`, `${begin}-10-16`, fall.id),
    session(`Q2 ${begin}-${end}`, 'gradingPeriod', `${begin}-10-19`, `${begin}-12-18`, fall.id),
    session(`Q3 ${begin}-${end}`, 'gradingPeriod', `${end}-01-05`, `${end}-03-12`, spring.id),
    session(`Q4 ${begin}-${end}`, 'gradingPeriod', `${end}-03-15`, `${end}-06-11`, spring.id),
  ];
  return { year, fall, spring, sessions: [year, fall, spring, ...quarters] };
}

function planSchools(random: Random, district: Org, count: number): School[] {
  const used = new Map<Level, number>();
  const namesakes = random.shuffle([...PLACE_NAMES]);
  return levelsOf(count).map((level, index) => {
    const nth = used.get(level) ?? 0;
    used.set(level, nth + 1);
    // Each level walks the namesakes from its own offset, so a district's schools rarely share one.
    const offset = { elementary: 0, middle: 17, high: 31 }[level] + nth;
    const namesake = namesakes[offset % namesakes.length]!;
    const repeat = Math.floor(offset / namesakes.length);
    return {
      id: random.uuid(),
      name: `${namesake}${repeat > 0 ? ` ${repeat + 1}` : ''} ${LEVELS[level].suffix}`,
      type: 'school',
      identifier: `${district.identifier}${String(index + 1).padStart(5, '0')}`,
      parentId: district.id,
      level,
    };
  });
}

/** District-wide courses, one per subject and grade of every level the district has. */
function planCourses(random: Random, schools: School[]): Course[] {
  const levels = new Set(schools.map((school) => school.level));
  const courses: Course[] = [];
  for (const level of ['elementary', 'middle', 'high'] as const) {
    if (!levels.has(level)) continue;
    for (const grade of LEVELS[level].grades) {
      for (const subject of LEVELS[level].subjects) {
        courses.push({
          id: random.uuid(),
          title: courseTitle(subject, grade),
          code: `${subject.code}-${grade}`,
          grade,
          subject,
        });
      }
    }
  }
  return courses;
}
