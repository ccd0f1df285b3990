/**
 * @module version
 * The collector's version, from its package.json.
 */
import pkg from '../package.json' with { type: 'json' }

export const LOUPE_VERSION: string = pkg.version
