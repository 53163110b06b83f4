import { whoAmI, sharedApiDeps } from '@smshub/api';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { currentPrincipal } from '../../src/auth/principal';
import { allows, CONSOLE_ROUTES } from '../../src/console/routes';
import { ConsoleShell } from '../../src/console/shell/console-shell';

/**
 * Every console page's frame: signed in or off to the sign-in page; the menu is the route table
 * filtered by what the principal may open (each page checks again, see requireRoute).
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  if (principal === null) redirect('/sign-in');
  const me = await whoAmI(sharedApiDeps(), principal);
  const menu = CONSOLE_ROUTES.filter((route) => route.menu && allows(route, principal.permissions)).map(
    ({ path, key, icon }) => ({ path, key, icon }),
  );
  return (
    <ConsoleShell me={me} menu={menu}>
      {children}
    </ConsoleShell>
  );
}
