// The whole op test table: the rows of every case file.
import type { OpCase } from './case.js';
import { cases as core } from './core.js';

export const allCases: OpCase[] = [...core];
