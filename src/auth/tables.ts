export type AuthTables = {
  /** Failed sign-ins by key (`account:<hash>`, `address:<ip>`), as the rate limiter library keeps them. */
  sign_in_failures: { key: string; points: number; expire: string | null };
};
