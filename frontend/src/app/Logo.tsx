/** The TrueUp mark: two bars brought level (billing meets the vendor's count). */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
      className="logo-mark"
    >
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <rect x="8" y="9" width="6" height="14" rx="2" fill="var(--on-accent)" opacity="0.65" />
      <rect x="18" y="9" width="6" height="14" rx="2" fill="var(--on-accent)" />
      <path d="M7 7.5h18" stroke="var(--on-accent)" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function Wordmark() {
  return (
    <div className="wordmark">
      <LogoMark />
      <span className="wordmark__text">TrueUp</span>
    </div>
  );
}
