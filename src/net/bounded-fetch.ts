/**
 * Every network call of the tool goes through here: a connect timeout (until the reply's headers
 * arrive), a total timeout (a server that trickles bytes is cut off), and a cap on the body's
 * size checked as it streams in, so a server that never answers, never stops or sends a bomb costs
 * bounded time and memory. Errors are one line and never carry the request's credentials.
 */
export class NetError extends Error {}

export interface Limits {
  /** Until the status line and headers arrive. */
  connectMs: number;
  /** Until the whole body has arrived. */
  totalMs: number;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: Limits = { connectMs: 30_000, totalMs: 300_000, maxBytes: 64 * 1024 * 1024 };

const mib = (n: number) => `${Math.round(n / 1024 / 102.4) / 10} MiB`;

/** Never print user:password@ from a URL. */
export function withoutCredentials(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/g, '//');
}

/** A fetch with the limits; the body is read here, so the returned Response holds it whole. */
export function boundedFetch(limits: Limits, fetchImpl: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const where = withoutCredentials(url);
    const controller = new AbortController();
    const outer = init?.signal;
    if (outer) outer.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
    let phase = 'connect';
    const connectTimer = setTimeout(() => controller.abort(new NetError(`${where}: no answer within ${limits.connectMs / 1000} s`)), limits.connectMs);
    const totalTimer = setTimeout(() => controller.abort(new NetError(`${where}: not complete within ${limits.totalMs / 1000} s`)), limits.totalMs);
    try {
      const res = await fetchImpl(input, { ...init, signal: controller.signal });
      clearTimeout(connectTimer);
      phase = 'body';
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        await res.body?.cancel();
        throw new NetError(`${where}: the reply declares ${mib(declared)}, more than the ${mib(limits.maxBytes)} accepted`);
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      if (res.body) {
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > limits.maxBytes) {
            await reader.cancel();
            throw new NetError(`${where}: the reply is larger than the ${mib(limits.maxBytes)} accepted`);
          }
          chunks.push(value);
        }
      }
      const bytes = Buffer.concat(chunks);
      return new Response(res.status === 204 || res.status === 304 ? null : bytes, { status: res.status, statusText: res.statusText, headers: res.headers });
    } catch (err) {
      if (err instanceof NetError) throw err;
      const reason = controller.signal.reason;
      if (reason instanceof NetError) throw reason;
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = withoutCredentials(String(cause?.code ?? cause?.message ?? (err as Error).message)).split('\n')[0];
      throw new NetError(`${where}: ${phase === 'connect' ? 'cannot connect' : 'the reply broke off'} (${why})`);
    } finally {
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
    }
  };
}

/** The body of `url` as bytes, within the limits; NetError for a failed status too. */
export async function fetchBytes(url: string, limits: Limits = DEFAULT_LIMITS): Promise<{ status: number; bytes: Buffer }> {
  const res = await boundedFetch(limits)(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}
