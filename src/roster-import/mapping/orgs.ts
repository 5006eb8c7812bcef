import { orgRef, stage } from './common.ts';
import { DISTRICT_TYPES, ORG_TYPES } from './enums.ts';
import type { MapContext, Row, Staged } from './row.ts';

/** The org type, case-tolerant; an unknown type is an error. */
function orgType(row: Row): string | undefined {
  const value = row.get('type');
  const type = ORG_TYPES.find((known) => known === value) ?? ORG_TYPES.find((known) => known === value.toLowerCase());
  if (type && type !== value) row.warn('type', `'${value}' read as '${type}'`, value);
  if (!type && value !== '') row.error('type', `'${value}' is not an org type (${ORG_TYPES.join(', ')})`);
  return type;
}

/**
 * orgs.csv → districts and schools. Edlink knows only these two: departments become schools and
 * local, state and national orgs become districts, with a warning, so that the classes and
 * people that point at them keep their links.
 */
export function mapOrg(row: Row, ctx: MapContext): Staged[] {
  const type = orgType(row);
  if (!type) return [];
  const district = DISTRICT_TYPES.includes(type);
  if (type !== 'district' && type !== 'school')
    row.warn('type', `org type '${type}' is stored as a ${district ? 'district' : 'school'}`, type);
  const place = { name: row.get('name'), locale: null, time_zone: null, address: null, picture_url: null };
  const identifier = row.optional('identifier');
  const extra = {
    identifiers: identifier ? [{ type: 'sis_id', value: identifier }] : [],
    properties: { org_type: type },
  };
  if (district) return [stage(row, ctx, 'districts', place, extra)];
  const parent = row.optional('parentSourcedId');
  const parentRef = parent ? orgRef(ctx, parent) : undefined;
  if (parent && parentRef?.kind !== 'districts') {
    row.warn(
      'parentSourcedId',
      'the parent is not a district org of this import or of the source; ' +
        'the school gets the district of the source, if it has exactly one',
      'parent',
    );
  }
  const districtId = parentRef?.kind === 'districts' ? parentRef.id : null;
  return [
    stage(
      row,
      ctx,
      'schools',
      { ...place, grade_levels: [], district_id: districtId },
      {
        ...extra,
        properties: { ...extra.properties, parent_sourced_id: parent },
        refs: { district_id: ['parentSourcedId', parent] },
      },
    ),
  ];
}
