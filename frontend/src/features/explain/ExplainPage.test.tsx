import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ExplainEntry, ExplainResult } from '@/api';
import { useNavigation } from '@/app/navigation';
import { api } from '@/test/fakeApi';
import { renderWithProviders } from '@/test/render';
import { ExplainPage } from './ExplainPage';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

function entry(over: Partial<ExplainEntry>): ExplainEntry {
  return {
    side: 'psa',
    integration_id: 1,
    integration: 'ConnectWise',
    entity: 'accounts',
    id: 'c3',
    name: 'Quarry Lane Studios',
    account_name: 'Quarry Lane Studios',
    verdict: 'hidden',
    rule: 'account_type',
    reason: 'Company type is Prospect: change its type to a customer type in the PSA',
    fix: 'Change it in ConnectWise if it should bill, then sync ConnectWise',
    details: ['Its 1 service line (M365 Business Premium) makes no card while it is hidden'],
    ...over,
  };
}

function result(over: Partial<ExplainResult>): ExplainResult {
  return { query: { account: 'quarry', product: '' }, matched: ['Quarry Lane Studios'], ambiguous: false, candidates: [], entries: [], searched: ['ConnectWise', 'Pax8'], ...over };
}

/** Shows where the page navigated to. */
function NavProbe() {
  const nav = useNavigation();
  return <output data-testid="nav">{`${nav.page}|${nav.integrationId ?? ''}|${nav.mappingKind ?? ''}|${nav.query ?? ''}`}</output>;
}

function renderPage() {
  return renderWithProviders(
    <>
      <ExplainPage />
      <NavProbe />
    </>,
    { page: 'explain' },
  );
}

