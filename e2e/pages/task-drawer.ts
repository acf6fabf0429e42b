import { expect, type Locator } from '@playwright/test';
import type { ConsolePage } from './console-page';

/** The task drawer of the Tasks view: a task's state, progress, log and Cancel. */
export class TaskDrawerPage {
  readonly root: Locator;
  constructor(private readonly c: ConsolePage) {
    this.root = c.id('task-drawer');
  }

  /** Opens task `id` from the table of the current state tab. */
  async open(id: string): Promise<void> {
    await this.c.id(`task-open-${id}`).click();
    await expect(this.root).toBeVisible();
  }

  async progress(): Promise<number> {
    return Number(await this.c.id('task-progress').getAttribute('data-value'));
  }

  async logLines(): Promise<number> {
    return Number(await this.c.id('task-log').getAttribute('data-lines'));
  }

  /** Waits until the shown progress is above `than` (it changes only through pushed samples). */
  async progressAbove(than: number): Promise<number> {
    await expect.poll(() => this.progress(), { timeout: 15_000 }).toBeGreaterThan(than);
    return this.progress();
  }

  async cancel(expectText: RegExp): Promise<void> {
    await this.c.id('task-cancel').click();
    await this.c.confirm(expectText);
  }
}
