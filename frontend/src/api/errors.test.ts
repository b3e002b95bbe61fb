import { describe, expect, it } from 'vitest';
import { ApiError, errorField, errorMessage, isValidationError, toApiError } from './errors';

describe('toApiError', () => {
  it('keeps the backend message and kind', () => {
    const err = toApiError({ message: 'name is required', kind: 'validation' });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('name is required');
    expect(isValidationError(err)).toBe(true);
  });

  it('keeps the field a validation error names, and only for validation errors', () => {
    expect(errorField({ message: 'use https', kind: 'validation', field: 'base_url' })).toBe('base_url');
    expect(errorField({ message: 'use https', kind: 'validation' })).toBeUndefined();
    expect(errorField({ message: 'boom', kind: 'error', field: 'base_url' })).toBeUndefined();
  });

  it('treats other kinds as errors', () => {
    expect(toApiError({ message: 'boom', kind: 'error' }).kind).toBe('error');
  });

  it('parses JSON strings and plain strings', () => {
    expect(toApiError('{"message":"bad date","kind":"validation"}').kind).toBe('validation');
    expect(toApiError('plain failure').message).toBe('plain failure');
  });

  it('wraps Errors and unknown values', () => {
    expect(errorMessage(new Error('x'))).toBe('x');
    expect(errorMessage(42)).toBe('Unknown error');
  });
});
