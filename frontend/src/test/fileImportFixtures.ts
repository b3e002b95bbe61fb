import type { FilePreview } from '@/api';

export function makeFilePreview(over: Partial<FilePreview> = {}): FilePreview {
  return {
    integration_id: 7,
    path: '/exports/nov.csv',
    file_name: 'nov.csv',
    profile: 'generic',
    profile_detected: true,
    source: 'CSV separated by ","',
    sheet: '',
    columns: [
      { header: 'Customer', field: 'account' },
      { header: 'Product', field: 'product' },
      { header: 'Seats', field: 'quantity' },
      { header: 'Notes', field: '' },
    ],
    number_style: '.',
    number_note: 'decimal point (1,234.56), detected (force with --decimal)',
    date_order: 'day-first',
    date_note: 'day first (dd/mm/yyyy), the default: no slashed date in the file says otherwise',
    rows: 3,
    line_count: 2,
    lines: [
      { file_lines: [2], account: 'Acme', product: 'E3', sku: '', quantity: 3, cost: 0, price: 0, term: '', billing_frequency: '', start: '', end: '', subscription_id: '' },
      { file_lines: [4], account: 'Bravo', product: 'E3', sku: '', quantity: 1, cost: 0, price: 0, term: '', billing_frequency: '', start: '', end: '', subscription_id: '' },
    ],
    bad_rows: [{ line: 3, reason: 'the quantity is empty' }],
    problem: '',
    fields: ['account', 'product', 'sku', 'quantity', 'cost', 'price', 'term', 'start', 'end', 'subscription_id'],
    ...over,
  };
}
