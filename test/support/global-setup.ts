// Runs once before the server tests: makes sure the real Admin schema is in the local cache, so the first
// emulator test does not pay for the download.
export default async function setup(): Promise<void> {
  const { ensureSchemas } = await import('../emulator/schema/fetch.js');
  await ensureSchemas();
}
