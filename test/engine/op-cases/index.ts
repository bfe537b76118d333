// The whole op test table: the rows of every case file.
import type { OpCase } from './case.js';
import { cases as core } from './core.js';
import { cases as elementwise } from './elementwise.js';
import { cases as indexing } from './indexing.js';
import { cases as shape } from './shape.js';

export const allCases: OpCase[] = [...core, ...elementwise, ...indexing, ...shape];
