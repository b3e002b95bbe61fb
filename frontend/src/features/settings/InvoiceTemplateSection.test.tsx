import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeInvoiceTemplates } from '@/test/trueupFixtures';
import { renderWithProviders } from '@/test/render';
import { SettingsPage } from './SettingsPage';
import { InvoiceTemplateSection } from './InvoiceTemplateSection';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const line = {
  card_id: 'c1',
  integration: 'ConnectWise Manage',
  account_name: 'Blue Harbor Logistics',
  product_name: 'M365 Business Premium',
  kind: 'quantity',
  field: "ConnectWise's addition invoiceDescription",
  text: 'M365 Business Premium (41)',
  preview: 'PATCH addition 5015 …',
};

describe('Settings > Invoice description', () => {
  it('is on the Settings page', async () => {
    renderWithProviders(<SettingsPage />);
    expect(await screen.findByRole('heading', { name: 'Invoice description' })).toBeInTheDocument();
  });

  it('renders the next pushes from Go while typing', async () => {
    vi.mocked(api.reconcile.previewInvoiceTemplate).mockImplementation(async (_psa, text) =>
      text === '' ? { lines: [], error: '', message: 'nothing to preview: no template applies' } : { lines: [line], error: '', message: '' },
    );
    renderWithProviders(<InvoiceTemplateSection />);
    const box = await screen.findByLabelText('Template');
    expect(await screen.findByText('nothing to preview: no template applies')).toBeInTheDocument();
    await userEvent.type(box, '{{product} ({{quantity})');
    expect(box).toHaveValue('{product} ({quantity})');
    const preview = await screen.findByTestId('invoice-preview-line');
    expect(within(preview).getByText('M365 Business Premium (41)')).toBeInTheDocument();
    expect(within(preview).getByText(/Blue Harbor Logistics/)).toBeInTheDocument();
    await waitFor(() => expect(api.reconcile.previewInvoiceTemplate).toHaveBeenLastCalledWith(0, '{product} ({quantity})'));
  });

  it("shows Go's refusal of an unknown placeholder and does not save", async () => {
    vi.mocked(api.reconcile.previewInvoiceTemplate).mockImplementation(async (_psa, text) =>
      text.includes('{seats}')
        ? { lines: [], error: 'the invoice description template uses {seats}, which TrueUp does not know: use one of {product}, {quantity}', message: '' }
        : { lines: [], error: '', message: '' },
    );
    renderWithProviders(<InvoiceTemplateSection />);
    const box = await screen.findByLabelText('Template');
    await userEvent.type(box, '{{seats}');
    expect(await screen.findByText(/uses \{seats\}, which TrueUp does not know/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save template' })).toBeDisabled();
    expect(api.reconcile.setInvoiceTemplate).not.toHaveBeenCalled();
  });

  it('saves the workspace template, and lists the placeholders', async () => {
    renderWithProviders(<InvoiceTemplateSection />);
    const box = await screen.findByLabelText('Template');
    expect(screen.getByText('{subscription_id}')).toBeInTheDocument();
    await userEvent.type(box, '{{product} for {{account}');
    const save = screen.getByRole('button', { name: 'Save template' });
    await waitFor(() => expect(save).toBeEnabled());
    await userEvent.click(save);
    await waitFor(() => expect(api.reconcile.setInvoiceTemplate).toHaveBeenCalledWith(0, '{product} for {account}'));
    expect(await screen.findByText('Invoice template saved.')).toBeInTheDocument();
  });

  it("shows a PSA's own template when it is chosen", async () => {
    const base = makeInvoiceTemplates({ template: '{product}' });
    const t = { ...base, psas: base.psas.map((p) => ({ ...p, override: '{quantity} x {product}' })) };
    vi.mocked(api.reconcile.invoiceTemplates).mockResolvedValue(t);
    renderWithProviders(<InvoiceTemplateSection />);
    const box = await screen.findByLabelText('Template');
    await waitFor(() => expect(box).toHaveValue('{product}'));
    await userEvent.click(screen.getByRole('combobox', { name: 'Whose template' }));
    await userEvent.click(await screen.findByRole('option', { name: /ConnectWise Manage/ }));
    await waitFor(() => expect(box).toHaveValue('{quantity} x {product}'));
    await waitFor(() => expect(api.reconcile.previewInvoiceTemplate).toHaveBeenLastCalledWith(1, '{quantity} x {product}'));
  });
});
