import { Link } from 'react-router';

import { usePageTitle } from '../components/page-title.js';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/stores">Go to your stores</Link>.
      </p>
    </>
  );
}
