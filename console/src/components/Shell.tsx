import { AppShell, Button, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { navigate } from '../router.tsx';
import { TeamSwitcher } from './TeamSwitcher.tsx';

/** The frame of every signed-in page: who is signed in, which team, and the way out. */
export function Shell({ me, onSignedOut, children }: { me: Me; onSignedOut: () => void; children: ReactNode }) {
  const signOut = async () => {
    await api.DELETE('/api/v1/sessions/current');
    navigate('/', { replace: true });
    onSignedOut();
  };
  return (
    <AppShell header={{ height: { base: 112, sm: 64 } }} padding="md">
      <AppShell.Header px="md" py="xs">
        <Group justify="space-between" wrap="wrap" gap="xs" h="100%">
          <Title order={2} size="h3">
            Gatehouse
          </Title>
          <Group gap="sm" wrap="wrap">
            <TeamSwitcher teams={me.teams} />
            <Text size="sm" visibleFrom="sm">
              {me.email}
            </Text>
            <Button variant="default" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
