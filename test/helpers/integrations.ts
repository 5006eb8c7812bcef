export { ok } from './api.ts';
export { ALL_PERMISSIONS, buildDeveloper, buildIntegration, buildOrganization, permissionIds } from './factories.ts';
