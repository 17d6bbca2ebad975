import type { Page } from 'playwright-core';
import {
  browserStorage,
  checkScreen,
  consoleSuite,
  describeWithChromium,
  eventually,
  textOf,
} from '../helpers/console-suite';
import { WebhookReceiver } from '../helpers/webhook-receiver';

describeWithChromium('console: webhooks', () => {
  // the receiver listens on 127.0.0.1, which production refuses
  const suite = consoleSuite({ admin: true, env: { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true' } });
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    receiver.respond = () => ({
      status: 201,
      body: '{"received":"by the test receiver"}',
      headers: { 'content-type': 'application/json' },
    });
  });
  afterAll(async () => {
    await receiver?.close();
  });

  /** Reveals the masked secret in the one-time dialog and returns it, then closes the dialog. */
  async function readSecret(page: Page): Promise<string> {
    const dialog = page.getByRole('dialog');
    await page.getByTestId('secret-warning').waitFor();
    const input = dialog.getByLabel('Signing secret', { exact: true });
    expect(await input.getAttribute('type')).toBe('password');
    await dialog.getByRole('button', { name: 'Show or hide signing secret' }).click();
    expect(await input.getAttribute('type')).toBe('text');
    const secret = await input.inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(await textOf(page.getByTestId('secret-warning'))).toContain('shown once');
    return secret;
  }

  const attemptsOf = (page: Page) => page.getByTestId('delivery-attempt');

  it('creates a webhook, shows its secret once, sends a test, lists and redelivers, rotates and deletes', async () => {
    const { page, messages } = await suite.signedInPage();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('No webhooks yet.').waitFor();
    await checkScreen(page, 'webhooks-empty');

    // create: URL, events from the catalog, description, active
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Endpoint URL').fill(receiver.url);
    await form.getByLabel('Description').fill('ERP integration');
    await form.getByRole('textbox', { name: 'Events' }).click();
    await page.getByRole('option', { name: 'api_key.created', exact: true }).click();
    await page.getByRole('option', { name: 'api_key.revoked', exact: true }).click();
    // the URL field sits above the dropdown: clicking it closes the options
    await form.getByLabel('Endpoint URL').click();
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await checkScreen(page, 'webhook-create');
    await form.getByRole('button', { name: 'Create webhook' }).click();
    const secret = await readSecret(page);
    await checkScreen(page, 'webhook-secret');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const list = await suite.kw.server.gql<{
      webhooks: Array<{ id: string; url: string; events: string[]; description: string; active: boolean }>;
    }>('{ webhooks { id url events description active } }', {}, { token: suite.admin });
    expect(list.data!.webhooks).toEqual([
      expect.objectContaining({
        url: receiver.url,
        events: ['api_key.created', 'api_key.revoked'],
        description: 'ERP integration',
        active: true,
      }),
    ]);
    const row = page.locator(`[data-testid=webhooks-table] tbody tr[data-webhook-url="${receiver.url}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('api_key.revoked');
    expect(await row.innerText()).toContain('Never');
    await checkScreen(page, 'webhooks');

    // Send test: the receiver's status, body and the duration in the terminal panel; signed with the secret
    await row.getByRole('link', { name: receiver.url }).click();
    await page.getByRole('button', { name: 'Send test' }).click();
    expect(await textOf(page.getByTestId('test-status'))).toBe('HTTP 201');
    expect(await textOf(page.getByTestId('test-body'))).toBe('{"received":"by the test receiver"}');
    expect(await textOf(page.getByTestId('test-duration'))).toMatch(/^\d+ ms$/);
    const tests = receiver.ofType('webhook.test');
    expect(tests).toHaveLength(1);
    expect(() => WebhookReceiver.verify(secret, tests[0])).not.toThrow();
    expect(() => WebhookReceiver.verify(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, tests[0])).toThrow();

    // the delivery log lists the message (its id is the webhook-id header) with one attempt
    const message = page.locator(`[data-testid=delivery-message][data-message-id="${tests[0].id}"]`);
    await message.waitFor();
    await eventually(async () => expect(await attemptsOf(page).count()).toBe(1));
    expect(await message.getByTestId('attempt-status').innerText()).toMatch(/^201 · \d+ ms$/);
    expect(await textOf(message.getByTestId('message-status'))).toBe('delivered');
    await checkScreen(page, 'webhook-details');

    // redeliver: the dispatcher sends it again, a second attempt appears
    await message.getByRole('button', { name: /Redeliver/ }).click();
    await eventually(async () => expect(await message.getByTestId('delivery-attempt').count()).toBe(2), 20_000);
    expect(receiver.requests.filter((r) => r.id === tests[0].id)).toHaveLength(2);
    await eventually(async () => expect(await textOf(message.getByTestId('message-status'))).toBe('delivered'));

    // the list shows the last delivery's result
    await page.getByRole('link', { name: 'Webhooks' }).first().click();
    await eventually(async () => expect(await row.innerText()).toMatch(/201 · \d+ ms/));
    await row.getByRole('link', { name: receiver.url }).click();

    // rotate: a new secret, shown once; the next delivery verifies with it and not with the old one
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    expect(await textOf(page.getByRole('dialog'))).toContain('shown once');
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = await readSecret(page);
    expect(rotated).not.toBe(secret);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Send test' }).click();
    // two deliveries of the first test message (sent, redelivered), then this one
    await eventually(() => expect(receiver.ofType('webhook.test')).toHaveLength(3));
    const second = receiver.ofType('webhook.test')[2];
    expect(second.id).not.toBe(tests[0].id);
    expect(() => WebhookReceiver.verify(rotated, second)).not.toThrow();
    expect(() => WebhookReceiver.verify(secret, second)).toThrow();

    // neither secret reaches the URL, the storages, the console messages or the page once closed
    const storage = await browserStorage(page);
    for (const s of [secret, rotated]) {
      expect(storage.url).not.toContain(s);
      expect(storage.session).not.toContain(s);
      expect(storage.local).not.toContain(s);
      expect(messages.join('\n')).not.toContain(s);
      expect(await page.content()).not.toContain(s);
    }

    // delete with a confirmation naming the endpoint
    await page.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    expect(await textOf(confirm)).toContain(receiver.url);
    expect(await textOf(confirm)).toContain('cannot be undone');
    await checkScreen(page, 'webhook-delete');
    await confirm.getByRole('button', { name: 'Delete webhook' }).click();
    await page.waitForURL(/\/console\/webhooks$/);
    await page.getByText('No webhooks yet.').waitFor();
    const after = await suite.kw.server.gql<{ webhooks: unknown[] }>('{ webhooks { id } }', {}, { token: suite.admin });
    expect(after.data!.webhooks).toEqual([]);
    await page.context().close();
  });
});
