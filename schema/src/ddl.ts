/**
 * @module ddl
 * Where the numbered migrations live. A separate entry point (`@loupe/schema/ddl-dir`) so that the
 * browser bundle, which imports `@loupe/schema`, never pulls in `node:url`.
 */
import { fileURLToPath } from 'node:url'

export const DDL_DIR = fileURLToPath(new URL('../ddl/', import.meta.url))
