import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makePreview, makeWrite } from '@/test/trueupFixtures';
import { PreviewView } from './PreviewView';

describe('PreviewView', () => {
  it('shows the invoice description a write sends, and none when it sends none', () => {
    render(
      <PreviewView
        preview={makePreview({
          writes: [
            makeWrite({ preview: 'PATCH addition 9001', invoice_description: 'M365 Business Premium: 27 seats', has_invoice_description: true }),
            makeWrite({ preview: 'PATCH addition 9002' }),
          ],
        })}
      />,
    );
    const shown = screen.getAllByTestId('preview-invoice-description');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toHaveTextContent('Invoice description: M365 Business Premium: 27 seats');
  });
});
