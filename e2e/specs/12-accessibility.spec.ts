import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../fixtures';
import { VIEWS as ALL_VIEWS } from '../../src-renderer/views';
import type { View } from '../pages/console-page';

/** Every view the nav bar has: a new view is checked without touching this spec. */
const VIEWS: View[] = ALL_VIEWS.map((v) => v.id);

for (const scheme of ['light', 'dark'] as const)
  test(`every view has 0 axe violations of WCAG 2 A and AA in the ${scheme} theme`, async ({ console: c }) => {
    await c.page.emulateMedia({ colorScheme: scheme });
    const found: string[] = [];
    for (const view of VIEWS) {
      await c.open(view);
      // The Queues view reads the selected queue's partitions after its own data: check them too.
      if (view === 'queues') await c.partitionsSettled();
      const { violations } = await new AxeBuilder({ page: c.page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      for (const v of violations)
        for (const n of v.nodes)
          found.push(`${view}: ${v.id} (${v.impact}) ${n.target.join(' ')}: ${n.failureSummary ?? ''}`);
    }
    expect(found).toEqual([]);
  });
