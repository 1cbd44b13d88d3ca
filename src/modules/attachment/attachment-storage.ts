import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where attachment bytes are kept: local disk by default; another driver (S3-compatible) plugs in here. */
export interface AttachmentStorage {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
}

/** Files under one directory, named by their random key (never by anything the client sent). */
export function localStorage(directory: string): AttachmentStorage {
  const fileOf = (key: string) => {
    if (!/^[\w-]+$/.test(key)) throw new Error('invalid storage key');
    return path.join(directory, key);
  };
  return {
    async put(key, bytes) {
      await mkdir(directory, { recursive: true });
      await writeFile(fileOf(key), bytes, { flag: 'wx' });
    },
    get: (key) => readFile(fileOf(key)),
  };
}
