import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { SETTLE_MS, startupViewOf, useStartupViewCapture } from './startupView';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

describe('startupViewOf', () => {
  it('keeps what the screen shows, without typed values or the parts marked out', () => {
    const root = document.createElement('div');
    root.innerHTML =
      '<h1>Sync Status</h1><input type="search" value="acme"><input type="password" value="s3cret">' +
      '<textarea>draft</textarea><div data-no-startup-view>live only</div><p>ConnectWise</p>';
    const html = startupViewOf(root);
    expect(html).toContain('<h1>Sync Status</h1>');
    expect(html).toContain('<p>ConnectWise</p>');
    expect(html).not.toContain('acme');
    expect(html).not.toContain('s3cret');
    expect(html).not.toContain('draft');
    expect(html).not.toContain('live only');
    // The screen itself is untouched.
    expect(root.querySelector('input')!.getAttribute('value')).toBe('acme');
  });
});

function Screen({ ready, version, dialog = false }: { ready: boolean; version: number; dialog?: boolean }) {
  useStartupViewCapture(ready, version);
  return (
    <>
      <p>rows v{version}</p>
      {dialog && <div role="dialog">Run log</div>}
    </>
  );
}

describe('useStartupViewCapture', () => {
  let root: HTMLDivElement;
  beforeEach(() => {
    vi.useFakeTimers();
    root = document.createElement('div');
    root.id = 'root';
    document.body.appendChild(root);
  });
  afterEach(() => {
    vi.useRealTimers();
    root.remove();
  });

  it('saves the screen once it has settled, again after a change, never while not ready or behind a dialog', () => {
    const save = vi.mocked(api.workspace.saveStartupView);
    save.mockClear();
    const { rerender } = render(<Screen ready={false} version={1} />, { container: root });
    act(() => void vi.advanceTimersByTime(SETTLE_MS * 2));
    expect(save).not.toHaveBeenCalled();

    rerender(<Screen ready version={1} />);
    act(() => void vi.advanceTimersByTime(SETTLE_MS - 100));
    expect(save).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(200));
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]![0]).toContain('rows v1');

    // New data: saved again once settled.
    rerender(<Screen ready version={2} />);
    act(() => void vi.advanceTimersByTime(SETTLE_MS + 10));
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1]![0]).toContain('rows v2');

    rerender(<Screen ready version={3} dialog />);
    act(() => void vi.advanceTimersByTime(SETTLE_MS * 2));
    expect(save).toHaveBeenCalledTimes(2);
  });
});
