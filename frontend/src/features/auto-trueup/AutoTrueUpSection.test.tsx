import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeAutoItem, makeAutoRun, makeAutoSettings } from '@/test/autoTrueUpFixtures';
import { renderWithProviders } from '@/test/render';
import { SettingsPage } from '@/features/settings/SettingsPage';
import { AutoTrueUpSection } from './AutoTrueUpSection';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

async function panel(name: string) {
  const panels = await screen.findAllByTestId('auto-integration');
  const p = panels.find((el) => within(el).queryByRole('heading', { name }));
  if (!p) throw new Error(`no panel ${name}`);
  return within(p);
}

describe('Settings > Automatic true-up', () => {
  it('is on the Settings page, one panel per vendor integration', async () => {
    vi.mocked(api.autoTrueUp.list).mockResolvedValue([
      makeAutoSettings(),
      makeAutoSettings({ integration_id: 3, integration: 'Microsoft' }),
    ]);
    renderWithProviders(<SettingsPage />);
    expect(await screen.findByRole('heading', { name: 'Automatic true-up' })).toBeInTheDocument();
    expect(await screen.findAllByTestId('auto-integration')).toHaveLength(2);
    expect((await panel('Pax8')).getByText('Off')).toBeInTheDocument();
  });

  it("shows the focused vendor's panel first: scrolled to, its heading focused", async () => {
    vi.mocked(api.autoTrueUp.list).mockResolvedValue([
      makeAutoSettings(),
      makeAutoSettings({ integration_id: 3, integration: 'Microsoft' }),
    ]);
    const scrolled: string[] = [];
    const spy = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
      scrolled.push(this.querySelector('h3')?.textContent ?? this.tagName);
    });
    renderWithProviders(<AutoTrueUpSection focus="Microsoft" />);
    const heading = await screen.findByRole('heading', { name: 'Microsoft' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(scrolled).toEqual(['Microsoft']);
    spy.mockRestore();
  });

  it('turns it on with the billing style chosen', async () => {
    vi.mocked(api.autoTrueUp.list).mockResolvedValue([makeAutoSettings()]);
    const user = userEvent.setup();
    renderWithProviders(<AutoTrueUpSection />);
    const p = await panel('Pax8');
    await user.click(p.getByRole('radio', { name: 'In arrears' }));
    await user.click(p.getByRole('button', { name: 'Turn on' }));
    await waitFor(() =>
      expect(api.autoTrueUp.enable).toHaveBeenCalledWith({ integration_id: 2, billing_style: 'arrears', prorate: false }),
    );
  });

  it('refuses arrears with proration before asking Go', async () => {
    vi.mocked(api.autoTrueUp.list).mockResolvedValue([makeAutoSettings()]);
    const user = userEvent.setup();
    renderWithProviders(<AutoTrueUpSection />);
    const p = await panel('Pax8');
    await user.click(p.getByRole('radio', { name: 'In arrears' }));
    await user.click(p.getByRole('checkbox', { name: 'Prorate' }));
    expect(p.getByText(/in arrears with proration is not supported/)).toBeInTheDocument();
    expect(p.getByRole('button', { name: 'Turn on' })).toBeDisabled();
  });

  it('shows the dry run plan and approves it', async () => {
    const plan = makeAutoRun({
      items: [
        makeAutoItem(),
        makeAutoItem({
          card_id: 'large1',
          account_name: 'Bayside Veterinary Clinic',
          action: 'waiting',
          quantity: '',
          effective_date: '',
          writes: [],
          reason: 'large change (10 -> 12): it waits as a card for a person to approve',
        }),
      ],
    });
    vi.mocked(api.autoTrueUp.list).mockResolvedValue([makeAutoSettings({ enabled: true, plan })]);
    vi.mocked(api.autoTrueUp.approvePlan).mockResolvedValue(
      makeAutoRun({ dry_run: false, pushed: 1, note: '1 change pushed, 1 waits as a card' }),
    );
    const user = userEvent.setup();
    renderWithProviders(<AutoTrueUpSection />);
    const p = await panel('Pax8');
    expect(p.getByText('On: dry run waiting for approval')).toBeInTheDocument();
    const rows = p.getAllByTestId('auto-item');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('Decrease')).toBeInTheDocument();
    expect(within(rows[0]!).getByText(/quantity 42 -> 41, effective 2026-12-01/)).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Waits as a card')).toBeInTheDocument();
    await user.click(p.getByRole('button', { name: 'Approve and push this plan' }));
    await waitFor(() => expect(api.autoTrueUp.approvePlan).toHaveBeenCalledWith(2));
    expect(await screen.findByText('Approved: 1 change pushed, 1 waits as a card.')).toBeInTheDocument();
  });

  it('offers the agreements of a customer whose new line waits for one, and plans again after the choice', async () => {
    const plan = makeAutoRun({
      items: [
        makeAutoItem({
          card_id: 'several1',
          account_name: 'Ironwood Manufacturing',
          product_name: 'M365 Copilot',
          action: 'waiting',
          quantity: '',
          effective_date: '',
          writes: [],
          reason: 'Ironwood Manufacturing has 2 current agreements: choose the one for new lines',
          agreement_options: [
            { id: '1017', name: 'Managed Services', prorates: false },
            { id: '1018', name: 'Cloud Licensing', prorates: true },
          ],
        }),
        makeAutoItem(),
      ],
    });
    vi.mocked(api.autoTrueUp.list).mockResolvedValue([makeAutoSettings({ enabled: true, plan })]);
    const user = userEvent.setup();
    renderWithProviders(<AutoTrueUpSection />);
    const p = await panel('Pax8');
    const rows = p.getAllByTestId('auto-item');
    expect(within(rows[1]!).queryByRole('button', { name: 'Use for new lines' })).not.toBeInTheDocument();
    const use = within(rows[0]!).getByRole('button', { name: 'Use for new lines' });
    expect(use).toBeDisabled();
    await user.click(within(rows[0]!).getByRole('combobox', { name: 'Agreement for new lines of Ironwood Manufacturing' }));
    await user.click(await screen.findByRole('option', { name: 'Cloud Licensing' }));
    await user.click(use);
    await waitFor(() => expect(api.autoTrueUp.setAgreement).toHaveBeenCalledWith(2, 'Ironwood Manufacturing', '1018'));
    await waitFor(() => expect(api.autoTrueUp.dryRun).toHaveBeenCalledWith(2, ''));
    expect(await screen.findByText('New lines for Ironwood Manufacturing go on the chosen agreement.')).toBeInTheDocument();
  });

  it('runs now for one customer once the dry run is approved, and shows the last run', async () => {
    vi.mocked(api.autoTrueUp.list).mockResolvedValue([
      makeAutoSettings({
        enabled: true,
        dry_run_approved: true,
        last_run: makeAutoRun({ dry_run: false, pushed: 1, note: '1 change pushed, 53 cards match' }),
      }),
    ]);
    const user = userEvent.setup();
    renderWithProviders(<AutoTrueUpSection />);
    const p = await panel('Pax8');
    expect(p.getByText('1 change pushed, 53 cards match')).toBeInTheDocument();
    expect(p.queryByRole('button', { name: 'Approve and push this plan' })).not.toBeInTheDocument();
    await user.type(p.getByLabelText('Customer'), 'Blue Harbor Logistics');
    await user.click(p.getByRole('button', { name: 'Run now' }));
    await waitFor(() => expect(api.autoTrueUp.runNow).toHaveBeenCalledWith(2, 'Blue Harbor Logistics'));
    expect(api.autoTrueUp.dryRun).not.toHaveBeenCalled();
  });

  it('says why a stored arrears-with-proration style is refused', async () => {
    vi.mocked(api.autoTrueUp.list).mockResolvedValue([
      makeAutoSettings({ enabled: true, billing_style: 'arrears', prorate: true, refusal: 'billing in arrears with proration is not supported by the automatic true-up: reason' }),
    ]);
    renderWithProviders(<AutoTrueUpSection />);
    const p = await panel('Pax8');
    expect(p.getByText(/: reason$/)).toBeInTheDocument();
  });
});
