/**
 * The OneRoster 1.1 and 1.2 CSV files Gatehouse reads: their columns, and which of them a file
 * must have. Columns of both versions are known to both, so a 1.1 export with a 1.2 column (or
 * the reverse) still imports; `required` lists the header cells a file cannot do without.
 */
export type Version = '1.1' | '1.2';

export type FileSpec = {
  /** Manifest key without `file.`, and the file name without `.csv`. */
  name: string;
  columns: string[];
  required: Record<Version, string[]>;
  /** Columns whose value every row (other than a `tobedeleted` one) must give. */
  values: Record<Version, string[]>;
};

const HEAD = ['sourcedId', 'status', 'dateLastModified'];

function spec(
  name: string,
  columns: string[],
  required: string[],
  values: string[],
  only12: string[] = [],
  only11: string[] = [],
): FileSpec {
  const v11 = [...HEAD, ...required.filter((column) => !only12.includes(column))];
  const v12 = [...HEAD, ...required.filter((column) => !only11.includes(column))];
  const values11 = ['sourcedId', ...values.filter((column) => !only12.includes(column))];
  const values12 = ['sourcedId', ...values.filter((column) => !only11.includes(column))];
  return {
    name,
    columns: [...HEAD, ...columns],
    required: { '1.1': v11, '1.2': v12 },
    values: { '1.1': values11, '1.2': values12 },
  };
}

const USER_COLUMNS = [
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
  'userMasterIdentifier',
  'resourceSourcedIds',
  'preferredGivenName',
  'preferredMiddleName',
  'preferredFamilyName',
  'primaryOrgSourcedId',
  'pronouns',
];

/** The files mapped to the graph, in the order they are read. */
export const FILES: FileSpec[] = [
  spec(
    'orgs',
    ['name', 'type', 'identifier', 'parentSourcedId'],
    ['name', 'type', 'identifier', 'parentSourcedId'],
    ['name', 'type'],
  ),
  spec(
    'academicSessions',
    ['title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
    ['title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
    ['title', 'type', 'startDate', 'endDate', 'schoolYear'],
  ),
  spec(
    'courses',
    ['schoolYearSourcedId', 'title', 'courseCode', 'grades', 'orgSourcedId', 'subjects', 'subjectCodes'],
    ['schoolYearSourcedId', 'title', 'courseCode', 'grades', 'orgSourcedId', 'subjects'],
    ['title', 'orgSourcedId'],
  ),
  spec(
    'classes',
    [
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
    [
      'title',
      'grades',
      'courseSourcedId',
      'classCode',
      'classType',
      'location',
      'schoolSourcedId',
      'termSourcedIds',
      'subjects',
    ],
    ['title', 'courseSourcedId', 'classType', 'schoolSourcedId', 'termSourcedIds'],
  ),
  spec(
    'users',
    USER_COLUMNS,
    ['enabledUser', 'orgSourcedIds', 'role', 'username', 'givenName', 'familyName', 'identifier', 'email'],
    ['enabledUser', 'orgSourcedIds', 'role', 'username', 'givenName', 'familyName'],
    [],
    ['orgSourcedIds', 'role'],
  ),
  spec(
    'roles',
    ['userSourcedId', 'roleType', 'role', 'beginDate', 'endDate', 'orgSourcedId', 'userProfileSourcedId'],
    ['userSourcedId', 'roleType', 'role', 'orgSourcedId'],
    ['userSourcedId', 'roleType', 'role', 'orgSourcedId'],
  ),
  spec(
    'demographics',
    [
      'birthDate',
      'sex',
      'americanIndianOrAlaskaNative',
      'asian',
      'blackOrAfricanAmerican',
      'nativeHawaiianOrOtherPacificIslander',
      'white',
      'demographicRaceTwoOrMoreRaces',
      'hispanicOrLatinoEthnicity',
      'countryOfBirthCode',
      'stateOfBirthAbbreviation',
      'cityOfBirth',
      'publicSchoolResidenceStatus',
    ],
    ['birthDate', 'sex'],
    [],
  ),
  spec(
    'enrollments',
    ['classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate'],
    ['classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate'],
    ['classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role'],
  ),
  spec(
    'userProfiles',
    [
      'userSourcedId',
      'profileType',
      'vendorId',
      'applicationId',
      'description',
      'credentialType',
      'username',
      'password',
    ],
    ['userSourcedId', 'profileType', 'vendorId', 'credentialType', 'username'],
    ['userSourcedId', 'profileType', 'vendorId', 'credentialType', 'username'],
  ),
];

/** Files of the standard that hold no rostering data (gradebook, resources): checked by name only, never read. */
const SKIPPED_FILES = [
  'categories',
  'classResources',
  'courseResources',
  'lineItems',
  'resources',
  'results',
  'userResources',
  'lineItemLearningObjectiveIds',
  'lineItemScoreScales',
  'resultLearningObjectiveIds',
  'resultScoreScales',
  'scoreScales',
];

export function fileSpec(name: string): FileSpec | undefined {
  return FILES.find((file) => file.name === name);
}

/** Standard names of every file, graph or not, for matching a file name whose case differs. */
export const ALL_FILE_NAMES = [...FILES.map((file) => file.name), ...SKIPPED_FILES];

export const VERSIONS: Version[] = ['1.1', '1.2'];
