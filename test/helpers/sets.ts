import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import { generateOneRoster } from '../../src/demo/generator.ts';

/** Every folder the tests of this process made; each test file is a process, and leaves none behind. */
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'gatehouse-roster-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A seeded OneRoster 1.1 bulk export made by the project's own generator (guardians included). */
export async function generatedSet(options: {
  schools: number;
  studentsPerSchool: number;
  seed?: string;
}): Promise<string> {
  const dir = tempDir('gatehouse-set-');
  await generateOneRoster(dir, {
    seed: options.seed ?? 'roster-tests',
    schools: options.schools,
    studentsPerSchool: options.studentsPerSchool,
  });
  return dir;
}

export function copySet(from: string): string {
  const dir = tempDir('gatehouse-copy-');
  cpSync(from, dir, { recursive: true });
  return dir;
}

/** A zip of every file of a folder, under one sub-folder as exports often are. */
export async function zipFolder(dir: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const name of readdirSync(dir)) zip.addBuffer(readFileSync(join(dir, name)), `export/${name}`);
  zip.end();
  return Buffer.concat((await (zip.outputStream as unknown as Readable).toArray()) as Buffer[]);
}
