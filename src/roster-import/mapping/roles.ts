import { orgRef, refId } from './common.ts';
import type { MapContext, Row, Staged } from './row.ts';
import { date, role } from './values.ts';

/**
 * roles.csv (1.2) → the roles and schools of a person. Staged under the person's id, so that
 * folding them into people is a lookup by id; the role's own sourcedId spots duplicates.
 */
export function mapRole(row: Row, ctx: MapContext): Staged[] {
  const user = row.get('userSourcedId');
  const org = row.get('orgSourcedId');
  const ref = org ? orgRef(ctx, org) : undefined;
  const roleType = row.get('roleType');
  if (roleType && roleType !== 'primary' && roleType !== 'secondary')
    row.warn('roleType', `'${roleType}' is not a role type (primary, secondary)`, roleType);
  const record = {
    role: role(row, 'role'),
    primary: roleType === 'primary',
    school_id: ref?.kind === 'schools' ? ref.id : null,
    district_id: ref?.kind === 'districts' ? ref.id : null,
    start_date: date(row, 'beginDate'),
    end_date: date(row, 'endDate'),
  };
  const person = refId(ctx, 'people', user) as string;
  return [
    {
      kind: 'roles',
      id: person,
      sourcedId: row.get('sourcedId'),
      deleted: row.status === 'tobedeleted',
      record,
      refs: { person: ['userSourcedId', user] },
    },
  ];
}
