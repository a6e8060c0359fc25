/** Text as a regular expression that matches exactly it (for names built into larger patterns). */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
