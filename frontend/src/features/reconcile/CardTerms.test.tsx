import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeCard, makeCardSource } from '@/test/trueupFixtures';
import { CardFlags } from './CardFlags';
import { CardTerms } from './CardTerms';

const ms = makeCardSource({ integration: 'Microsoft', term: 'P1Y' });

describe('CardTerms', () => {
  it('shows nothing on a card without commitment terms', () => {
    const { container } = render(<CardTerms card={makeCard()} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('shows the term, the commitment end and auto-renew', () => {
    render(
      <CardTerms
        card={makeCard({
          vendor_sources: [ms],
          terms: { term: 'P1Y', billing_frequency: 'monthly', commitment_end: '2027-05-31', auto_renew: true, renews_soon: false },
        })}
      />,
    );
    expect(screen.getByTestId('card-terms')).toHaveTextContent('Term 1 year, billed monthly · renews after May 31, 2027');
    expect(screen.queryByTestId('renews-soon')).not.toBeInTheDocument();
  });

  it('flags a term that renews within 30 days, and one that ends', () => {
    const { rerender } = render(
      <CardTerms card={makeCard({ terms: { term: 'P1Y', billing_frequency: 'monthly', commitment_end: '2026-12-20', auto_renew: true, renews_soon: true } })} />,
    );
    expect(screen.getByTestId('renews-soon')).toHaveTextContent('renews within 30 days');
    rerender(
      <CardTerms card={makeCard({ terms: { term: 'P1M', billing_frequency: 'monthly', commitment_end: '2026-12-20', auto_renew: false, renews_soon: true } })} />,
    );
    expect(screen.getByTestId('card-terms')).toHaveTextContent('ends Dec 20, 2026');
    expect(screen.getByTestId('renews-soon')).toHaveTextContent('ends within 30 days');
  });

  it('says on a decrease how many seats Microsoft still refunds and until when', () => {
    render(
      <CardTerms
        card={makeCard({
          psa_quantity: '12',
          vendor_quantity: '9',
          difference: '-3',
          terms: {
            term: 'P1Y',
            billing_frequency: 'monthly',
            commitment_end: '2027-05-31',
            auto_renew: true,
            renews_soon: false,
            refundable_seats: '3',
            refundable_until: '2026-12-03T23:00:00Z',
            refund_note: '3 of these seats can be cancelled at Microsoft until 4 Dec 10:00',
          },
        })}
      />,
    );
    expect(screen.getByRole('note')).toHaveTextContent('3 of these seats can be cancelled at Microsoft until 4 Dec 10:00');
  });

  it('lists refundable seats on other cards without the decrease sentence', () => {
    render(
      <CardTerms
        card={makeCard({
          terms: {
            term: 'P1Y',
            billing_frequency: 'monthly',
            commitment_end: '2027-05-31',
            auto_renew: true,
            renews_soon: false,
            refundable_seats: '2',
            refundable_until: '2026-12-03T23:00:00Z',
          },
        })}
      />,
    );
    expect(screen.queryByTestId('refund-note')).not.toBeInTheDocument();
    expect(screen.getByTestId('card-terms')).toHaveTextContent('2 refundable at Microsoft until');
  });

  it('names the base subscription of an add-on', () => {
    render(
      <CardTerms
        card={makeCard({
          terms: { term: 'P1Y', billing_frequency: 'monthly', commitment_end: '2027-05-31', auto_renew: true, renews_soon: false, add_on_of: 'Microsoft 365 E5' },
        })}
      />,
    );
    expect(screen.getByText('Add-on of Microsoft 365 E5')).toBeInTheDocument();
  });

  it('labels the renewal flags', () => {
    render(<CardFlags card={makeCard({ flags: ['renews_soon', 'term_ends'] })} />);
    expect(screen.getByText('Renews within 30 days')).toBeInTheDocument();
    expect(screen.getByText('Term ends within 30 days')).toBeInTheDocument();
  });
});
