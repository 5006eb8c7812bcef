/** OneRoster vocabularies and the Edlink enums they map to. */

export const GRADE_LEVELS = [
  'Birth',
  'Prenatal',
  'IT',
  'PR',
  'PK',
  'TK',
  'KG',
  ...Array.from({ length: 13 }, (_, i) => String(i + 1).padStart(2, '0')),
  'PS',
  'UG',
  'Other',
];

/** Spellings found in real exports besides the CEDS codes themselves. */
export const GRADE_ALIASES: Record<string, string> = {
  k: 'KG',
  kindergarten: 'KG',
  'pre-k': 'PK',
  prek: 'PK',
  prekindergarten: 'PK',
  infanttoddler: 'IT',
  preschool: 'PR',
  transitionalkindergarten: 'TK',
  postsecondary: 'PS',
  ungraded: 'UG',
};

/**
 * OneRoster 1.1 and 1.2 roles → Edlink Role. Edlink's own OneRoster mapping sends proctor to
 * teacher and relative to guardian; 1.2's finer administrator roles land on Edlink's two.
 */
export const ROLES: Record<string, string> = {
  administrator: 'administrator',
  aide: 'aide',
  guardian: 'guardian',
  parent: 'parent',
  proctor: 'teacher',
  relative: 'guardian',
  student: 'student',
  teacher: 'teacher',
  districtAdministrator: 'district-administrator',
  siteAdministrator: 'administrator',
  systemAdministrator: 'administrator',
  principal: 'administrator',
  counselor: 'staff',
};

export const SESSION_TYPES: Record<string, string> = {
  schoolYear: 'school_year',
  semester: 'semester',
  term: 'term',
  gradingPeriod: 'grading_period',
};

export const ORG_TYPES = ['district', 'school', 'department', 'local', 'state', 'national'];

/** Org types above a school: stored as districts. */
export const DISTRICT_TYPES = ['district', 'local', 'state', 'national'];

/** The five OneRoster race columns → Edlink Race. */
export const RACES: Record<string, string> = {
  americanIndianOrAlaskaNative: 'american-indian-or-alaska-native',
  asian: 'asian',
  blackOrAfricanAmerican: 'black-or-african-american',
  nativeHawaiianOrOtherPacificIslander: 'native-hawaiian-or-other-pacific-islander',
  white: 'white',
};

export const RESIDENCE_STATUSES = ['01652', '01653', '01654', '01655', '01656'];

/** `userIds` types that are Edlink identifier types (`{LDAP:12}` → ldap). */
export const IDENTIFIER_TYPES = [
  'sis_id',
  'state_id',
  'school_id',
  'username',
  'email',
  'ldap',
  'lti',
  'nces_id',
  'canvas_id',
  'clever_id',
  'google_id',
  'microsoft_id',
  'moodle_id',
  'powerschool_id',
  'schoology_id',
];

/** SCED subject areas present in Edlink's Subject enum (CEDS.06 does not exist). */
const SUBJECT_AREAS = [
  '01',
  '02',
  '03',
  '04',
  '05',
  ...Array.from({ length: 18 }, (_, i) => String(i + 7).padStart(2, '0')),
];

/** Subject names commonly written in exports, by the SCED area they belong to. */
const SUBJECT_WORDS: Array<[RegExp, string]> = [
  [/english|language arts|reading|literature|writing/i, '01'],
  [/math|algebra|geometry|calculus|statistics/i, '02'],
  [/science|biology|chemistry|physics|earth/i, '03'],
  [/social studies|history|geography|civics|economics|government/i, '04'],
  [/\bart\b|music|band|choir|drama|theat/i, '05'],
  [/physical education|\bp\.?e\.?\b|health/i, '08'],
  [/computer|technology|coding|programming/i, '10'],
  [/spanish|french|german|chinese|latin|world language|foreign language/i, '24'],
];

/** Edlink Subject of a SCED code (`03101` → `CEDS.03`) or of a subject name; undefined when neither says. */
export function subjectOf(value: string): string | undefined {
  const code = /^(\d{2})\d{3}$/.exec(value)?.[1];
  if (code) return SUBJECT_AREAS.includes(code) ? `CEDS.${code}` : undefined;
  const area = SUBJECT_WORDS.find(([pattern]) => pattern.test(value))?.[1];
  return area ? `CEDS.${area}` : undefined;
}
