/**
 * Sending one queued message through its channel: Slack-compatible, Teams and generic webhooks
 * over HTTP(S) (the generic one signed), mail over SMTP with nodemailer. Secrets come from the server's
 * environment by the names the policy gives, never from the policy file. Throws on any failure
 * (the deliverer retries).
 *
 * Webhook signature: header `X-Expacti-Signature: t=<unix seconds>,v1=<hex>` where hex is
 * HMAC-SHA256(secret, `${t}.${body}`); receivers recompute it over the raw body and refuse a
 * timestamp older than five minutes (docs/notifications.md).
 */
import { createHmac } from 'node:crypto';
import type { ChannelConfig } from '../../../core/policy/policySchema.js';
import { mailText, slackBody, webhookBody, type NotifyContent } from './message.js';
import { teamsBody } from './teamsCard.js';

export const SIGNATURE_HEADER = 'x-expacti-signature';
const TIMEOUT_MS = 10_000;

export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

function env(vars: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = vars[name];
  if (!value) throw new Error(`the environment variable ${name} (${what}) is not set on this server`);
  return value;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) {
    const text = (await res.text().catch(() => '')).slice(0, 200);
    throw new Error(`HTTP ${res.status}${text ? `: ${text}` : ''}`);
  }
  await res.arrayBuffer().catch(() => undefined);
}

export async function sendMessage(
  channel: ChannelConfig,
  content: NotifyContent,
  vars: NodeJS.ProcessEnv,
  now: () => Date,
): Promise<void> {
  if (channel.type === 'slack') {
    const url = channel.url ?? env(vars, channel.urlEnv as string, `the URL of channel ${channel.name}`);
    await post(url, JSON.stringify(slackBody(content)), {});
    return;
  }
  if (channel.type === 'teams') {
    const url = channel.url ?? env(vars, channel.urlEnv as string, `the URL of channel ${channel.name}`);
    await post(url, JSON.stringify(teamsBody(content)), {});
    return;
  }
  if (channel.type === 'webhook') {
    const url = channel.url ?? env(vars, channel.urlEnv as string, `the URL of channel ${channel.name}`);
    const secret = env(vars, channel.secretEnv, `the signing secret of channel ${channel.name}`);
    const body = JSON.stringify(webhookBody(content));
    await post(url, body, {
      [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(now().getTime() / 1000)),
    });
    return;
  }
  const { createTransport } = await import('nodemailer');
  const smtp = channel.smtp;
  const user = smtp.userEnv ? env(vars, smtp.userEnv, `the SMTP user of channel ${channel.name}`) : undefined;
  const pass = smtp.passwordEnv
    ? env(vars, smtp.passwordEnv, `the SMTP password of channel ${channel.name}`)
    : undefined;
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port ?? (smtp.secure ? 465 : 587),
    secure: smtp.secure ?? false,
    requireTLS: smtp.requireTls ?? !smtp.secure,
    ...(user !== undefined ? { auth: { user, pass } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    const { subject, text } = mailText(content);
    await transport.sendMail({ from: channel.from, to: channel.to.join(', '), subject, text });
  } finally {
    transport.close();
  }
}
