/** One library's way of making a registered UA for the many-UAs benchmark (bench/load/ua-worker.ts). */
export interface LoadUa {
  /** Settles once the UA is registered; rejects when the registrar refused it. */
  registered: Promise<void>;
  /** The library's UA object, held so that nothing but the benchmark decides its lifetime. */
  handle: unknown;
}

export interface LoadPeer {
  name: string;
  /** Start user `user` (e.g. `u17`) on `wsUrl`, registering with digest auth; `onMessage` fires on each MESSAGE it receives. */
  start(user: string, wsUrl: string, onMessage: () => void): LoadUa;
}

export const DOMAIN = 'example.test';
export const PASSWORD = 'secret';
