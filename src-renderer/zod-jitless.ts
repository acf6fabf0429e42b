import { z } from 'zod';

// The page's CSP forbids eval. zod probes for it with `new Function('')` when a schema is defined
// (at module load), and the browser reports that as a CSP violation on every start even though
// zod catches the error. Imported first by main.tsx, so the probe never runs in the page.
z.config({ jitless: true });
