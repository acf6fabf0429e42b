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

  async chooseQueue(name: string): Promise<void> {
    await this.id('task-queue').selectOption(name);
  }

  async confirm(expectText: RegExp): Promise<void> {
    await expect(this.id('confirm-dialog-message')).toContainText(expectText);
    await this.shot(`confirm-${Date.now()}`);
    await this.id('confirm-ok').click();
  }
}
