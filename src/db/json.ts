import type { JSONColumnType } from 'kysely';

/**
 * A jsonb column: read as `T`, written as its JSON text (the drivers of both engines take text);
 * a column that may be null also takes null.
 */
export type Json<T extends object | null> = JSONColumnType<T, Text<T>, Text<T>>;

type Text<T> = null extends T ? string | null : string;

/** A jsonb column the database fills with its default when an insert leaves it out. */
export type JsonWithDefault<T extends object | null> = JSONColumnType<T, Text<T> | undefined, Text<T>>;
