import { Search } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { ExplainRequest } from '@/api';
import { Button } from '@/components/ui';
import { useExplainNames } from './useExplain';

/**
 * The question: an account and/or a product (a product alone asks about the accounts that
 * have it), with type-ahead over the cached names (a native datalist: keyboard and screen readers work as with any input).
 */
export function ExplainSearch({ initial, busy, onAsk }: { initial: ExplainRequest; busy: boolean; onAsk: (req: ExplainRequest) => void }) {
  const names = useExplainNames();
  const [account, setAccount] = useState(initial.account);
  const [product, setProduct] = useState(initial.product);
  const [error, setError] = useState<string | null>(null);
  const accountId = useId();
  const productId = useId();
  const accountsList = useId();
  const productsList = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (account.trim() === '' && product.trim() === '') {
      setError('Type part of the account name, as the PSA or the vendor writes it, or a product.');
      return;
    }
    setError(null);
    onAsk({ account: account.trim(), product: product.trim() });
  };

  return (
    <form className="explain-search" onSubmit={submit} role="search" aria-label="Why isn't it showing?">
      <div className="explain-search__field">
        <label htmlFor={accountId} className="field__label">
          Account
        </label>
        <input
          id={accountId}
          className="input"
          list={accountsList}
          value={account}
          onChange={(e) => setAccount(e.target.value)}
          placeholder="Customer name (PSA or vendor)"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${accountId}-error` : undefined}
        />
        <datalist id={accountsList}>
          {(names.data?.accounts ?? []).map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        {error && (
          <p className="field__error" id={`${accountId}-error`}>
            {error}
          </p>
        )}
      </div>
      <div className="explain-search__field">
        <label htmlFor={productId} className="field__label">
          Product
        </label>
        <input
          id={productId}
          className="input"
          list={productsList}
          value={product}
          onChange={(e) => setProduct(e.target.value)}
          placeholder="e.g. Microsoft 365 Business Premium"
          autoComplete="off"
        />
        <datalist id={productsList}>
          {(names.data?.products ?? []).map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </div>
      <Button type="submit" variant="primary" loading={busy} icon={<Search size={16} aria-hidden="true" />}>
        Explain
      </Button>
    </form>
  );
}
