import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/errors';
import { api } from '@/test/fakeApi';
import { makeInfo, makeIntegration, makeKind } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { MOVE_WARNING } from './EditIntegrationDialog';
import { IntegrationsPage } from './IntegrationsPage';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const cwKind = makeKind();
const paxKind = makeKind({
  kind: 'pax8',
  label: 'Pax8',
  role: 'vendor',
  default_base_url: 'https://api.pax8.com',
  base_url_help: '',
  settings: [],
  secrets: [
    { key: 'client_id', label: 'Client ID', help: '', required: true, placeholder: '', managed: false },
    { key: 'client_secret', label: 'Client secret', help: '', required: true, placeholder: '', managed: false },
  ],
  change_filter: false,
  default_concurrency: 2,
});

async function openAddFor(user: ReturnType<typeof import('@testing-library/user-event').default.setup>, label: string) {
  await user.click(await screen.findByRole('button', { name: 'Add integration' }));
  const dialog = await screen.findByRole('dialog', { name: 'Add integration' });
  await user.click(await within(dialog).findByRole('button', { name: new RegExp(label) }));
  return screen.getByRole('dialog');
}

describe('Integrations page', () => {
  it('offers Add integration and the demo workspace when the own workspace is empty', async () => {
    vi.mocked(api.workspace.info).mockResolvedValue(makeInfo({ demo: false, has_own_integrations: false }));
    const { user } = renderWithProviders(<IntegrationsPage />);
    expect(await screen.findByText('No integrations yet')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Open the demo workspace' }));
    expect(api.workspace.useDemo).toHaveBeenCalledTimes(1);
  });

  it('lists integrations with their credential state', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind, paxKind]);
    vi.mocked(api.integrations.list).mockResolvedValue([
      makeIntegration({ id: 1, name: 'ConnectWise', settings: { company_id: 'acme' } }),
      makeIntegration({ id: 2, name: 'Pax8', kind: 'pax8', kind_label: 'Pax8', role: 'vendor', secrets_set: false, settings: {} }),
    ]);
    renderWithProviders(<IntegrationsPage />);
    const cw = within(await screen.findByRole('article', { name: 'ConnectWise' }));
    expect(await cw.findByText('Credentials stored in the OS keychain')).toBeInTheDocument();
    expect(cw.getByText('https://api-na.myconnectwise.net')).toBeInTheDocument();
    expect(await cw.findByText('Company ID')).toBeInTheDocument();
    expect(cw.getByText('acme')).toBeInTheDocument();
    const pax = within(screen.getByRole('article', { name: 'Pax8' }));
    expect(pax.getByText('Credentials missing')).toBeInTheDocument();
  });

  it('add dialog renders the kind fields and submits the input shape', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind, paxKind]);
    const { user } = renderWithProviders(<IntegrationsPage />);
    const dialog = await openAddFor(user, 'ConnectWise Manage');
    const d = within(dialog);
    expect(d.getByRole('heading', { name: 'Add ConnectWise Manage' })).toBeInTheDocument();
    expect(d.getByLabelText(/Base URL/)).toHaveValue('https://api-na.myconnectwise.net');
    expect(d.getByText('Your ConnectWise cloud region or on-premises server.')).toBeInTheDocument();
    expect(d.getByLabelText(/Requests in flight/)).toHaveValue(4);
    const publicKey = d.getByLabelText(/^Public key/);
    expect(publicKey).toHaveAttribute('type', 'password');
    await user.click(d.getByRole('button', { name: 'Show Public key' }));
    expect(publicKey).toHaveAttribute('type', 'text');

    await user.type(d.getByLabelText(/^Name/), 'CW Production');
    await user.type(d.getByLabelText(/Company ID/), 'acme');
    await user.type(publicKey, 'pub-123');
    await user.type(d.getByLabelText(/^Private key/), 'priv-456');
    await user.clear(d.getByLabelText(/Requests in flight/));
    await user.type(d.getByLabelText(/Requests in flight/), '2');
    await user.click(d.getByRole('button', { name: 'Add integration' }));

    expect(api.integrations.add).toHaveBeenCalledWith({
      kind: 'connectwise',
      name: 'CW Production',
      base_url: 'https://api-na.myconnectwise.net',
      settings: { company_id: 'acme' },
      concurrency: 2,
      secrets: { public_key: 'pub-123', private_key: 'priv-456' },
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('add dialog of a file import asks no base URL and no credentials', async () => {
    const csvKind = makeKind({
      kind: 'csv',
      label: 'File import (CSV/XLSX)',
      role: 'vendor',
      default_base_url: '',
      base_url_help: '',
      settings: [
        { key: 'profile', label: 'Profile', help: '', required: false, placeholder: 'generic', managed: false },
        { key: 'file_rows', label: 'Rows imported', help: '', required: false, placeholder: '', managed: true },
      ],
      secrets: [],
      default_concurrency: 1,
      no_server: true,
      no_secret: true,
    });
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind, csvKind]);
    vi.mocked(api.integrations.add).mockResolvedValue(makeIntegration({ id: 9, name: 'Dicker', kind: 'csv' }));
    vi.mocked(api.integrations.list).mockResolvedValue([]);
    const { user } = renderWithProviders(<IntegrationsPage />);
    const d = within(await openAddFor(user, 'File import'));
    expect(d.queryByLabelText(/Base URL/)).not.toBeInTheDocument();
    expect(d.queryByText('Credentials')).not.toBeInTheDocument();
    expect(d.queryByLabelText(/Requests in flight/)).not.toBeInTheDocument();
    expect(d.queryByLabelText(/Rows imported/)).not.toBeInTheDocument();
    await user.type(d.getByLabelText(/^Name/), 'Dicker');
    await user.type(d.getByLabelText(/^Profile/), 'dicker');
    await user.click(d.getByRole('button', { name: 'Add integration' }));
    await waitFor(() => expect(api.integrations.add).toHaveBeenCalledTimes(1));
    expect(vi.mocked(api.integrations.add).mock.calls[0]?.[0]).toMatchObject({ kind: 'csv', name: 'Dicker', base_url: '', settings: { profile: 'dicker' } });
    expect(await screen.findByText(/Import a file into it from Sync Status/)).toBeInTheDocument();
  });

  it('shows a backend validation error inline and keeps the dialog open', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind, paxKind]);
    vi.mocked(api.integrations.add).mockRejectedValue(new ApiError('base URL must use https', 'validation'));
    const { user } = renderWithProviders(<IntegrationsPage />);
    const dialog = await openAddFor(user, 'Pax8');
    const d = within(dialog);
    expect(d.getByLabelText(/^Client secret/)).toHaveAttribute('type', 'password');
    expect(d.queryByLabelText(/Company ID/)).not.toBeInTheDocument();
    await user.type(d.getByLabelText(/^Name/), 'Pax8');
    await user.type(d.getByLabelText(/^Client ID/), 'id');
    await user.type(d.getByLabelText(/^Client secret/), 'secret');
    await user.click(d.getByRole('button', { name: 'Add integration' }));
    expect(await d.findByRole('alert')).toHaveTextContent('base URL must use https');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('shows the error the backend names next to its field, marked and focused', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind, paxKind]);
    vi.mocked(api.integrations.add).mockRejectedValue(new ApiError('base URL must use https', 'validation', 'base_url'));
    const { user } = renderWithProviders(<IntegrationsPage />);
    const d = within(await openAddFor(user, 'Pax8'));
    await user.type(d.getByLabelText(/^Name/), 'Pax8');
    await user.type(d.getByLabelText(/^Client ID/), 'id');
    await user.type(d.getByLabelText(/^Client secret/), 'secret');
    await user.click(d.getByRole('button', { name: 'Add integration' }));
    const baseURL = d.getByLabelText(/^Base URL/);
    await waitFor(() => expect(baseURL).toHaveAttribute('aria-invalid', 'true'));
    expect(baseURL).toHaveAccessibleDescription(/base URL must use https/);
    expect(baseURL).toHaveFocus();
    expect(d.getByLabelText(/^Name/)).not.toHaveAttribute('aria-invalid');
    expect(d.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows every problem at once, each next to its field, before asking the backend', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind, paxKind]);
    const { user } = renderWithProviders(<IntegrationsPage />);
    const d = within(await openAddFor(user, 'ConnectWise Manage'));
    await user.clear(d.getByLabelText(/^Base URL/));
    await user.click(d.getByRole('button', { name: 'Add integration' }));
    expect(api.integrations.add).not.toHaveBeenCalled();
    const expected: [RegExp, string][] = [
      [/^Name/, 'Enter a name for this integration.'],
      [/^Base URL/, 'Enter the base URL of the API.'],
      [/^Company ID/, 'Enter the Company ID.'],
      [/^Public key/, 'Enter the Public key.'],
      [/^Private key/, 'Enter the Private key.'],
    ];
    for (const [label, message] of expected) {
      const input = d.getByLabelText(label);
      expect(input).toHaveAttribute('aria-invalid', 'true');
      expect(input).toHaveAccessibleDescription(new RegExp(message.replace('.', '\\.')));
    }
    expect(d.getByLabelText(/^Name/)).toHaveFocus();
    // Fixing a field clears its error only.
    await user.type(d.getByLabelText(/^Name/), 'CW');
    expect(d.getByLabelText(/^Name/)).not.toHaveAttribute('aria-invalid');
    expect(d.getByLabelText(/^Company ID/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('keeps the buttons below the scrolling form and marks placeholders as examples', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind, paxKind]);
    const { user } = renderWithProviders(<IntegrationsPage />);
    const dialog = await openAddFor(user, 'ConnectWise Manage');
    const add = within(dialog).getByRole('button', { name: 'Add integration' });
    expect(add.closest('.dialog__footer')).not.toBeNull();
    expect(add.closest('.dialog__body')).toBeNull();
    expect(within(dialog).getByLabelText(/^Company ID/)).toHaveAttribute('placeholder', 'e.g. acme');
    expect(within(dialog).getByLabelText(/^Name/)).toHaveAttribute('placeholder', 'e.g. ConnectWise Manage production');
  });

  it('never puts secrets into the query or mutation caches', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind]);
    const { user, client } = renderWithProviders(<IntegrationsPage />);
    const d = within(await openAddFor(user, 'ConnectWise Manage'));
    await user.type(d.getByLabelText(/^Name/), 'CW');
    await user.type(d.getByLabelText(/Company ID/), 'acme');
    await user.type(d.getByLabelText(/^Public key/), 'TOPSECRET-PUB');
    await user.type(d.getByLabelText(/^Private key/), 'TOPSECRET-PRIV');
    await user.click(d.getByRole('button', { name: 'Add integration' }));
    await waitFor(() => expect(api.integrations.add).toHaveBeenCalled());
    const queries = JSON.stringify(client.getQueryCache().getAll().map((q) => q.state.data));
    const mutations = JSON.stringify(client.getMutationCache().getAll().map((m) => m.state.variables));
    expect(queries).not.toContain('TOPSECRET');
    expect(mutations).not.toContain('TOPSECRET');
  });

  it('asks for confirmation before deleting and explains what is removed', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind]);
    vi.mocked(api.integrations.list).mockResolvedValue([makeIntegration({ id: 3, name: 'ConnectWise' })]);
    const { user } = renderWithProviders(<IntegrationsPage />);
    await user.click(await screen.findByRole('button', { name: 'Delete ConnectWise' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete ConnectWise?' });
    expect(dialog).toHaveTextContent('its credentials (secrets) in the OS keychain');
    expect(dialog).toHaveTextContent('cached data');
    expect(dialog).toHaveTextContent('sync history');
    expect(dialog).toHaveTextContent('Other integrations are untouched');
    expect(api.integrations.remove).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Delete integration' }));
    expect(api.integrations.remove).toHaveBeenCalledWith(3);
  });

  it('tests the connection and shows the result with its duration', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind]);
    vi.mocked(api.integrations.list).mockResolvedValue([makeIntegration({ id: 4, name: 'ConnectWise' })]);
    vi.mocked(api.integrations.test).mockResolvedValue({ ok: false, message: 'API member is inactive', duration_ms: 310 });
    const { user } = renderWithProviders(<IntegrationsPage />);
    await user.click(await screen.findByRole('button', { name: 'Test connection' }));
    const result = await screen.findByText('API member is inactive');
    expect(result.closest('p')).toHaveAttribute('data-ok', 'false');
    expect(result.closest('p')).toHaveTextContent('310 ms');
    expect(api.integrations.test).toHaveBeenCalledWith(4);
  });

  it('resets credentials with only the new secrets', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind]);
    vi.mocked(api.integrations.list).mockResolvedValue([makeIntegration({ id: 5, name: 'ConnectWise' })]);
    const { user } = renderWithProviders(<IntegrationsPage />);
    const card = within(await screen.findByRole('article', { name: 'ConnectWise' }));
    await waitFor(() => expect(card.getByRole('button', { name: 'Reset credentials' })).toBeEnabled());
    await user.click(card.getByRole('button', { name: 'Reset credentials' }));
    const d = within(await screen.findByRole('dialog'));
    await user.type(d.getByLabelText(/^Private key/), 'new-private');
    await user.click(d.getByRole('button', { name: 'Store credentials' }));
    expect(api.integrations.setSecrets).toHaveBeenCalledWith(5, { private_key: 'new-private' });
  });

  it('edits without sending secrets', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind]);
    const existing = makeIntegration({ id: 6, name: 'ConnectWise' });
    vi.mocked(api.integrations.list).mockResolvedValue([existing]);
    vi.mocked(api.integrations.update).mockResolvedValue({ ...existing, name: 'CW' });
    const { user } = renderWithProviders(<IntegrationsPage />);
    const card = within(await screen.findByRole('article', { name: 'ConnectWise' }));
    await waitFor(() => expect(card.getByRole('button', { name: 'Edit' })).toBeEnabled());
    await user.click(card.getByRole('button', { name: 'Edit' }));
    const d = within(await screen.findByRole('dialog'));
    expect(d.queryByLabelText(/^Private key/)).not.toBeInTheDocument();
    await user.clear(d.getByLabelText(/^Name/));
    await user.type(d.getByLabelText(/^Name/), 'CW');
    await user.click(d.getByRole('button', { name: 'Save changes' }));
    expect(api.integrations.update).toHaveBeenCalledWith(6, expect.objectContaining({ name: 'CW', secrets: {}, concurrency: 4 }));
  });

  it('says what is true where credentials live in memory (the demo workspace)', async () => {
    const note = 'Demo credentials are kept in memory and are gone when TrueUp closes.';
    vi.mocked(api.workspace.info).mockResolvedValue(makeInfo({ demo: true, secrets_store: 'memory', secrets_note: note }));
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind, paxKind]);
    vi.mocked(api.integrations.list).mockResolvedValue([makeIntegration({ id: 7, name: 'ConnectWise' })]);
    const { user } = renderWithProviders(<IntegrationsPage />);
    const card = within(await screen.findByRole('article', { name: 'ConnectWise' }));
    expect(await card.findByText('Credentials kept in memory only, gone when TrueUp closes')).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`Your PSA and vendor connections\\. ${note.replace(/\./g, '\\.')} TrueUp keeps`))).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('OS keychain');

    await user.click(card.getByRole('button', { name: 'Reset credentials' }));
    const reset = await screen.findByRole('dialog', { name: 'Reset credentials of ConnectWise' });
    expect(reset).toHaveTextContent(note);
    expect(reset).not.toHaveTextContent('OS keychain');
    await user.click(within(reset).getByRole('button', { name: 'Cancel' }));

    await user.click(card.getByRole('button', { name: 'Delete ConnectWise' }));
    const remove = await screen.findByRole('dialog', { name: 'Delete ConnectWise?' });
    expect(remove).toHaveTextContent('its credentials (secrets) kept in memory only, gone when TrueUp closes,');
    expect(remove).not.toHaveTextContent('OS keychain');
    await user.click(within(remove).getByRole('button', { name: 'Cancel' }));

    const add = await openAddFor(user, 'Pax8');
    expect(add).toHaveTextContent(note);
    expect(add).not.toHaveTextContent('OS keychain');
  });

  it('words the empty own workspace from where its credentials live', async () => {
    vi.mocked(api.workspace.info).mockResolvedValue(
      makeInfo({ has_own_integrations: false, secrets_store: 'memory', secrets_note: 'This development build keeps credentials in memory: they are gone when TrueUp closes.' }),
    );
    renderWithProviders(<IntegrationsPage />);
    expect(
      await screen.findByText(/keeps their data on this computer and their credentials kept in memory only, gone when TrueUp closes\./),
    ).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('OS keychain');
  });

  it('says the credentials are in the OS keychain in the own workspace', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind]);
    vi.mocked(api.integrations.list).mockResolvedValue([makeIntegration({ id: 8, name: 'ConnectWise' })]);
    const { user } = renderWithProviders(<IntegrationsPage />);
    const card = within(await screen.findByRole('article', { name: 'ConnectWise' }));
    expect(await card.findByText('Credentials stored in the OS keychain')).toBeInTheDocument();
    expect(screen.getByText(/Credentials are kept in the OS keychain, never in TrueUp's data folder\./)).toBeInTheDocument();
    await waitFor(() => expect(card.getByRole('button', { name: 'Reset credentials' })).toBeEnabled());
    await user.click(card.getByRole('button', { name: 'Reset credentials' }));
    expect(await screen.findByRole('dialog')).toHaveTextContent("Credentials are kept in the OS keychain, never in TrueUp's data folder.");
  });

  it('warns under the base URL before saving a move to another server', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind]);
    vi.mocked(api.integrations.list).mockResolvedValue([makeIntegration({ id: 9, name: 'ConnectWise' })]);
    const { user } = renderWithProviders(<IntegrationsPage />);
    const card = within(await screen.findByRole('article', { name: 'ConnectWise' }));
    await waitFor(() => expect(card.getByRole('button', { name: 'Edit' })).toBeEnabled());
    await user.click(card.getByRole('button', { name: 'Edit' }));
    const d = within(await screen.findByRole('dialog'));
    const baseURL = d.getByLabelText(/^Base URL/);
    expect(d.queryByText(MOVE_WARNING)).not.toBeInTheDocument();

    await user.type(baseURL, '/v4_6_release/apis/3.0'); // another path on the same server
    expect(d.queryByText(MOVE_WARNING)).not.toBeInTheDocument();

    for (const other of ['https://api-eu.myconnectwise.net', 'http://api-na.myconnectwise.net', 'https://api-na.myconnectwise.net:8443']) {
      await user.clear(baseURL);
      await user.type(baseURL, other);
      expect(d.getByText(MOVE_WARNING)).toBeInTheDocument();
      expect(baseURL).toHaveAccessibleDescription(new RegExp('saving removes the stored credentials'));
      expect(baseURL).not.toHaveAttribute('aria-invalid');
    }

    await user.clear(baseURL);
    await user.type(baseURL, 'https://API-NA.myconnectwise.net:443');
    expect(d.queryByText(MOVE_WARNING)).not.toBeInTheDocument();
  });

  it('does not warn about removing credentials that are not stored', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind]);
    vi.mocked(api.integrations.list).mockResolvedValue([makeIntegration({ id: 10, name: 'ConnectWise', secrets_set: false })]);
    const { user } = renderWithProviders(<IntegrationsPage />);
    const card = within(await screen.findByRole('article', { name: 'ConnectWise' }));
    await waitFor(() => expect(card.getByRole('button', { name: 'Edit' })).toBeEnabled());
    await user.click(card.getByRole('button', { name: 'Edit' }));
    const d = within(await screen.findByRole('dialog'));
    await user.clear(d.getByLabelText(/^Base URL/));
    await user.type(d.getByLabelText(/^Base URL/), 'https://api-eu.myconnectwise.net');
    expect(d.queryByText(MOVE_WARNING)).not.toBeInTheDocument();
  });

  it('after a move shows the notice on the card, which then asks for the credentials again', async () => {
    const notice =
      'The base URL moved to another server (api-eu.myconnectwise.net), so the credentials of api-na.myconnectwise.net were removed: enter the credentials again.';
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind]);
    const existing = makeIntegration({ id: 11, name: 'ConnectWise' });
    const moved = { ...existing, base_url: 'https://api-eu.myconnectwise.net', secrets_set: false };
    vi.mocked(api.integrations.list).mockResolvedValue([existing]);
    vi.mocked(api.integrations.update).mockImplementation(async () => {
      vi.mocked(api.integrations.list).mockResolvedValue([moved]);
      return { ...moved, notice };
    });
    const { user } = renderWithProviders(<IntegrationsPage />);
    const card = within(await screen.findByRole('article', { name: 'ConnectWise' }));
    await waitFor(() => expect(card.getByRole('button', { name: 'Edit' })).toBeEnabled());
    await user.click(card.getByRole('button', { name: 'Edit' }));
    const d = within(await screen.findByRole('dialog'));
    await user.clear(d.getByLabelText(/^Base URL/));
    await user.type(d.getByLabelText(/^Base URL/), 'https://api-eu.myconnectwise.net');
    await user.click(d.getByRole('button', { name: 'Save changes' }));
    expect(api.integrations.update).toHaveBeenCalledWith(11, expect.objectContaining({ base_url: 'https://api-eu.myconnectwise.net', secrets: {} }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    const banner = await card.findByTestId('integration-notice');
    expect(banner).toHaveTextContent(notice);
    expect(await card.findByText('Credentials missing')).toBeInTheDocument();

    await user.click(within(banner).getByRole('button', { name: 'Enter credentials' }));
    const reset = within(await screen.findByRole('dialog', { name: 'Reset credentials of ConnectWise' }));
    await user.type(reset.getByLabelText(/^Public key/), 'pub');
    await user.type(reset.getByLabelText(/^Private key/), 'priv');
    await user.click(reset.getByRole('button', { name: 'Store credentials' }));
    expect(api.integrations.setSecrets).toHaveBeenCalledWith(11, { public_key: 'pub', private_key: 'priv' });
    await waitFor(() => expect(card.queryByTestId('integration-notice')).not.toBeInTheDocument());
  });

  it('lets the user dismiss the notice of a move', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind]);
    const existing = makeIntegration({ id: 12, name: 'ConnectWise' });
    vi.mocked(api.integrations.list).mockResolvedValue([existing]);
    vi.mocked(api.integrations.update).mockResolvedValue({ ...existing, base_url: 'https://api-eu.myconnectwise.net', secrets_set: false, notice: 'Credentials removed.' });
    const { user } = renderWithProviders(<IntegrationsPage />);
    const card = within(await screen.findByRole('article', { name: 'ConnectWise' }));
    await waitFor(() => expect(card.getByRole('button', { name: 'Edit' })).toBeEnabled());
    await user.click(card.getByRole('button', { name: 'Edit' }));
    const d = within(await screen.findByRole('dialog'));
    await user.clear(d.getByLabelText(/^Base URL/));
    await user.type(d.getByLabelText(/^Base URL/), 'https://api-eu.myconnectwise.net');
    await user.click(d.getByRole('button', { name: 'Save changes' }));
    const banner = await card.findByTestId('integration-notice');
    await user.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    expect(card.queryByTestId('integration-notice')).not.toBeInTheDocument();
  });

  it('shows no notice after an edit that kept the server', async () => {
    vi.mocked(api.integrations.kinds).mockResolvedValue([cwKind]);
    const existing = makeIntegration({ id: 13, name: 'ConnectWise' });
    vi.mocked(api.integrations.list).mockResolvedValue([existing]);
    vi.mocked(api.integrations.update).mockResolvedValue({ ...existing, name: 'CW' });
    const { user } = renderWithProviders(<IntegrationsPage />);
    const card = within(await screen.findByRole('article', { name: 'ConnectWise' }));
    await waitFor(() => expect(card.getByRole('button', { name: 'Edit' })).toBeEnabled());
    await user.click(card.getByRole('button', { name: 'Edit' }));
    const d = within(await screen.findByRole('dialog'));
    await user.type(d.getByLabelText(/^Name/), ' EU');
    await user.click(d.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByTestId('integration-notice')).not.toBeInTheDocument();
  });
});
