import { Center, Loader } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { api } from './api/client.ts';
import type { Me } from './api/types.ts';
import { Shell } from './components/Shell.tsx';
import { Pages } from './pages/Pages.tsx';
import { SignIn } from './pages/SignIn.tsx';

/** Who is signed in decides everything else: nobody gets the sign-in form. */
export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/me');
    setMe(data?.$data.type === 'user' ? data.$data : null);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (me === undefined)
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  if (me === null) return <SignIn onSignedIn={load} />;
  return (
    <Shell me={me} onSignedOut={() => setMe(null)}>
      <Pages me={me} />
    </Shell>
  );
}
