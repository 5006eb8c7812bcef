import { mapClass } from './classes.ts';
import { mapCourse } from './courses.ts';
import { mapDemographics } from './demographics.ts';
import { mapEnrollment } from './enrollments.ts';
import { mapOrg } from './orgs.ts';
import { mapRole } from './roles.ts';
import type { MapContext, Row, Staged } from './row.ts';
import { mapSession } from './sessions.ts';
import { mapUser } from './users.ts';

type Mapper = (row: Row, ctx: MapContext) => Staged[];

/** The mapper of each OneRoster file; files without one (userProfiles) are checked, not stored. */
export const MAPPERS: Record<string, Mapper> = {
  orgs: mapOrg,
  academicSessions: mapSession,
  courses: mapCourse,
  classes: mapClass,
  users: mapUser,
  roles: mapRole,
  demographics: mapDemographics,
  enrollments: mapEnrollment,
};
