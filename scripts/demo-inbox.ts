// `npm run demo`: a local SMTP server (the app's SMTP_URL) and a web inbox to read what it received, on loopback
// only. The inbox lists the messages; each opens as the HTML the shopper would see (served with a sandboxing CSP:
// no script runs, links open on a click), or as its plain-text part, or as the raw source.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SmtpSink, startSmtpSink } from '../test/support/smtp-sink.js';

export interface DemoInbox {
  smtp: SmtpSink;
  url: string;
  close(): Promise<void>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function listPage(smtp: SmtpSink): string {
  const rows = smtp.messages
    .map((m, i) => {
      const cells = [
        escapeHtml(m.receivedAt.toISOString()),
        escapeHtml(m.envelope.to.join(', ')),
        `<a href="/messages/${i}">${escapeHtml(m.parsed.subject ?? '(no subject)')}</a>`,
        `<a href="/messages/${i}/text">text</a> · <a href="/messages/${i}/raw">source</a>`,
      ];
      return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
    })
    .reverse()
    .join('\n');
  const headings = ['Received', 'To', 'Subject', 'Other views'].map((h) => `<th scope="col">${h}</th>`).join('');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>Encore demo inbox</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;width:100%}
td,th{padding:.5rem;border-bottom:1px solid #ddd;text-align:left}</style></head>
<body><h1>Encore demo inbox</h1>
<p>Every email the demo backend sends lands here (SMTP on 127.0.0.1:${smtp.port}). This page refreshes every 5 seconds.</p>
<table><thead><tr>${headings}</tr></thead><tbody>
${rows || '<tr><td colspan="4">No email yet.</td></tr>'}
</tbody></table></body></html>`;
}

export async function startDemoInbox(options: { smtpPort: number; webPort: number }): Promise<DemoInbox> {
  const smtp = await startSmtpSink({ port: options.smtpPort });
  const server = http.createServer((req, res) => {
    const match = /^\/messages\/(\d+)(\/text|\/raw)?$/.exec(req.url ?? '/');
    if (req.url === '/' || req.url === '') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(listPage(smtp));
      return;
    }
    const message = match ? smtp.messages[Number(match[1])] : undefined;
    if (!match || !message) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('No such message. Back to the inbox: /\n');
      return;
    }
    if (match[2] === '/text') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(message.parsed.text ?? '');
    } else if (match[2] === '/raw') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(message.raw);
    } else {
      res
        .writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': 'sandbox allow-popups allow-top-navigation-by-user-activation',
        })
        .end(typeof message.parsed.html === 'string' ? message.parsed.html : `<pre>${escapeHtml(message.parsed.text ?? '')}</pre>`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.webPort, '127.0.0.1', () => resolve());
  });
  return {
    smtp,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await smtp.close();
    },
  };
}
