import type { Extractor } from '../types.js';
import { SHELL_RULES } from '../common/shell-rules.js';
import { extractDockerfile } from './extract.js';
import { DOCKERFILE_RULES } from './rules.js';

export const dockerfileExtractor: Extractor = {
  name: 'dockerfile',
  kind: 'dockerfile',
  // RUN bodies are shell: every shell rule can fire in a Dockerfile too.
  rules: [...DOCKERFILE_RULES, ...SHELL_RULES],
  extract: extractDockerfile,
};
