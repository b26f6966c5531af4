// The shell: Polaris' AppProvider and Frame, navigation (App Bridge's menu in Shopify's admin, Polaris' own when
// standalone), and the pages: Home in the first bundle, the others loaded on demand.
import { NavMenu } from '@shopify/app-bridge-react';
import { AppProvider, Frame, Navigation, SkeletonBodyText, SkeletonPage } from '@shopify/polaris';
import type { LinkLikeComponentProps } from '@shopify/polaris/build/ts/src/utilities/link';
import en from '@shopify/polaris/locales/en.json';
import { lazy, Suspense, useMemo } from 'react';
// Home is the page the app opens on: in the first bundle, so its first paint needs no second round trip. Its charts
// (polaris-viz) and every other page load on demand.
import Home from './pages/Home';
import { isEmbedded, navigate, usePath } from './router';

const Funnels = lazy(() => import('./pages/Funnels'));
const FunnelEditor = lazy(() => import('./pages/FunnelEditor'));
const Offers = lazy(() => import('./pages/Offers'));
const Orders = lazy(() => import('./pages/Orders'));
const Settings = lazy(() => import('./pages/Settings'));
const Jobs = lazy(() => import('./pages/Jobs'));
const Email = lazy(() => import('./pages/Email'));
const Subscriptions = lazy(() => import('./pages/Subscriptions'));
const Preview = lazy(() => import('./pages/Preview'));
const NotFound = lazy(() => import('./pages/NotFound'));

/** The menu (each page's path must also be in web/server/admin/page.ts ADMIN_PAGES, which serves it). */
export const MENU = [
  { label: 'Home', url: '/' },
  { label: 'Funnels', url: '/funnels' },
  { label: 'Offers library', url: '/offers' },
  { label: 'Orders', url: '/orders' },
  { label: 'Email', url: '/email' },
  { label: 'Subscriptions', url: '/subscriptions' },
  { label: 'Settings', url: '/settings' },
  { label: 'Jobs', url: '/jobs' },
  { label: 'Preview', url: '/preview' },
] as const;

function Link({ url, children, external, ...rest }: LinkLikeComponentProps) {
  const internal = !external && url.startsWith('/');
  return (
    <a
      href={url}
      {...rest}
      {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
      onClick={(event) => {
        if (!internal || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(url);
      }}
    >
      {children}
    </a>
  );
}

function page(path: string) {
  if (path === '/' || path === '') return <Home />;
  if (path === '/funnels') return <Funnels />;
  const funnel = /^\/funnels\/([^/]+)$/.exec(path);
  if (funnel?.[1]) return <FunnelEditor funnelId={funnel[1] === 'new' ? null : decodeURIComponent(funnel[1])} />;
  if (path === '/offers') return <Offers />;
  if (path === '/orders' || path.startsWith('/orders/')) return <Orders />;
  if (path === '/settings') return <Settings />;
  if (path === '/jobs') return <Jobs />;
  if (path === '/email') return <Email />;
  if (path === '/subscriptions') return <Subscriptions />;
  if (path === '/preview') return <Preview />;
  return <NotFound />;
}

function Loading() {
  return (
    <SkeletonPage primaryAction>
      <SkeletonBodyText lines={6} />
    </SkeletonPage>
  );
}

/** `initialPath` is for the build's prerender (no window there); the browser reads its own location. */
export function App({ initialPath }: { initialPath?: string } = {}) {
  const path = usePath(initialPath);
  const embedded = useMemo(isEmbedded, []);
  const navigation = embedded ? undefined : (
    <Navigation location={path}>
      <Navigation.Section
        title="Encore"
        items={MENU.map((item) => ({
          label: item.label,
          url: item.url,
          exactMatch: item.url === '/',
          selected: item.url === '/' ? path === '/' : path.startsWith(item.url),
        }))}
      />
    </Navigation>
  );
  return (
    <AppProvider i18n={en} linkComponent={Link}>
      {embedded ? (
        <NavMenu>
          {MENU.map((item) => (
            <a key={item.url} href={item.url} {...(item.url === '/' ? { rel: 'home' } : {})}>
              {item.label}
            </a>
          ))}
        </NavMenu>
      ) : null}
      <Frame navigation={navigation}>
        <Suspense fallback={<Loading />}>{page(path)}</Suspense>
      </Frame>
    </AppProvider>
  );
}
