import { Search, X } from 'lucide-react';
import type { Ref } from 'react';
import './ui.css';
import './controls.css';

/** A search box with a clear button; Escape clears it first. */
export function SearchInput({
  id,
  value,
  onChange,
  placeholder,
  ariaLabel,
  inputRef,
}: {
  id?: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  ariaLabel?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <div className="search">
      <Search size={16} aria-hidden="true" className="search__icon" />
      <input
        id={id}
        ref={inputRef}
        type="search"
        className="input search__input"
        placeholder={placeholder}
        aria-label={ariaLabel}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            e.stopPropagation();
            onChange('');
          }
        }}
      />
      {value && (
        <button type="button" className="icon-btn search__clear" aria-label="Clear the search" onClick={() => onChange('')}>
          <X size={14} aria-hidden="true" />
        </button>
      )}
    </div>
  );
}
