// Bound calls reject with the ErrorFormatter's {message, kind, field?} (app/errors.go). Older
// runtimes reject with a string (sometimes JSON). Everything becomes an ApiError.

export type ApiErrorKind = 'validation' | 'error';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** The input a validation error concerns ("name", "base_url", a setting or secret key). */
  readonly field?: string;

  constructor(message: string, kind: ApiErrorKind = 'error', field?: string) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.field = field;
  }

  get isValidation(): boolean {
    return this.kind === 'validation';
  }
}

function fromObject(value: object): ApiError | null {
  const rec = value as Record<string, unknown>;
  if (typeof rec.message === 'string' && rec.message !== '') {
    const field = typeof rec.field === 'string' && rec.field !== '' ? rec.field : undefined;
    return new ApiError(rec.message, rec.kind === 'validation' ? 'validation' : 'error', field);
  }
  return null;
}

export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  if (typeof reason === 'string') {
    const text = reason.trim();
    if (text.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object') {
          const err = fromObject(parsed);
          if (err) return err;
        }
      } catch {
        // not JSON: use the text as it is
      }
    }
    return new ApiError(text || 'Unknown error');
  }
  if (reason instanceof Error) return new ApiError(reason.message || reason.name);
  if (reason && typeof reason === 'object') {
    const err = fromObject(reason);
    if (err) return err;
  }
  return new ApiError('Unknown error');
}

/** The message to show for any thrown value. */
export function errorMessage(reason: unknown): string {
  return toApiError(reason).message;
}

export function isValidationError(reason: unknown): boolean {
  return reason instanceof ApiError && reason.kind === 'validation';
}

/** The input a validation error concerns, if the backend named one. */
export function errorField(reason: unknown): string | undefined {
  const err = toApiError(reason);
  return err.kind === 'validation' ? err.field : undefined;
}
