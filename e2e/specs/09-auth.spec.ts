import { expect, skipWithReason, test } from '../fixtures';

test('a wrong token shows an auth error page, not the console', async ({
  env,
  isElectron,
  playwright,
  launchOptions,
}) => {
  skipWithReason(isElectron, 'the token protects slotline serve; the Electron window talks to main over IPC');
  const browser = await playwright.chromium.launch(launchOptions);
  try {
    const page = await browser.newPage();
    await page.goto(`${env.baseUrl}/#token=not-the-token`);
    await expect(page.getByTestId('auth-error')).toBeVisible();
    await expect(page.getByTestId('auth-error')).toHaveAttribute('data-reason', 'unauthorized');
    await expect(page.getByTestId('nav-overview')).toHaveCount(0);
    await page.screenshot({ path: 'e2e/artifacts/09-auth-error.png' });
    const api = await page.request.get(`${env.baseUrl}/api/session`, {
      headers: { Authorization: 'Bearer not-the-token' },
    });
    expect(api.status()).toBe(401);
  } finally {
    await browser.close();
  }
});
