import { act, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyPage, type LazyPage } from './lazyPage';
import { PAGE_SWITCH_WAIT_MS, useShownPage } from './useShownPage';

type P = 'first' | 'second';

function Shell({ pages, page }: { pages: Record<P, LazyPage>; page: P }) {
  const shown = useShownPage(pages, page);
  const Current = pages[shown];
  return (
    <Suspense fallback={<p>Loading…</p>}>
      <Current />
    </Suspense>
  );
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((ok) => (resolve = ok));
  return { promise, resolve };
}

const First = () => <h1>First</h1>;
const Second = () => <h1>Second</h1>;

afterEach(() => vi.useRealTimers());

describe('useShownPage', () => {
  it('keeps the current page on screen until the next page has loaded, never showing the fallback', async () => {
    const chunk = deferred<typeof Second>();
    const pages = { first: lazyPage(() => Promise.resolve(First)), second: lazyPage(() => chunk.promise) };
    await pages.first.preload();
    const { rerender } = render(<Shell pages={pages} page="first" />);
    rerender(<Shell pages={pages} page="second" />);
    expect(screen.getByRole('heading', { name: 'First' })).toBeInTheDocument();
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument();
    await act(async () => chunk.resolve(Second));
    expect(screen.getByRole('heading', { name: 'Second' })).toBeInTheDocument();
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument();
  });

  it('switches at once to a page whose code is already here', async () => {
    const pages = { first: lazyPage(() => Promise.resolve(First)), second: lazyPage(() => Promise.resolve(Second)) };
    await pages.first.preload();
    await pages.second.preload();
    const { rerender } = render(<Shell pages={pages} page="first" />);
    rerender(<Shell pages={pages} page="second" />);
    expect(screen.getByRole('heading', { name: 'Second' })).toBeInTheDocument();
  });

  it('shows the next page with its fallback when its code takes too long', async () => {
    vi.useFakeTimers();
    const pages = { first: lazyPage(() => Promise.resolve(First)), second: lazyPage(() => new Promise<typeof Second>(() => {})) };
    await pages.first.preload();
    const { rerender } = render(<Shell pages={pages} page="first" />);
    rerender(<Shell pages={pages} page="second" />);
    expect(screen.getByRole('heading', { name: 'First' })).toBeInTheDocument();
    await act(async () => vi.advanceTimersByTime(PAGE_SWITCH_WAIT_MS));
    expect(screen.queryByRole('heading', { name: 'First' })).not.toBeInTheDocument();
    expect(screen.getByText('Loading…')).toBeInTheDocument();
  });
});
