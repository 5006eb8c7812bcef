import type { District } from './district.ts';
import { CITIES, FIRST_NAMES, LAST_NAMES, STATES } from './names.ts';
import type { Random } from './random.ts';

export type Role = 'student' | 'teacher' | 'administrator' | 'parent' | 'guardian';

export const RACES = [
  'americanIndianOrAlaskaNative',
  'asian',
  'blackOrAfricanAmerican',
  'nativeHawaiianOrOtherPacificIslander',
  'white',
  'demographicRaceTwoOrMoreRaces',
] as const;

export type Demographics = {
  birthDate: string;
  sex: 'male' | 'female';
  races: Set<(typeof RACES)[number]>;
  hispanic: boolean;
  countryOfBirth: string;
  stateOfBirth: string;
  cityOfBirth: string;
};

export type Person = {
  id: string;
  role: Role;
  orgId: string;
  given: string;
  middle: string;
  family: string;
  username: string;
  email: string;
  identifier: string;
  phone: string;
  grade: string;
  /** sourcedIds of the people on the other side of a guardian–student link. */
  agents: string[];
  demographics: Demographics | null;
};

/** Mints people for one district: the running number keeps usernames and identifiers unique across schools. */
export class Registry {
  readonly random: Random;
  readonly district: District;
  #sequence = 0;

  constructor(random: Random, district: District) {
    this.random = random;
    this.district = district;
  }

  person(role: Role, orgId: string, family = this.random.pick(LAST_NAMES), grade = ''): Person {
    const random = this.random;
    const sequence = ++this.#sequence;
    const given = random.pick(FIRST_NAMES);
    const username = `${slug(given)}.${slug(family)}${sequence}`;
    const guardian = role === 'parent' || role === 'guardian';
    return {
      id: random.uuid(),
      role,
      orgId,
      given,
      middle: random.chance(0.4) ? random.pick(FIRST_NAMES) : '',
      family,
      username,
      email: `${username}@${guardian ? 'example.net' : this.district.domain}`,
      identifier: guardian ? '' : String((role === 'student' ? 100000000 : 700000000) + sequence),
      phone: guardian ? `(${200 + random.int(800)}) 555-01${String(random.int(100)).padStart(2, '0')}` : '',
      grade,
      agents: [],
      demographics: role === 'student' ? this.#demographics(grade) : null,
    };
  }

  #demographics(grade: string): Demographics {
    const random = this.random;
    const age = 5 + (grade === 'KG' ? 0 : Number(grade));
    // Old enough for the grade on the first of September of the year the school year starts.
    const latest = Date.UTC(this.district.schoolYear - 1 - age, 8, 1);
    const birthDate = new Date(latest - random.int(365) * 86_400_000).toISOString().slice(0, 10);
    const races = new Set<(typeof RACES)[number]>([random.pick(RACES.slice(0, 5))]);
    if (random.chance(0.08)) races.add('demographicRaceTwoOrMoreRaces');
    const abroad = random.chance(0.06);
    return {
      birthDate,
      sex: random.chance(0.5) ? 'female' : 'male',
      races,
      hispanic: random.chance(0.25),
      countryOfBirth: abroad ? random.pick(['MX', 'IN', 'CN', 'PH', 'VN', 'CA']) : 'US',
      stateOfBirth: abroad ? '' : random.chance(0.7) ? this.district.state : random.pick(STATES),
      cityOfBirth: abroad ? '' : random.pick(CITIES),
    };
  }
}

/**
 * Creates a school's students (one per entry of `grades`, returned in that order) in households of
 * one to three siblings sharing a family name, with one or two guardians each, linked both ways
 * through `agents` (the file's `agentSourcedIds`).
 */
export function planFamilies(
  registry: Registry,
  orgId: string,
  grades: string[],
): { students: Person[]; guardians: Person[] } {
  const random = registry.random;
  const slots = random.shuffle(grades.map((grade, index) => ({ grade, index })));
  const students = new Array<Person>(grades.length);
  const guardians: Person[] = [];
  for (let start = 0; start < slots.length; ) {
    const size = Math.min(slots.length - start, random.chance(0.55) ? 1 : random.chance(0.75) ? 2 : 3);
    const family = random.pick(LAST_NAMES);
    const children = slots.slice(start, start + size).map((slot) => {
      const child = registry.person('student', orgId, family, slot.grade);
      students[slot.index] = child;
      return child;
    });
    start += size;
    const adults = [registry.person(random.chance(0.9) ? 'parent' : 'guardian', orgId, family)];
    if (random.chance(0.65))
      adults.push(registry.person('parent', orgId, random.chance(0.8) ? family : random.pick(LAST_NAMES)));
    for (const child of children) child.agents = adults.map((adult) => adult.id);
    for (const adult of adults) adult.agents = children.map((child) => child.id);
    guardians.push(...adults);
  }
  return { students, guardians };
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}
