/**
 * The package-equivalence database. Version it: a database of another schema version is refused
 * with a message to rebuild it (`migrate db build`).
 */
export const SCHEMA_VERSION = 3;

export const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Curated entries from mappings/packages.tsv: one Debian name -> zero or more Alpine names.
CREATE TABLE mappings (
  debian TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('same', 'renamed', 'split', 'merged', 'dropped', 'none')),
  alpine TEXT NOT NULL,            -- JSON array of names (may hold so:/cmd:/pc: capabilities)
  confidence TEXT NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
  note TEXT NOT NULL,
  source_line INTEGER NOT NULL     -- line in mappings/packages.tsv, for reviewers
);

-- What a Debian package is known to provide: so:, cmd:, pc: names (mappings/debian-capabilities.tsv).
CREATE TABLE debian_capabilities (
  debian TEXT NOT NULL,
  capability TEXT NOT NULL,
  PRIMARY KEY (debian, capability)
);

-- Naming rules from mappings/naming-rules.tsv, applied in order.
CREATE TABLE naming_rules (
  ord INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  pattern TEXT NOT NULL,
  candidates TEXT NOT NULL,        -- JSON array of templates with $1..$9
  kind TEXT NOT NULL,
  note TEXT NOT NULL,
  traits TEXT NOT NULL             -- JSON array: same-name, convention, versioned
);

-- From mappings/debian-renames.tsv: names Debian 12 lacks -> the Debian 12 name, applied in order.
CREATE TABLE debian_renames (
  ord INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  pattern TEXT NOT NULL,
  template TEXT NOT NULL,
  note TEXT NOT NULL
);

-- Package catalogues: the embedded snapshots of mappings/catalogue/ and imported indexes
-- (APKINDEX, installed db, Debian Packages). release/branch/arch say which target each can answer
-- for (NULL when an import does not say); date is how current it is.
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  distro TEXT NOT NULL CHECK (distro IN ('alpine', 'debian')),
  kind TEXT NOT NULL,              -- snapshot | apkindex | installed | packages
  label TEXT NOT NULL UNIQUE,      -- e.g. 'v3.20/main/x86_64' or the file name
  description TEXT NOT NULL,
  signed_by TEXT,
  records INTEGER NOT NULL,
  release TEXT,
  branch TEXT,
  arch TEXT,
  date TEXT
);

CREATE TABLE alpine_packages (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  arch TEXT NOT NULL,
  origin TEXT NOT NULL,
  description TEXT NOT NULL
);
CREATE INDEX alpine_packages_name ON alpine_packages (name);
CREATE INDEX alpine_packages_origin ON alpine_packages (origin);
CREATE INDEX alpine_packages_source ON alpine_packages (source_id);

CREATE TABLE alpine_provides (
  package_id INTEGER NOT NULL REFERENCES alpine_packages(id) ON DELETE CASCADE,
  capability TEXT NOT NULL         -- so:libfoo.so.1, cmd:foo, pc:foo, or a virtual name
);
CREATE INDEX alpine_provides_capability ON alpine_provides (capability);
-- Deleting a source cascades to its packages and their provides: without these, each deleted row scans a table.
CREATE INDEX alpine_provides_package ON alpine_provides (package_id);

CREATE TABLE debian_packages (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  arch TEXT NOT NULL,
  source_package TEXT NOT NULL,
  section TEXT NOT NULL,
  description TEXT NOT NULL,
  provides TEXT NOT NULL           -- JSON array
);
CREATE INDEX debian_packages_name ON debian_packages (name);
CREATE INDEX debian_packages_source ON debian_packages (source_id);

-- What a Debian package ships that Alpine names in its provides (so:, cmd:, pc:, py3:), and what a
-- package with no files of its own (transitional, metapackage) depends on.
CREATE TABLE debian_ships (
  package_id INTEGER NOT NULL REFERENCES debian_packages(id) ON DELETE CASCADE,
  capability TEXT NOT NULL
);
CREATE INDEX debian_ships_package ON debian_ships (package_id);
CREATE TABLE debian_depends (
  package_id INTEGER NOT NULL REFERENCES debian_packages(id) ON DELETE CASCADE,
  dependency TEXT NOT NULL
);
CREATE INDEX debian_depends_package ON debian_depends (package_id);

-- Symbols musl and gcompat export, per architecture, and where each table came from.
CREATE TABLE musl_symbols (
  arch TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (arch, name)
) WITHOUT ROWID;
CREATE TABLE gcompat_symbols (
  arch TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (arch, name)
) WITHOUT ROWID;
CREATE TABLE libc_tables (
  library TEXT NOT NULL,
  arch TEXT NOT NULL,
  version TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (library, arch)
);

-- What each Alpine package depends on (apk's D: field), for verify's apk.
CREATE TABLE alpine_depends (
  package_id INTEGER NOT NULL REFERENCES alpine_packages(id) ON DELETE CASCADE,
  dependency TEXT NOT NULL
);
CREATE INDEX alpine_depends_package ON alpine_depends (package_id);
`;
