/** Where something was declared: a file and a line of it, for errors the operator can act on. */
export type Place = { file: string; line: number };

export type Field<T = string> = { value: T; at: Place };

/** One file's fragment of an application: what that file says of it, each part with its place. */
export type Fragment = {
  name: string;
  at: Place;
  email?: Field;
  endpoint_url?: Field;
  identity_link_url?: Field;
  redirect_uris?: Field<string[]>;
  resources: Array<Field>;
};

export const SCALARS = ['email', 'endpoint_url', 'identity_link_url'] as const;

export const where = (at: Place) => `${at.file}:${at.line}`;

/** Every problem of a set of files, each naming its file and line; nothing is applied while there is one. */
export class ProvisionError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}
