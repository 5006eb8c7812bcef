import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** A CSV file of an export, opened on demand: from a folder or from inside a zip. */
export type Entry = { name: string; size: number; open(): Promise<Readable> };
export type Archive = { entries: Entry[]; close(): void };

/** The path cannot be read as an export; the message says why, in one line. */
export class UnreadableExport extends Error {}

const isCsv = (name: string) =>
  name.toLowerCase().endsWith('.csv') && !name.startsWith('__MACOSX/') && !basename(name).startsWith('._');

/** Opens a folder or a `.zip` of OneRoster CSV files. Files may sit in one sub-folder of a zip. */
export async function openExport(path: string): Promise<Archive> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UnreadableExport(`${path}: no such file or folder`);
  if (info.isDirectory()) return openFolder(path);
  return openZip(path);
}

async function openFolder(path: string): Promise<Archive> {
  const names = (await readdir(path)).filter(isCsv);
  const entries = await Promise.all(
    names.map(async (name) => {
      const file = join(path, name);
      return { name, size: (await stat(file)).size, open: async () => createReadStream(file) };
    }),
  );
  return { entries, close: () => {} };
}

async function openZip(path: string): Promise<Archive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (error) {
    throw new UnreadableExport(`${basename(path)}: not a zip archive or a folder (${(error as Error).message})`);
  }
  const entries: Entry[] = [];
  const seen = new Set<string>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/') || !isCsv(entry.fileName)) continue;
      const name = basename(entry.fileName);
      if (seen.has(name))
        throw new UnreadableExport(`${basename(path)}: holds ${name} more than once (in different folders)`);
      seen.add(name);
      entries.push({ name, size: entry.uncompressedSize, open: () => zip.openReadStreamPromise(entry) });
    }
  } catch (error) {
    zip.close();
    if (error instanceof UnreadableExport) throw error;
    throw new UnreadableExport(`${basename(path)}: the zip archive is damaged (${(error as Error).message})`);
  }
  return { entries, close: () => zip.close() };
}
