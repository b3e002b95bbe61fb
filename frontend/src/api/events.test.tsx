import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api, emitSyncChanged, emitWorkspaceChanged, subscriberCount } from '@/test/fakeApi';
import { makeIntegration, makeRow, makeRun, makeSnapshot } from '@/test/fixtures';
import { testQueryClient } from '@/test/render';
import { useStatus } from './queries';
import { useSyncEvents } from './events';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

function Probe() {
  useSyncEvents();
  const status = useStatus();
  const run = status.data?.integrations[0]?.latest_run;
  return <div data-testid="probe">{run ? `${run.status} ${run.progress_done}/${run.progress_total}` : 'none'}</div>;
}

const running = makeRun({ id: 7, status: 'running', progress_done: 10, progress_total: 100, finished_at: '' });

function setup(seq = 5) {
  vi.mocked(api.sync.status).mockResolvedValue(
    makeSnapshot({ seq, integrations: [makeRow({ integration: makeIntegration(), latest_run: running, busy: true })], recent: [running] }),
  );
  const client = testQueryClient();
  const utils = render(
    <QueryClientProvider client={client}>
      <Probe />
    </QueryClientProvider>,
  );
  return { client, ...utils };
}

describe('useSyncEvents', () => {
  it('refetches the status when a run changes state', async () => {
    setup();
    expect(await screen.findByText('running 10/100')).toBeInTheDocument();
    expect(api.sync.status).toHaveBeenCalledTimes(1);
    emitSyncChanged({ seq: 6, run: { ...running, status: 'succeeded' } });
    await waitFor(() => expect(api.sync.status).toHaveBeenCalledTimes(2));
  });

  it('patches progress in place without a refetch when no event was missed', async () => {
    setup();
    await screen.findByText('running 10/100');
    emitSyncChanged({ seq: 6, run: { ...running, progress_done: 55 } });
    expect(await screen.findByText('running 55/100')).toBeInTheDocument();
    expect(api.sync.status).toHaveBeenCalledTimes(1);
  });

  it('refetches the status after a gap in the sequence', async () => {
    setup();
    await screen.findByText('running 10/100');
    emitSyncChanged({ seq: 9, run: { ...running, progress_done: 20 } });
    await waitFor(() => expect(api.sync.status).toHaveBeenCalledTimes(2));
  });

  it('ignores events the snapshot already includes', async () => {
    setup(5);
    await screen.findByText('running 10/100');
    emitSyncChanged({ seq: 4, run: { ...running, progress_done: 3 } });
    expect(screen.getByText('running 10/100')).toBeInTheDocument();
    expect(api.sync.status).toHaveBeenCalledTimes(1);
  });

  it('re-reads everything when the workspace changes', async () => {
    setup();
    await screen.findByText('running 10/100');
    emitWorkspaceChanged(true);
    await waitFor(() => expect(api.sync.status).toHaveBeenCalledTimes(2));
  });

  it('unsubscribes on unmount', async () => {
    const { unmount } = setup();
    await screen.findByText('running 10/100');
    expect(subscriberCount()).toBe(2);
    unmount();
    expect(subscriberCount()).toBe(0);
  });
});
