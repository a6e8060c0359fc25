/**
 * The plan of the build: the references facts scan records (COPY/ADD, globs, docker build -f), and
 * what the plan makes of them: the image builds and their root filesystem argument, what the
 * Ubuntu build takes whole, where a sibling may go, which units it enables.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { makeBuildPlan, placeGenerated, rootfsArgs, takenBy } from '../../src/plan/build-plan.js';
import type { FileReference, ServiceAction } from '../../src/scan/result.js';
import { dockerfile, shell } from '../helpers.js';

const refs = (x: { references: FileReference[] }) => x.references.map((r) => [r.kind, r.line, r.sources, r.dest ?? null, r.from ?? null]);

describe('references facts', () => {
  it.each([
    ['COPY with ARG substituted', 'FROM x\nARG D=/opt\nCOPY a.sh b/ ${D}/', [['copy', 3, ['a.sh', 'b/'], '/opt/', null]]],
    ['COPY --from a stage', 'FROM x AS b\nFROM y\nCOPY --from=B /usr/bin/t /usr/bin/t', [['copy', 3, ['/usr/bin/t'], '/usr/bin/t', 'b']]],
    ['ADD, and a glob inside a RUN', 'FROM x\nADD root.tar /\nRUN rm -rf /var/lib/apt/lists/*', [['copy', 2, ['root.tar'], '/', null], ['glob', 3, ['/var/lib/apt/lists/*'], null, null]]],
    ['a COPY with no destination is no reference', 'FROM x\nCOPY a.sh', []],
  ])('Dockerfile: %s', (_n, text, expected) => {
    expect(refs(dockerfile(text))).toEqual(expected);
  });

  it.each([
    ['for over a directory', 'for f in files/*.service; do cp "$f" /lib; done', [['glob', 1, ['files/*.service'], null, null]]],
    ['a quoted pattern for find is no glob', "find . -name '*.o' -delete", []],
    ['checkinstall --pkgname builds a .deb', 'checkinstall -yD --install=no --pkgname=libqmi meson install', [['deb-build', 1, ['libqmi'], null, null]]],
    ['dpkg-deb --build through a variable', 'OUT=/tmp/q\ndpkg-deb --root-owner-group --build $OUT /tmp/qtwayland5.deb', [['deb-build', 2, ['qtwayland5'], null, null]]],
    ['dpkg-deb -R unpacks: no .deb built', 'dpkg-deb -R a.deb dir', []],
    ['checkinstall without --pkgname names its .deb after the directory: unknown', 'checkinstall -y make install', []],
  ])('shell: %s', (_n, text, expected) => {
    expect(refs(shell(text))).toEqual(expected);
  });

  it('docker build -f with its tag and build arguments, through a variable', () => {
    const x = shell('F=ubuntu-base-24.04.3-base-arm64.tar.gz\ndocker buildx build --load -f Dockerfile.agnos -t agnos-builder . --build-arg BASE=$F --build-arg=N=1');
    expect(x.references).toEqual([{ kind: 'docker-build', file: 'test.sh', line: 2, sources: ['Dockerfile.agnos'], tag: 'agnos-builder', buildArgs: { BASE: 'ubuntu-base-24.04.3-base-arm64.tar.gz', N: '1' } }]);
  });
});

describe('makeBuildPlan', () => {
  const files = ['build.sh', 'Dockerfile.img', 'userspace/setup.sh', 'userspace/files/a.service', 'userspace/files/b.rules', 'tools/x.sh', 'boards/one/build.sh'].map((file) => ({ file, kind: 'other', size: 1 }));
  const plan = (references: FileReference[], serviceActions: ServiceAction[] = []) => makeBuildPlan({ files, references, serviceActions }, { release: '3.22', arch: 'aarch64', tarballs: loadKnowledge().baseImages.tarballs });

  it('keeps the builds of Dockerfiles the repository has, with the argument that carries the root filesystem', () => {
    const p = plan([
      { kind: 'docker-build', file: 'build.sh', line: 4, sources: ['Dockerfile.img'], tag: 'img', buildArgs: { UBUNTU_BASE_IMAGE: 'ubuntu-base-24.04.3-base-arm64.tar.gz', UID: '1000' } },
      { kind: 'docker-build', file: 'build.sh', line: 9, sources: ['Dockerfile.missing'], buildArgs: {} },
    ]);
    expect(p.imageBuilds.map((b) => [b.dockerfile, b.line, b.rootfsArgs])).toEqual([['Dockerfile.img', 4, ['UBUNTU_BASE_IMAGE']]]);
    expect([...rootfsArgs(p)]).toEqual(['UBUNTU_BASE_IMAGE']);
  });

  it.each([
    // [what the Ubuntu build takes, path of a generated file, where it goes]
    ['COPY userspace/ /tmp/', { kind: 'copy', sources: ['userspace/'], dest: '/tmp/' }, 'userspace/setup_alpine.sh', 'alpine/userspace/setup_alpine.sh'],
    ['COPY ./userspace/files/*.service', { kind: 'copy', sources: ['./userspace/files/*.service'], dest: '/lib/systemd/system/' }, 'userspace/files/openrc/init.d/a', 'userspace/files/openrc/init.d/a'],
    ['COPY ./userspace/files/*', { kind: 'copy', sources: ['./userspace/files/*'], dest: '/etc/' }, 'userspace/files/a_alpine.service', 'alpine/userspace/files/a_alpine.service'],
    ['a single file COPY', { kind: 'copy', sources: ['userspace/setup.sh'], dest: '/tmp/' }, 'userspace/setup_alpine.sh', 'userspace/setup_alpine.sh'],
    ['COPY --from is not the repository', { kind: 'copy', sources: ['userspace/'], dest: '/x', from: 'b' }, 'userspace/setup_alpine.sh', 'userspace/setup_alpine.sh'],
    ['for b in boards/*', { kind: 'glob', sources: ['boards/*'] }, 'boards/one_alpine', 'alpine/boards/one_alpine'],
    ['an image path glob', { kind: 'glob', sources: ['/var/lib/apt/lists/*'] }, 'userspace/setup_alpine.sh', 'userspace/setup_alpine.sh'],
  ] as const)('%s: %s -> %s', (_n, ref, path, placed) => {
    const p = plan([{ file: 'Dockerfile.img', line: 3, ...ref, sources: [...ref.sources] } as FileReference]);
    expect(placeGenerated(p, path)).toBe(placed);
    expect(takenBy(p, path)?.line ?? null).toBe(placed === path ? null : 3);
  });

  it('lists the .deb files the build makes, not those a helper made once and the repository holds', () => {
    const p = makeBuildPlan({ files: [...files, { file: 'qt/qt-5.12.8.deb', kind: 'deb', size: 1 }], references: [
      { kind: 'deb-build', file: 'compile.sh', line: 4, sources: ['libqmi'] },
      { kind: 'deb-build', file: 'qt/build-qt-deb.sh', line: 9, sources: ['qt-5.12.8'] },
    ], serviceActions: [] }, { release: '3.22', arch: 'aarch64', tarballs: [] });
    expect(p.builtDebs).toEqual([{ stem: 'libqmi', file: 'compile.sh', line: 4 }]);
  });

  it('lists the shipped units the Ubuntu build enables', () => {
    const p = plan([], [
      { action: 'enable', unit: 'a.service', file: 'userspace/setup.sh', line: 2, shipped: true },
      { action: 'enable', unit: 'ssh.service', file: 'userspace/setup.sh', line: 3, shipped: false },
      { action: 'disable', unit: 'b.service', file: 'userspace/setup.sh', line: 4, shipped: true },
    ]);
    expect(p.enabledUnits).toEqual([{ unit: 'a.service', file: 'userspace/setup.sh', line: 2 }]);
  });
});
