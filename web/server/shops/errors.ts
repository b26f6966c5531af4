export class ShopNotInstalledError extends Error {
  override name = 'ShopNotInstalledError';
  constructor(readonly shop: string) {
    super(`${shop} has no offline session: the app is not installed there (or was uninstalled).`);
  }
}
