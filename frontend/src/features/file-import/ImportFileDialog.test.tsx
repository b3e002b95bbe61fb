import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeFilePreview } from '@/test/fileImportFixtures';
import { makeIntegration, makeRow, makeRun, makeSnapshot } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { SyncStatusPage } from '@/features/sync-status/SyncStatusPage';
import { ImportFileDialog } from './ImportFileDialog';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const csv = makeIntegration({ id: 7, name: 'Dicker', kind: 'csv', kind_label: 'File import (CSV/XLSX)', role: 'vendor' });

describe('Import file dialog', () => {
  it('previews the chosen file and re-reads it with the mapping and number style chosen', async () => {
    vi.mocked(api.fileImport.chooseFile).mockResolvedValue('/exports/nov.csv');
    const onClose = vi.fn();
    const { user } = renderWithProviders(<ImportFileDialog integrationId={7} integrationName="Dicker" onClose={onClose} />);
    const d = within(await screen.findByTestId('file-import'));
    expect(await d.findByText('nov.csv')).toBeInTheDocument();
    expect(api.fileImport.preview).toHaveBeenCalledWith(expect.objectContaining({ integration_id: 7, path: '/exports/nov.csv', map: {} }));
    expect(d.getByTestId('file-import-profile')).toHaveTextContent('generic (chosen from the headers)');
    expect(d.getByText('Line 3: the quantity is empty')).toBeInTheDocument();
    expect(within(d.getByTestId('file-import-lines')).getByText('Bravo')).toBeInTheDocument();
    expect(d.getByLabelText('Read Seats as')).toHaveValue('quantity');

    // Reading Notes as the quantity takes the field from Seats: one column per field.
    await user.selectOptions(d.getByLabelText('Read Notes as'), 'quantity');
    await waitFor(() =>
      expect(api.fileImport.preview).toHaveBeenLastCalledWith(
        expect.objectContaining({ map: { account: 'Customer', product: 'Product', quantity: 'Notes' } }),
      ),
    );
    await user.selectOptions(d.getByLabelText('Numbers'), ',');
    await waitFor(() => expect(api.fileImport.preview).toHaveBeenLastCalledWith(expect.objectContaining({ decimal: ',' })));
  });

  it('saves the choices as a profile and imports with it', async () => {
    vi.mocked(api.fileImport.chooseFile).mockResolvedValue('/exports/nov.csv');
    vi.mocked(api.fileImport.import).mockResolvedValue({
      preview: makeFilePreview(),
      runs: [makeRun({ id: 31, integration_id: 7, status: 'partial' })],
      nothing_changed: false,
    });
    const { user } = renderWithProviders(<ImportFileDialog integrationId={7} integrationName="Dicker" onClose={vi.fn()} />);
    const d = within(await screen.findByTestId('file-import'));
    await d.findByText('nov.csv');
    await user.type(d.getByLabelText('Save these choices as a profile'), 'ingram');
    await user.click(d.getByRole('button', { name: 'Save as profile' }));
    await waitFor(() => expect(api.fileImport.saveProfile).toHaveBeenCalledWith('ingram', expect.objectContaining({ path: '/exports/nov.csv' })));
    expect(await d.findByText(/Saved as the profile “ingram”/)).toBeInTheDocument();
    await user.click(d.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(api.fileImport.import).toHaveBeenCalledWith(expect.objectContaining({ profile: 'ingram', map: {} })));
    expect(await d.findByTestId('file-import-result')).toHaveTextContent('Imported 2 lines from nov.csv; 1 bad rows were skipped');
  });

  it('cannot import a file whose required columns are missing, and says how to map them', async () => {
    vi.mocked(api.fileImport.chooseFile).mockResolvedValue('/exports/odd.csv');
    vi.mocked(api.fileImport.preview).mockResolvedValue(
      makeFilePreview({ problem: 'the generic profile found no column for quantity', lines: [], line_count: 0, bad_rows: [] }),
    );
    renderWithProviders(<ImportFileDialog integrationId={7} integrationName="Dicker" onClose={vi.fn()} />);
    const d = within(await screen.findByTestId('file-import'));
    expect(await d.findByText('the generic profile found no column for quantity')).toBeInTheDocument();
    expect(d.getByRole('button', { name: 'Import' })).toBeDisabled();
  });

  it('closes when the file dialog is cancelled', async () => {
    const onClose = vi.fn();
    renderWithProviders(<ImportFileDialog integrationId={7} integrationName="Dicker" onClose={onClose} />);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(api.fileImport.preview).not.toHaveBeenCalled();
  });

  it('a csv row on Sync Status offers Import file… instead of the syncs, with its last file', async () => {
    vi.mocked(api.sync.status).mockResolvedValue(
      makeSnapshot({ integrations: [makeRow({ integration: csv, file_name: 'nov.xlsx', file_rows: 5, imported_at: '2026-03-04T09:00:00Z' })] }),
    );
    vi.mocked(api.fileImport.chooseFile).mockResolvedValue('/exports/nov.csv');
    const { user } = renderWithProviders(<SyncStatusPage />);
    const row = within(await screen.findByTestId('integration-row'));
    expect(row.queryByRole('button', { name: /QuickSync/ })).not.toBeInTheDocument();
    expect(row.getByTestId('import-file-facts')).toHaveTextContent('nov.xlsx · 5 rows · imported');
    await user.click(row.getByRole('button', { name: /Import file/ }));
    expect(await screen.findByTestId('file-import')).toBeInTheDocument();
  });
});
