// Benchmark: what one email offer costs up to the inbox. Admin API cost points of the decision and of the send (the
// emulator's leaky bucket with the clock frozen during each call, so nothing refills), the wall time of the send
// job (re-check, stock, render, SMTP round trip to a server on loopback), and the CPU time of rendering the shipped
// template - each next to a floor measured in the same run. Writes the "Email offers (sending)" section of
// docs/benchmarks.md. `npx tsx bench/email/run.ts` (about 30 s; needs no PostgreSQL).
import os from 'node:os';
import path from 'node:path';
import { DEMO_CUSTOMERS, DEMO_VARIANTS } from '../../test/emulator/seed/demo-store.js';
import { mugEmailFunnel, startEmailBackend } from '../../test/support/email-backend.js';
import { decideEmailOffer } from '../../web/server/email/decide.js';
import { htmlLiquid } from '../../web/server/email/liquid.js';
import { emailFlowDeps } from '../../web/server/email/module.js';
import { sampleSnapshot } from '../../web/server/email/preview.js';
import { type EmailRenderInput, renderEmail, templateVariables } from '../../web/server/email/render.js';
import { sendEmailOffer } from '../../web/server/email/send.js';
import { shippedTemplate } from '../../web/server/email/shipped-templates.js';
import { smtpTransport } from '../../web/server/email/transport.js';
import { ShopCurrencyQuery } from '../../web/server/shopify/graphql/ShopCurrencyQuery.js';
import { writeSection } from '../support/report.js';

const ORDERS = 20;
const RENDERS = 400;
const CUSTOMERS = [DEMO_CUSTOMERS.newFirstOrder, DEMO_CUSTOMERS.frenchReturning, DEMO_CUSTOMERS.wholesale, DEMO_CUSTOMERS.canadian];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))]!;
const fmt = (n: number, digits = 2) => n.toFixed(digits);

async function measureFlow() {
  const b = await startEmailBackend();
  try {
    await b.createFunnel(mugEmailFunnel());
    const ctx = b.h.server.ctx;
    const deps = emailFlowDeps(ctx);
    const bucket = () => b.h.emulator.bucket().status().currentlyAvailable;
    const decideCost: number[] = [];
    const sendCost: number[] = [];
    const sendMs: number[] = [];
    const smtpFloorMs: number[] = [];
    const transport = smtpTransport(b.smtp.url);
    const admin = await ctx.adminFor(b.shop.domain);
    const floorBefore = bucket();
    await admin.request(ShopCurrencyQuery, {});
    const apiFloor = floorBefore - bucket();
    for (let i = 0; i < ORDERS; i++) {
      const customerId = CUSTOMERS[i % CUSTOMERS.length]!;
      const orderId = b.placeOrder({ customerId, lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }] });
      await b.h.emulator.webhooks.settled();
      let before = bucket();
      await decideEmailOffer(deps, { shopDomain: b.shop.domain, orderId, checkoutToken: null }, ctx.logger);
      decideCost.push(before - bucket());
      const offer = await ctx.db.prisma.emailOffer.findUniqueOrThrow({ where: { shopId_orderId: { shopId: b.shop.id, orderId } } });
      b.clock.set(offer.scheduledFor);
      before = bucket();
      const started = performance.now();
      await sendEmailOffer(deps, offer.id, ctx.logger);
      sendMs.push(performance.now() - started);
      sendCost.push(before - bucket());
      // Floor: the same SMTP server, a one-line text message, nothing read or rendered.
      const floorStart = performance.now();
      await transport.send({
        from: { name: 'Floor', address: 'floor@encore-demo.test' },
        to: 'floor@example.com',
        replyTo: null,
        subject: 'floor',
        html: '<p>x</p>',
        text: 'x',
        messageId: `<floor.${i}@encore-demo.test>`,
      });
      smtpFloorMs.push(performance.now() - floorStart);
      b.clock.advance(60_000);
      await b.settle();
    }
    return { decideCost, sendCost, sendMs, smtpFloorMs, apiFloor };
  } finally {
    await b.close();
  }
}

