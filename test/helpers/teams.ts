export { buildMember, buildTeam, signInSession } from './factories.ts';
