/**
 * The report of a `migrate verify` run (`--json`), and how its readers tell it is about the files
 * as they are now: the SHA-256 of each Dockerfile it ran and of each Alpine file.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../scan/result.js';
import type { StepResult } from './run-build.js';
import type { ServiceCheck } from './services.js';

export interface VerifyReport {
  schema: 'migrate/verify-report';
  schemaVersion: 1;
  /** chroot: instruction by instruction in the minirootfs; docker, podman: built for real. */
  engine: 'chroot' | 'docker' | 'podman';
  /** The minirootfs and the package index apk answered from (chroot only; null for an engine). */
  rootfs: string | null;
  catalogue: string | null;
  dockerfiles: string[];
  /** SHA-256 of each Dockerfile run and each Alpine file in the repository, so a reader (migrate checklist) can tell whether the report is current. */
  sources: Record<string, string>;
  steps: StepResult[];
  services: ServiceCheck[];
  summary: { steps: number; failingSteps: number; unverifiedSteps: number; services: number; installed: number; enabled: number; toEnable: number };
  findings: Finding[];
}

export const sourceDigest = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The files of the Alpine build: siblings, OpenRC files, the parallel tree. */
export const isAlpineFile = (path: string) => /(_alpine(\.sh)?|\.alpine)$|(^|\/)(load|flash)_alpine|(^|\/)openrc\/|^alpine\//.test(path);