async function measureRender() {
  const input: EmailRenderInput = {
    snapshot: sampleSnapshot('en', 'USD'),
    shop: {
      name: 'Encore Demo Store',
      logoUrl: null,
      colors: { primary: '#111827', button: '#1d4ed8', buttonText: '#ffffff', background: '#f4f4f5', text: '#1f2937' },
    },
    customer: { firstName: 'Alex' },
    order: { id: 'gid://shopify/Order/1', name: '#1001' },
    offerUrl: 'https://encore.example/offers/email/token',
    windowMinutes: 60,
  };
  const template = shippedTemplate('en');
  const time = async (run: () => Promise<unknown>) => {
    for (let i = 0; i < 50; i++) await run();
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < RENDERS; i++) await run();
    const cpu = process.cpuUsage(cpuStart);
    return (cpu.user + cpu.system) / 1000 / RENDERS;
  };
  const full = await time(() => renderEmail(template, input));
  const variables = templateVariables(input);
  const liquidOnly = await time(() => htmlLiquid.parseAndRender(template.html, { ...variables, subject: 'x', preheader: 'y' }));
  // Floor: the same Liquid engine rendering one output tag (parse + render, no layout, no CSS inlining).
  const floor = await time(() => htmlLiquid.parseAndRender('<p>{{ offer.headline }}</p>', { offer: { headline: 'x' } }));
  const rendered = await renderEmail(template, input);
  const bytes = rendered.ok ? Buffer.byteLength(rendered.email.html) : 0;
  return { full, liquidOnly, floor, bytes };
}

/** A markdown table row from its cells. */
const tableRow = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

function table(flow: Awaited<ReturnType<typeof measureFlow>>, render: Awaited<ReturnType<typeof measureRender>>): string {
  const ratio = (value: number, floor: number, digits = 0) => `${fmt(value / Math.max(floor, 1e-9), digits)}×`;
  const apiFloor = Math.max(1, flow.apiFloor);
  return [
    tableRow(['what (per email)', 'median', 'p95', 'floor (same run)', 'ratio']),
    tableRow(['---', '---', '---', '---', '---']),
    tableRow([
      'Admin API cost points, decision (`EmailOrder`)',
      median(flow.decideCost),
      p95(flow.decideCost),
      `${flow.apiFloor}: \`{ shop { currencyCode } }\`, measured the same way`,
      ratio(median(flow.decideCost), apiFloor),
    ]),
    tableRow([
      'Admin API cost points, send (order + stock)',
      median(flow.sendCost),
      p95(flow.sendCost),
      flow.apiFloor,
      ratio(median(flow.sendCost), apiFloor),
    ]),
    tableRow([
      'send job wall time (re-check, render, SMTP)',
      `${fmt(median(flow.sendMs))} ms`,
      `${fmt(p95(flow.sendMs))} ms`,
      `${fmt(median(flow.smtpFloorMs))} ms: a one-line email to the same SMTP server`,
      ratio(median(flow.sendMs), median(flow.smtpFloorMs), 1),
    ]),
    tableRow([
      'render the shipped template (all parts, Liquid + juice), CPU',
      `${fmt(render.full)} ms`,
      '',
      `${fmt(render.floor, 3)} ms: one Liquid output tag, parse + render`,
      ratio(render.full, render.floor),
    ]),
    tableRow([
      "of which the HTML body's Liquid alone, CPU",
      `${fmt(render.liquidOnly)} ms`,
      '',
      `${fmt(render.floor, 3)} ms`,
      ratio(render.liquidOnly, render.floor),
    ]),
  ].join('\n');
}

async function main() {
  const load = os.loadavg()[0]!;
  const flow = await measureFlow();
  const render = await measureRender();
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const points = median(flow.decideCost) + median(flow.sendCost);
  const section = `## Email offers (sending)

Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${os.cpus().length} cores), Node ${process.version}, with
\`npx tsx bench/email/run.ts\`: ${ORDERS} orders on the emulator's demo store (SQLite, the mug email funnel), each
decided and sent by calling the two jobs' functions directly, the email received by an SMTP server on loopback.
Admin API cost is what the emulator's bucket lost during the call, with the clock frozen (no refill).
Load average ${fmt(load, 1)} before, ${fmt(os.loadavg()[0]!, 1)} after, on cores shared with other work.

${table(flow, render)}

The decision and the send together cost ${points} points per email: at the Standard plan's 100 points per second
restore rate, the email flow alone could handle about ${fmt(100 / Math.max(1, points), 1)} orders per second per shop before it
waits for the bucket (a throttled send waits and goes out later). The rendered HTML is ${Math.round(render.bytes / 1024)} KB.
Rendering is CPU-bound at about ${Math.floor(1000 / render.full)} emails per second per core (inlining the CSS with juice is
the part beyond the Liquid render). The send job's wall time is mostly its Admin API round trips (the order, then the
stock of each offered product) and the SMTP exchange, on a machine whose load was as above.
`;
  writeSection(path.resolve(import.meta.dirname, '../../docs/benchmarks.md'), section);
  process.stdout.write(section);
}

await main();
process.exit(0);
