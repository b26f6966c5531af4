import { Page } from '@shopify/polaris';
import { Empty } from '../components/states';
import { navigate } from '../router';

export default function NotFound() {
  return (
    <Page title="Page not found">
      <Empty heading="There is no page here" action={{ content: 'Go to Home', onAction: () => navigate('/') }}>
        Check the address, or pick a page from the menu.
      </Empty>
    </Page>
  );
}
