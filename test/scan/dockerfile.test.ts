import { describe, expect, it } from 'vitest';
import { dockerfile, pkgs, rules } from '../helpers.js';

describe('Dockerfile RUN bodies are shell', () => {
  it.each([
    ['shell form', 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl', ['curl@2']],
    ['continuations keep Dockerfile lines', 'FROM x\nRUN apt-get install -y \\\n    curl \\\n    git', ['curl@3', 'git@4']],
    ['comment and empty lines inside a continuation', 'FROM x\nRUN apt-get install -y \\\n    # why\n    curl \\\n\n    git', ['curl@4', 'git@6']],
    ['flags before the command', 'FROM x\nRUN --mount=type=cache,target=/var/cache/apt \\\n    apt-get install -y curl', ['curl@3']],
    ['exec form', 'FROM x\nRUN ["apt-get", "install", "-y", "vim"]', ['vim@2']],
    ['exec form through sh -c', 'FROM x\nRUN ["/bin/sh", "-c", "apt-get install -y vim && apt install -y jq"]', ['vim@2', 'jq@2']],
    ['heredoc', 'FROM x\nRUN <<EOT\nset -e\napt-get install -y curl\nEOT', ['curl@4']],
    ['heredoc with bash', 'FROM x\nRUN <<EOT bash\napt-get install -y curl\nEOT', ['curl@3']],
    ['heredoc for python is not shell', 'FROM x\nRUN <<EOT python3\nimport os\nEOT', []],
    ['bash -c inside RUN', 'FROM x\nRUN bash -c "apt-get install -y curl"', ['curl@2']],
    ['ENV values expand in RUN', 'FROM x\nENV PKGS="curl git"\nRUN apt-get install -y $PKGS', ['curl@2', 'git@2']],
    ['ARG defaults expand in RUN', 'FROM x\nARG TOOL=jq\nRUN apt-get install -y ${TOOL}', ['jq@2']],
    ['shell variables do not leak between RUNs', 'FROM x\nRUN P=curl\nRUN apt-get install -y $P', []],
    ['ENV is inherited by child stages', 'FROM x AS a\nENV P=curl\nFROM a\nRUN apt-get install -y $P', ['curl@2']],
    ['escape directive', '# escape=`\nFROM x\nRUN apt-get install -y `\n    curl', ['curl@4']],
  ])('%s', (_name, text, expected) => {
    expect(pkgs(dockerfile(text))).toEqual(expected);
  });

  it('records the stage of each install', () => {
    const x = dockerfile('FROM ubuntu:24.04 AS build\nRUN apt-get install -y gcc\nFROM build\nRUN apt-get install -y make');
    expect(x.packages.map((p) => [p.name, p.stage])).toEqual([['gcc', 'build'], ['make', '1']]);
  });

  it('reports an ARG with no default as unresolved in RUN', () => {
    expect(rules(dockerfile('FROM x\nARG PKGS\nRUN apt-get install -y $PKGS'))).toEqual(['shell/unresolved-package-list@3']);
  });
});

describe('base images and root filesystems', () => {
  it.each([
    ['ubuntu image', 'FROM ubuntu:24.04', [['ubuntu:24.04', 'ubuntu']], ['dockerfile/debian-base-image@1']],
    ['debian with registry and platform', 'FROM --platform=linux/arm64 docker.io/library/debian:bookworm-slim', [['docker.io/library/debian:bookworm-slim', 'debian']], ['dockerfile/debian-base-image@1']],
    ['ARG in FROM', 'ARG V=22.04\nFROM ubuntu:${V} AS b', [['ubuntu:22.04', 'ubuntu']], ['dockerfile/debian-base-image@2']],
    ['ARG with no default', 'ARG BASE\nFROM ${BASE}', [['${BASE}', 'unknown']], ['dockerfile/unresolved-base-image@2']],
    ['alpine is fine', 'FROM alpine:3.20', [['alpine:3.20', 'alpine']], []],
    ['stage reference', 'FROM ubuntu:24.04 AS a\nFROM a', [['ubuntu:24.04', 'ubuntu'], ['a', 'stage']], ['dockerfile/debian-base-image@1']],
    ['ubuntu-base tarball', 'FROM scratch\nADD ubuntu-base-24.04.3-base-arm64.tar.gz /', [['scratch', 'scratch']], ['dockerfile/debian-rootfs-tarball@2']],
    ['tarball from a build arg', 'FROM scratch\nARG IMG\nADD ${IMG} /', [['scratch', 'scratch']], ['dockerfile/unresolved-rootfs@3']],
    ['DEBIAN_FRONTEND', 'FROM alpine\nENV DEBIAN_FRONTEND=noninteractive', [['alpine', 'alpine']], ['dockerfile/debian-frontend@2']],
  ])('%s', (_name, text, images, expectedRules) => {
    const x = dockerfile(text);
    expect(x.baseImages.map((b) => [b.image, b.distro])).toEqual(images);
    expect(rules(x)).toEqual(expectedRules);
  });
});

describe('bad Dockerfile input', () => {
  it.each([
    ['empty', ''],
    ['garbage', '\u0000\u0001 FROM RUN [[[ "'],
    ['RUN with nothing', 'FROM x\nRUN'],
    ['unterminated heredoc', 'FROM x\nRUN <<EOT\napt-get install -y curl'],
    ['ADD without destination', 'FROM scratch\nADD'],
  ])('%s does not throw', (_name, text) => {
    expect(() => dockerfile(text)).not.toThrow();
  });

  it('reports a broken exec form and reads it as shell, like Docker', () => {
    const x = dockerfile("FROM x\nRUN ['apt-get', 'install', 'vim']");
    expect(rules(x)).toContain('dockerfile/invalid-exec-form@2');
  });
});
