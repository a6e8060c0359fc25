import { describe, expect, it } from 'vitest';
import { makeRenames, wireReferences } from '../../src/generate/wiring.js';

describe('wiring the Alpine files to the siblings', () => {
  const renames = makeRenames(new Map([
    ['userspace/base_setup.sh', 'userspace/base_setup_alpine.sh'],
    ['userspace/usr/comma/comma.sh', 'alpine/userspace/usr/comma/comma_alpine.sh'],
    ['a/dup.sh', 'a/dup_alpine.sh'],
  ]), ['userspace/base_setup.sh', 'userspace/usr/comma/comma.sh', 'a/dup.sh', 'b/dup.sh']);

  it.each([
    ['COPY ./userspace/base_setup.sh /tmp/agnos', 'COPY ./userspace/base_setup_alpine.sh /tmp/agnos'],
    ['RUN /tmp/agnos/base_setup.sh', 'RUN /tmp/agnos/base_setup_alpine.sh'],
    ['command="/usr/comma/comma.sh"', 'command="/usr/comma/comma_alpine.sh"'],
    ['COPY userspace/usr/comma/comma.sh /usr/comma/', 'COPY alpine/userspace/usr/comma/comma_alpine.sh /usr/comma/'],
    // a name two files share is only rewritten where its repo path is written
    ['RUN /tmp/dup.sh', 'RUN /tmp/dup.sh'],
    ['COPY a/dup.sh /tmp/', 'COPY a/dup_alpine.sh /tmp/'],
    // not a reference: part of a longer name
    ['echo my_base_setup.sh base_setup.sh.bak', 'echo my_base_setup.sh base_setup.sh.bak'],
  ])('%s', (input, output) => {
    expect(wireReferences(input, renames)).toBe(output);
  });

  it('names each rewrite once', () => {
    const notes: string[] = [];
    wireReferences('COPY ./userspace/base_setup.sh /t/\nRUN /t/base_setup.sh && /t/base_setup.sh', renames, (m) => notes.push(m));
    expect(notes).toEqual(['userspace/base_setup.sh -> userspace/base_setup_alpine.sh', 'base_setup.sh -> base_setup_alpine.sh']);
  });
});
