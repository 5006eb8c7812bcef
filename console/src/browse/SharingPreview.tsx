import { Alert, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { api } from '../api/client.ts';
import { useLoad } from '../hooks.ts';

const SHOWN = ['schools', 'classes', 'courses', 'people', 'enrollments'];

/** How many records an integration sharing just the ticked targets would see. */
export function SharingPreview({ sourceId, targets }: { sourceId: string; targets: Map<string, string> }) {
  const ids = [...targets.keys()];
  const loaded = useLoad(
    () =>
      api.POST('/api/v1/sources/{source_id}/sharing-preview', {
        params: { path: { source_id: sourceId } },
        body: { scope: 'selected', targets: ids },
      }),
    [sourceId, ids.join(',')],
  );
  return (
    <Card withBorder component="section" aria-labelledby="preview-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="preview-title">
          Sharing preview
        </Title>
        <Text size="sm">Shared: {[...targets.values()].join(', ')}</Text>
        {loaded.error && (
          <Alert color="red" role="alert">
            {loaded.error}
          </Alert>
        )}
        <div aria-live="polite" aria-busy={loaded.loading}>
          {loaded.loading && <Loader size="sm" aria-label="Counting" />}
          {!loaded.loading && loaded.data && (
            <Group component="dl" gap="lg" data-testid="sharing-counts">
              {SHOWN.map((kind) => (
                <div key={kind}>
                  <Text component="dt" size="xs" c="dimmed">
                    {kind}
                  </Text>
                  <Text component="dd" fw={700} m={0} data-kind={kind}>
                    {loaded.data?.counts[kind] ?? 0}
                  </Text>
                </div>
              ))}
            </Group>
          )}
        </div>
      </Stack>
    </Card>
  );
}
