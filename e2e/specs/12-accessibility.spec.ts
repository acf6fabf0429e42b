import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../fixtures';
import type { View } from '../pages/console-page';

const VIEWS: View[] = ['overview', 'slots', 'topology', 'timeline', 'queues', 'tasks', 'connection'];

for (const scheme of ['light', 'dark'] as const)
  test(`every view has 0 axe violations of WCAG 2 A and AA in the ${scheme} theme`, async ({ console: c }) => {
    await c.page.emulateMedia({ colorScheme: scheme });
    const found: string[] = [];
    for (const view of VIEWS) {
      await c.open(view);
      const { violations } = await new AxeBuilder({ page: c.page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      for (const v of violations)
        for (const n of v.nodes)
          found.push(`${view}: ${v.id} (${v.impact}) ${n.target.join(' ')}: ${n.failureSummary ?? ''}`);
    }
    expect(found).toEqual([]);
  });
