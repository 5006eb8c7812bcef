export type Level = 'elementary' | 'middle' | 'high';

export type Subject = {
  name: string;
  /** SCED-style subject code, written to `subjectCodes`. */
  code: string;
  /** The class students are counted in each morning: `classType=homeroom`. */
  homeroom?: boolean;
  /** In elementary schools the homeroom teacher also teaches these to the same cohort. */
  core?: boolean;
  /** Runs one semester; the other subjects run the whole year. */
  semester?: boolean;
  /** The period it meets in, the same for every class of the subject so that no student is in two places at once. */
  period?: string;
  /** Course titles where a grade has its own (Algebra I, Biology…); otherwise "<subject> <grade>". */
  titles?: Record<string, string>;
};

export type LevelPlan = {
  grades: string[];
  suffix: string;
  subjects: Subject[];
  /** How many classes of one non-core subject a teacher takes on. */
  teacherLoad: number;
};

const homeroom = (name: string): Subject => ({ name, code: '22001', homeroom: true, core: true });

export const LEVELS: Record<Level, LevelPlan> = {
  elementary: {
    grades: ['KG', '01', '02', '03', '04', '05'],
    suffix: 'Elementary School',
    teacherLoad: 24,
    subjects: [
      homeroom('Homeroom'),
      { name: 'English Language Arts', code: '51035', core: true },
      { name: 'Mathematics', code: '52034', core: true },
      { name: 'Science', code: '53234', core: true },
      { name: 'Social Studies', code: '54434', core: true },
      { name: 'Art', code: '55133' },
      { name: 'Music', code: '55134' },
      { name: 'Physical Education', code: '58034' },
    ],
  },
  middle: {
    grades: ['06', '07', '08'],
    suffix: 'Middle School',
    teacherLoad: 5,
    subjects: [
      homeroom('Advisory'),
      { name: 'English Language Arts', code: '01051', period: '1' },
      { name: 'Mathematics', code: '02052', period: '2' },
      { name: 'Science', code: '03159', period: '3' },
      { name: 'Social Studies', code: '04062', period: '4' },
      { name: 'Physical Education', code: '08051', period: '5' },
      { name: 'Spanish', code: '06101', period: '6' },
      { name: 'Art', code: '05154', semester: true, period: '7' },
      { name: 'Music', code: '05110', semester: true, period: '7' },
    ],
  },
  high: {
    grades: ['09', '10', '11', '12'],
    suffix: 'High School',
    teacherLoad: 5,
    subjects: [
      homeroom('Advisory'),
      {
        name: 'English',
        code: '01001',
        period: '1',
        titles: { '09': 'English 9', '10': 'English 10', '11': 'American Literature', '12': 'British Literature' },
      },
      {
        name: 'Mathematics',
        code: '02052',
        period: '2',
        titles: { '09': 'Algebra I', '10': 'Geometry', '11': 'Algebra II', '12': 'Precalculus' },
      },
      {
        name: 'Science',
        code: '03051',
        period: '3',
        titles: { '09': 'Biology', '10': 'Chemistry', '11': 'Physics', '12': 'Environmental Science' },
      },
      {
        name: 'Social Studies',
        code: '04101',
        period: '4',
        titles: { '09': 'World History', '10': 'US History', '11': 'Government', '12': 'Economics' },
      },
      {
        name: 'Spanish',
        code: '06101',
        period: '5',
        titles: { '09': 'Spanish I', '10': 'Spanish II', '11': 'Spanish III', '12': 'Spanish IV' },
      },
      { name: 'Physical Education', code: '08001', semester: true, period: '6' },
      { name: 'Health', code: '08051', semester: true, period: '6' },
      { name: 'Computer Science', code: '10011', period: '7' },
    ],
  },
};

/** How a district of `schools` schools splits into levels: mostly elementary, as real districts do. */
export function levelsOf(schools: number): Level[] {
  const high = schools >= 2 ? Math.max(1, Math.floor(schools / 5)) : 0;
  const middle = schools >= 3 ? Math.max(1, Math.floor(schools / 4)) : 0;
  const elementary = schools - high - middle;
  return [
    ...Array<Level>(elementary).fill('elementary'),
    ...Array<Level>(middle).fill('middle'),
    ...Array<Level>(high).fill('high'),
  ];
}

export function courseTitle(subject: Subject, grade: string): string {
  return subject.titles?.[grade] ?? `${subject.name} ${grade === 'KG' ? 'Kindergarten' : `Grade ${Number(grade)}`}`;
}