describe("Why isn't it showing?", () => {
  it('asks about an account and shows the rule, its details and the fix', async () => {
    vi.mocked(api.reconcile.explain).mockResolvedValue(
      result({ entries: [entry({ action: { kind: 'sync', label: 'Sync ConnectWise', integration_id: 1, integration: 'ConnectWise' } })] }),
    );
    const { user } = renderPage();
    await user.type(screen.getByLabelText('Account'), 'quarry{Enter}');
    const answer = await screen.findByRole('article', { name: 'Quarry Lane Studios' });
    expect(api.reconcile.explain).toHaveBeenCalledWith({ account: 'quarry', product: '' });
    expect(within(answer).getByText('Hidden')).toBeInTheDocument();
    expect(answer).toHaveTextContent('ConnectWise account (PSA)');
    expect(answer).toHaveTextContent('Company type is Prospect');
    expect(answer).toHaveTextContent('makes no card while it is hidden');
    expect(answer).toHaveTextContent('Fix: Change it in ConnectWise');
    await user.click(within(answer).getByRole('button', { name: 'Sync ConnectWise' }));
    expect(api.sync.start).toHaveBeenCalledWith({ integration_ids: [1], mode: 'quick', since: '' });
  });

  it('needs an account before it asks', async () => {
    const { user } = renderPage();
    await user.click(screen.getByRole('button', { name: 'Explain' }));
    expect(screen.getByLabelText('Account')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/Type part of the account name/)).toBeInTheDocument();
    expect(api.reconcile.explain).not.toHaveBeenCalled();
  });

  it('offers the cached names as type-ahead', async () => {
    vi.mocked(api.reconcile.explainNames).mockResolvedValue({ accounts: ['Acme Dental', 'Zulu Ltd'], products: ['Backup'] });
    renderPage();
    const input = screen.getByLabelText('Account');
    const list = document.getElementById(input.getAttribute('list')!)!;
    await waitFor(() => expect(list.querySelectorAll('option')).toHaveLength(2));
    expect(list.querySelector('option')).toHaveAttribute('value', 'Acme Dental');
  });

  it('lists the candidates when several accounts match, and asks again on a click', async () => {
    vi.mocked(api.reconcile.explain).mockResolvedValueOnce(
      result({ query: { account: 'acme', product: '' }, ambiguous: true, matched: [], candidates: ['Acme Dental', 'Acme Plumbing'] }),
    );
    vi.mocked(api.reconcile.explain).mockResolvedValueOnce(result({ query: { account: 'Acme Plumbing', product: '' }, entries: [entry({ name: 'Acme Plumbing' })] }));
    const { user } = renderPage();
    await user.type(screen.getByLabelText('Account'), 'acme{Enter}');
    expect(await screen.findByText('“acme” matches several accounts')).toBeInTheDocument();
    await user.click(within(screen.getByRole('list', { name: 'Accounts to try' })).getByRole('button', { name: 'Acme Plumbing' }));
    expect(await screen.findByRole('article', { name: 'Acme Plumbing' })).toBeInTheDocument();
    expect(api.reconcile.explain).toHaveBeenLastCalledWith({ account: 'Acme Plumbing', product: '' });
    expect(screen.getByLabelText('Account')).toHaveValue('Acme Plumbing');
  });

  it('asks about a product alone, and lists the accounts that have it to choose from', async () => {
    vi.mocked(api.reconcile.explain).mockResolvedValueOnce(
      result({ query: { account: '', product: 'Copilot' }, ambiguous: true, matched: [], candidates: ['Acme Dental', 'Zulu Ltd'] }),
    );
    vi.mocked(api.reconcile.explain).mockResolvedValueOnce(result({ query: { account: 'Zulu Ltd', product: 'Copilot' }, entries: [entry({ name: 'Zulu Ltd' })] }));
    const { user } = renderPage();
    await user.type(screen.getByLabelText('Product'), 'Copilot{Enter}');
    expect(api.reconcile.explain).toHaveBeenCalledWith({ account: '', product: 'Copilot' });
    expect(await screen.findByText('“Copilot” is on 2 accounts')).toBeInTheDocument();
    await user.click(within(screen.getByRole('list', { name: 'Accounts to try' })).getByRole('button', { name: 'Zulu Ltd' }));
    expect(await screen.findByRole('article', { name: 'Zulu Ltd' })).toBeInTheDocument();
    expect(api.reconcile.explain).toHaveBeenLastCalledWith({ account: 'Zulu Ltd', product: 'Copilot' });
  });

  it('says what it searched when nothing matches', async () => {
    vi.mocked(api.reconcile.explain).mockResolvedValue(result({ query: { account: 'nobody', product: '' }, matched: [] }));
    const { user } = renderPage();
    await user.type(screen.getByLabelText('Account'), 'nobody{Enter}');
    expect(await screen.findByText('No account is named like “nobody”')).toBeInTheDocument();
    expect(screen.getByText(/Searched the cached data of ConnectWise, Pax8/)).toBeInTheDocument();
  });

  it('opens Mapping at an unmapped vendor account', async () => {
    vi.mocked(api.reconcile.explain).mockResolvedValue(
      result({
        entries: [
          entry({
            side: 'vendor',
            integration_id: 2,
            integration: 'Pax8',
            id: 'v3',
            name: 'Zulu Ltd',
            rule: 'vendor_account_unmapped',
            reason: 'Vendor account Zulu Ltd is not mapped to a PSA account',
            action: { kind: 'open_mapping', label: 'Open in Mapping', integration_id: 2, integration: 'Pax8', mapping_kind: 'account', vendor_id: 'v3' },
          }),
        ],
      }),
    );
    const { user } = renderPage();
    await user.type(screen.getByLabelText('Account'), 'zulu{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Open in Mapping' }));
    expect(screen.getByTestId('nav')).toHaveTextContent('mapping|2|account|Zulu Ltd');
  });

  it('confirms a Full Sync before it starts one', async () => {
    vi.mocked(api.reconcile.explain).mockResolvedValue(
      result({
        entries: [
          entry({
            verdict: 'card',
            rule: 'sync_stale',
            card_id: '0a1b2c3d4e5f6789',
            card_state: 'new_revenue',
            reason: 'Makes the card Acme / M365, New Revenue: the vendor counts 5 and the PSA bills no line for it',
            fix: 'Last PSA sync was before this change at the source: run a Full Sync',
            action: { kind: 'sync', label: 'Run a Full Sync of ConnectWise', integration_id: 1, integration: 'ConnectWise', full: true },
          }),
        ],
      }),
    );
    const { user } = renderPage();
    await user.type(screen.getByLabelText('Account'), 'acme{Enter}');
    const answer = await screen.findByRole('article');
    expect(within(answer).getByText('Makes a card')).toBeInTheDocument();
    expect(answer).toHaveTextContent('New Revenue card 0a1b2c3d4e5f6789');
    await user.click(within(answer).getByRole('button', { name: 'Run a Full Sync of ConnectWise' }));
    expect(api.sync.start).not.toHaveBeenCalled();
    await user.click(await screen.findByRole('button', { name: 'Start Full Sync' }));
    expect(api.sync.start).toHaveBeenCalledWith({ integration_ids: [1], mode: 'full', since: '' });
  });
});
