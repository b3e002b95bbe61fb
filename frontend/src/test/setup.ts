import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { resetFakeApi } from './fakeApi';

beforeEach(() => {
  resetFakeApi();
});

afterEach(() => {
  cleanup();
});
