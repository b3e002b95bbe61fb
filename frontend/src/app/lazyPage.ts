import { createElement, lazy, type ComponentType } from 'react';

/** A page component whose code is its own chunk, loaded on first render or by preload. */
export type LazyPage = ComponentType & {
  /** Loads the page's code; a page loaded before it renders shows at once. */
  preload(): Promise<void>;
  /** Whether the page's code is here, so rendering it now shows it at once. */
  loaded(): boolean;
};

/**
 * lazyPage is React.lazy with a preload that makes the later render synchronous. React.lazy
 * alone suspends on its first render even when the chunk is already there, and React then
 * keeps the fallback on screen for up to 300 ms (its Suspense throttle): too slow for the
 * first screen, which main.tsx preloads before the first render for that reason.
 */
export function lazyPage(load: () => Promise<ComponentType>): LazyPage {
  let loaded: ComponentType | undefined;
  let loading: Promise<ComponentType> | undefined;
  const get = () =>
    (loading ??= load().then(
      (page) => (loaded = page),
      (err: unknown) => {
        loading = undefined; // a later render or preload tries again
        throw err;
      },
    ));
  const Lazy = lazy(() => get().then((page) => ({ default: page })));
  const Page = () => createElement(loaded ?? Lazy);
  return Object.assign(Page, { preload: () => get().then(() => undefined), loaded: () => loaded !== undefined });
}
