import { render, screen } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { Select } from './Select';

const options = [
  { value: 'connectwise', label: 'ConnectWise Manage' },
  { value: 'autotask', label: 'Autotask PSA' },
];

describe('Select', () => {
  // The build's first screen is a server render (app/firstScreen): the chosen value must be
  // in its markup, not only once the list has mounted in the page.
  it('writes the chosen label into a server render', () => {
    const html = renderToString(<Select value="autotask" options={options} onChange={() => undefined} ariaLabel="Demo PSA" />);
    expect(html).toContain('Autotask PSA');
    expect(html).not.toContain('ConnectWise Manage');
  });

  it('shows the chosen label, and the placeholder when nothing is chosen', () => {
    const { rerender } = render(<Select value="connectwise" options={options} onChange={() => undefined} ariaLabel="Demo PSA" />);
    expect(screen.getByRole('combobox', { name: 'Demo PSA' })).toHaveTextContent('ConnectWise Manage');
    rerender(<Select value="" options={options} onChange={() => undefined} ariaLabel="Demo PSA" placeholder="Choose a PSA" />);
    expect(screen.getByRole('combobox', { name: 'Demo PSA' })).toHaveTextContent('Choose a PSA');
  });
});
