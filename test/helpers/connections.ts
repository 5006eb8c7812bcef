/** A query string for the connections API's scope: omitted when undefined. */
export const withScope = (path: string, scope: string | undefined) =>
  scope === undefined ? path : `${path}${path.includes('?') ? '&' : '?'}scope=${encodeURIComponent(scope)}`;
