import { useEffect, useState } from 'react';
import type { LazyPage } from './lazyPage';

/**
 * How long the current page stays on screen while the next page's code loads. Past this the
 * next page renders anyway and its Suspense fallback shows (a slow disk or a lost chunk).
 */
export const PAGE_SWITCH_WAIT_MS = 250;

/**
 * useShownPage is the page to render for the page asked for: that page when its code is
 * here, else the page on screen until the code has loaded (at most PAGE_SWITCH_WAIT_MS).
 * Rendering a page whose code is not loaded shows the Suspense fallback, which React then
 * holds for at least 300 ms (its Suspense throttle) even when the chunk arrives in 20: a
 * click in the first seconds after launch, before the other pages' code is prefetched, took
 * about 0.3 s longer than it needs to.
 */
export function useShownPage<P extends string>(pages: Record<P, LazyPage>, page: P): P {
  const [shown, setShown] = useState(page);
  const ready = pages[page].loaded();
  useEffect(() => {
    if (ready) {
      setShown(page);
      return;
    }
    let live = true;
    const show = () => {
      if (live) setShown(page);
    };
    const timer = window.setTimeout(show, PAGE_SWITCH_WAIT_MS);
    // A failed load shows the page anyway: its Suspense boundary loads it again.
    pages[page].preload().then(show, show);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [pages, page, ready]);
  return ready ? page : shown;
}
