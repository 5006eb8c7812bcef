import { refId } from './common.ts';
import { RACES, RESIDENCE_STATUSES } from './enums.ts';
import type { MapContext, Row, Staged } from './row.ts';
import { bool, date } from './values.ts';

const GENDERS: Record<string, string | null> = { male: 'male', female: 'female', other: 'other', unspecified: null };

function gender(row: Row): string | null {
  const value = row.get('sex');
  if (value === '') return null;
  const key = value.toLowerCase();
  if (key in GENDERS) {
    if (key !== value) row.warn('sex', `'${value}' read as '${key}'`, value);
    return GENDERS[key] ?? null;
  }
  row.error('sex', `'${value}' is not a sex (male, female, other, unspecified)`);
  return null;
}

/**
 * demographics.csv → the `demographics` of the person with the same sourcedId. Every Edlink
 * field is present; what OneRoster does not carry is null.
 */
export function mapDemographics(row: Row, ctx: MapContext): Staged[] {
  const races = Object.entries(RACES)
    .filter(([column]) => bool(row, column) === true)
    .map(([, race]) => race);
  const residence = row.optional('publicSchoolResidenceStatus');
  if (residence && !RESIDENCE_STATUSES.includes(residence))
    row.warn('publicSchoolResidenceStatus', `'${residence}' is not a CEDS residence status code`, 'code');
  const demographics = {
    birthday: date(row, 'birthDate'),
    gender: gender(row),
    residence_status: residence,
    english_language_learner: null,
    country_of_birth: row.optional('countryOfBirthCode'),
    state_of_birth: row.optional('stateOfBirthAbbreviation'),
    city_of_birth: row.optional('cityOfBirth'),
    hispanic_or_latino_ethnicity: bool(row, 'hispanicOrLatinoEthnicity'),
    races,
    homeless: null,
    disability: null,
    gifted_talented: null,
    food_service_program_eligibility: null,
    economically_disadvantaged: null,
    migrant: null,
    public_assistance: null,
    rural_residency: null,
    individualized_education_plan: null,
  };
  const sourcedId = row.get('sourcedId');
  const person = refId(ctx, 'people', sourcedId) as string;
  return [
    {
      kind: 'demographics',
      id: person,
      sourcedId,
      deleted: row.status === 'tobedeleted',
      record: { demographics },
      refs: { person: ['sourcedId', sourcedId] },
    },
  ];
}
