import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { ViewId } from '../../src-renderer/views';
import { ARTIFACTS } from '../env';

/** A view of the console, as the nav bar names it. */
export type View = ViewId;

/** The console as an operator sees it: views, their ready states, and the elements specs use. */
export class ConsolePage {
  constructor(readonly page: Page) {}

  id(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  /** Opens a view from the nav bar and waits for its first data (`data-state="ready"`). */
  async open(view: View): Promise<Locator> {
    await this.id(`nav-${view}`).click();
    const root = this.id(`page-${view}`);
    await expect(root).toHaveAttribute('data-state', 'ready');
    return root;
  }

  /** A screenshot into e2e/artifacts (gitignored), named for the step; `fullPage` beyond the viewport. */
  async shot(name: string, o: { fullPage?: boolean } = {}): Promise<void> {
    await this.page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: o.fullPage ?? false });
  }

  statValue(tile: string): Locator {
    return this.id(`${tile}-value`);
  }

  slotMap(): Locator {
    return this.id('slot-map');
  }

  /** Owner node id of the slot map's range containing `slot`. */
  async ownerOfSlot(slot: number): Promise<string | null> {
    return this.slotMap().evaluate((svg, s) => {
      for (const rect of svg.querySelectorAll('rect[data-slots]')) {
        const [a, b] = (rect.getAttribute('data-slots') ?? '').split('-').map(Number);
        if (s >= a! && s <= b!) return rect.getAttribute('data-owner');
      }
      return null;
    }, slot);
  }

  /** The overview throughput chart's failover markers whose label ends with `text` (e.g. `promoted 127.0.0.1:7003`). */
  overviewFailoverMarker(text: string): Locator {
    return this.id('overview-failover-marker').and(this.page.locator(`[aria-label$=${JSON.stringify(text)}]`));
  }

  node(nodeId: string): Locator {
    return this.id(`node-${nodeId}`);
  }

  /**
   * In the Queues view: selects a queue by its row (it appears with the sampler's next discovery,
   * up to 10 s) and waits for its partitions panel to have read its partitions.
   */
  async selectQueue(name: string): Promise<Locator> {
    await this.id(`queue-row-${name}`).click({ timeout: 30_000 });
    const panel = this.id('queue-partitions');
    await expect(panel).toContainText(`Partitions of ${name}`);
    await expect(panel).toHaveAttribute('data-state', 'ready');
    return panel;
  }

  /** In the Queues view: waits until the selected queue's partitions are shown (or there is no queue). */
  async partitionsSettled(): Promise<void> {
    await expect(
      this.page.locator('[data-testid="queues-empty"], [data-testid="queue-partitions"][data-state="ready"]'),
    ).toHaveCount(1);
  }

  /** The partition rows of the selected queue (every generation, newest first). */
  partitionRows(): Locator {
    return this.id('partition-row');
  }

  async chooseQueue(name: string): Promise<void> {
    await this.id('task-queue').selectOption(name);
  }

  async confirm(expectText: RegExp): Promise<void> {
    await expect(this.id('confirm-dialog-message')).toContainText(expectText);
    await this.shot(`confirm-${Date.now()}`);
    await this.id('confirm-ok').click();
  }
}
