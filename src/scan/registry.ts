/**
 * One line per extractor. A file kind with no extractor here is still classified and counted.
 */
import { debExtractor } from './deb/index.js';
import { dockerfileExtractor } from './dockerfile/index.js';
import { elfExtractor } from './elf/index.js';
import { shellExtractor } from './shell/index.js';
import { systemdExtractor } from './systemd/index.js';
import { configExtractor } from './config/index.js';
import { programExtractor } from './program/index.js';
import { workflowExtractor } from './workflow/index.js';
import type { Extractor } from './types.js';

export const EXTRACTORS: readonly Extractor[] = [shellExtractor, dockerfileExtractor, systemdExtractor, debExtractor, elfExtractor, configExtractor, programExtractor, workflowExtractor];
