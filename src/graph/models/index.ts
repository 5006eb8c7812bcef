import type { GraphKind } from '../tables.ts';
import { classes, sections } from './classes.ts';
import { courses, sessions } from './courses.ts';
import type { Model } from './model.ts';
import { districts, schools } from './organizations.ts';
import { people } from './people.ts';
import { agents, enrollments } from './relations.ts';

export type { Model } from './model.ts';
export { agents, classes, courses, districts, enrollments, people, schools, sections, sessions };

/** Every Graph model by its record kind. */
export const MODELS: Readonly<Record<GraphKind, Model>> = {
  districts,
  schools,
  sessions,
  courses,
  classes,
  sections,
  people,
  enrollments,
  agents,
};
