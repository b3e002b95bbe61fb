import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeInfo } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { DemoBanner } from './DemoBanner';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const THREE = [
  { kind: 'connectwise', name: 'ConnectWise Manage' },
  { kind: 'autotask', name: 'Autotask' },
  { kind: 'halopsa', name: 'HaloPSA' },
];

function demoOn(kind: string, demo_psas = THREE) {
  return makeInfo({ demo: true, demo_psa: kind, demo_psas, secrets_store: 'memory' });
}

describe('Demo PSA choice', () => {
  it('offers the PSAs the build ships and shows the one the demo runs on', async () => {
    vi.mocked(api.workspace.info).mockResolvedValue(demoOn('connectwise', THREE.slice(0, 2)));
    const { user } = renderWithProviders(<DemoBanner />);
    const select = await screen.findByRole('combobox', { name: 'Demo PSA' });
    expect(select).toHaveTextContent('ConnectWise Manage');
    expect(screen.getByRole('region', { name: 'Demo workspace' })).toHaveTextContent(
      'simulated ConnectWise Manage, Pax8 and Microsoft Partner Center running on this computer',
    );
    await user.click(select);
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['ConnectWise Manage', 'Autotask']);
  });

  it('re-opens the demo on the chosen PSA and says so while it opens', async () => {
    vi.mocked(api.workspace.info).mockResolvedValue(demoOn('connectwise'));
    let open: (v: ReturnType<typeof demoOn>) => void = () => undefined;
    vi.mocked(api.workspace.useDemoPSA).mockImplementation(
      () => new Promise((resolve) => (open = resolve)),
    );
    const { user } = renderWithProviders(<DemoBanner />);
    await user.click(await screen.findByRole('combobox', { name: 'Demo PSA' }));
    await user.click(await screen.findByRole('option', { name: 'HaloPSA' }));
    expect(api.workspace.useDemoPSA).toHaveBeenCalledTimes(1);
    expect(api.workspace.useDemoPSA).toHaveBeenCalledWith('halopsa');
    expect(await screen.findByRole('status')).toHaveTextContent('Opening the demo on HaloPSA…');

    // The backend has switched: every query re-reads, the banner names the new PSA.
    vi.mocked(api.workspace.info).mockResolvedValue(demoOn('halopsa'));
    open(demoOn('halopsa'));
    const banner = screen.getByRole('region', { name: 'Demo workspace' });
    await waitFor(() => expect(banner).toHaveTextContent('simulated HaloPSA, Pax8 and Microsoft Partner Center'));
    expect(within(banner).getByRole('combobox', { name: 'Demo PSA' })).toHaveTextContent('HaloPSA');
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });

  it('does nothing when the open PSA is chosen again', async () => {
    vi.mocked(api.workspace.info).mockResolvedValue(demoOn('autotask'));
    const { user } = renderWithProviders(<DemoBanner />);
    await user.click(await screen.findByRole('combobox', { name: 'Demo PSA' }));
    await user.click(await screen.findByRole('option', { name: 'Autotask' }));
    expect(api.workspace.useDemoPSA).not.toHaveBeenCalled();
  });

  it('says why when the demo cannot open on that PSA, and stays where it was', async () => {
    vi.mocked(api.workspace.info).mockResolvedValue(demoOn('connectwise'));
    vi.mocked(api.workspace.useDemoPSA).mockRejectedValue(new Error('port 47310 for the Autotask simulator is taken'));
    const { user } = renderWithProviders(<DemoBanner />);
    await user.click(await screen.findByRole('combobox', { name: 'Demo PSA' }));
    await user.click(await screen.findByRole('option', { name: 'Autotask' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not open the demo on that PSA: port 47310 for the Autotask simulator is taken',
    );
    expect(screen.getByRole('combobox', { name: 'Demo PSA' })).toHaveTextContent('ConnectWise Manage');
  });
});
