// Runs once before the server tests: makes sure the real Admin schema is in the local cache, so the first
// emulator test does not pay for the download, and that the admin's build (admin/dist) is current for the browser
// tests and the bundle-size test (built here when missing or older than its sources).
export default async function setup(): Promise<void> {
  const { ensureSchemas } = await import('../emulator/schema/fetch.js');
  await ensureSchemas();
  const { ensureAdminBuilt } = await import('../../scripts/admin-build.js');
  ensureAdminBuilt();
}
