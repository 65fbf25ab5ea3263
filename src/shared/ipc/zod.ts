import { z } from 'zod';

// No code generation: zod would otherwise probe `new Function`, which the app's CSP forbids.
// Every schema module imports z from here, so this runs before the first schema is built.
z.config({ jitless: true });

export { z };
